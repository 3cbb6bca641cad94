import { rulesError, type RulesError } from '../errors.js';
import { suggestion } from '../did-you-mean.js';
import { optionalClosingDays } from '../compile/holidays.js';
import type { ValidationRule } from './context.js';

/** The programme header is complete: id, title, version, a real time zone, known closing days, a valid reminder time. */
export const header: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  if (!ast.id) {
    errors.push(
      rulesError('header.missing-programme', { line: 1, column: 1 },
        `Filen skal begynde med 'programme <id> "<titel>"', fx programme spaedbarnsindsatsen "Spædbarnsindsatsen".`,
        `The file must begin with 'programme <id> "<title>"', e.g. programme spaedbarnsindsatsen "Spædbarnsindsatsen".`,
        // The programme line is missing: there is no node, only the place it belongs.
        []),
    );
  } else if (!ast.version) {
    errors.push(
      rulesError('header.missing-version', ast.loc,
        'Programmet mangler en versionsbetegnelse: tilføj fx version "2025.1" under programlinjen.',
        'The programme has no version label: add e.g. version "2025.1" below the programme line.',
        ['programme']),
    );
  }
  if (ast.timeZone && !isTimeZone(ast.timeZone.value)) {
    errors.push(
      rulesError('header.time-zone', ast.timeZone.loc,
        `Ukendt tidszone '${ast.timeZone.value}': brug fx "Europe/Copenhagen".`,
        `Unknown time zone '${ast.timeZone.value}': use e.g. "Europe/Copenhagen".`,
        ['timeZone']),
    );
  }
  for (const day of ast.closedDays ?? []) {
    if ((optionalClosingDays as readonly string[]).includes(day.value)) continue;
    const hint = suggestion(day.value, optionalClosingDays);
    errors.push(
      rulesError('header.closing-day', day.loc,
        `Ukendt lukkedag '${day.value}'${hint.da}. Mulige lukkedage: ${optionalClosingDays.join(', ')} (helligdagene er altid lukket).`,
        `Unknown closing day '${day.value}'${hint.en}. Possible closing days: ${optionalClosingDays.join(', ')} (public holidays are always closed).`,
        ['closedDays', day.value], hint.best),
    );
  }
  const t = ast.reminderTime;
  if (t) {
    const [h, m] = t.value.split(':').map(Number);
    if (h === undefined || m === undefined || h > 23 || m > 59) {
      errors.push(
        rulesError('header.reminder-time', t.loc,
          `Klokkeslættet '${t.value}' findes ikke: brug TT:MM mellem 00:00 og 23:59.`,
          `The time '${t.value}' does not exist: use HH:MM between 00:00 and 23:59.`,
          ['reminderTime']),
      );
    }
  }
  return errors;
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
