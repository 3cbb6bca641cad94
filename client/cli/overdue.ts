/**
 * `vugge overdue [--unit U] [--municipality M] [--json]` — every overdue step across cases: case,
 * step title and deadline, days late, owners. One indexed query on the read model in Vugge's own
 * database; no case is asked anything, and Temporal is not needed. A unit or municipality the
 * staff directory does not know is an error, never an empty list.
 */
import { DateTime } from 'luxon';
import { Code } from '../../workflows/case-input.js';
import { VISIT_NORM_STEP } from '../../workflows/case-notify.js';
import { OPERATOR } from '../service/access.js';
import { overdueSteps, type OverdueRow } from '../service/overdue.js';
import { loadCliDirectory, requireKnown, unknownMunicipality, unknownUnit } from './directory.js';
import { count, numberDa, showDate, table } from './format.js';
import { parseOptions, UsageError, wantsHelp } from './options.js';
import { checkThenRead } from './read-model.js';
import { undeliverableForUnits } from '../service/undeliverable.js';
import { undeliverableTable } from './undeliverable.js';

const USAGE = `Brug / usage:
  vugge overdue [--unit ENHED] [--municipality KOMMUNE] [--json]
      alle forsinkede trin på tværs af sager, de mest forsinkede først / every overdue step across cases, latest first
ENHED og KOMMUNE er koder fra medarbejderkartoteket (VUGGE_STAFF_FILE), fx nord og 0751.`;

/**
 * What the step column says: the title, which occurrence when it repeats, and for a visit-norm
 * shortfall (whose occurrence is a week, yyyyww) the week and its dates.
 */
function stepText(r: OverdueRow): string {
  if (r.stepId === VISIT_NORM_STEP) {
    const end = DateTime.fromISO(r.latest, { zone: 'Europe/Copenhagen' });
    const start = end.minus({ days: 6 }).toISODate()!;
    return `${r.title}, uge ${r.occurrence % 100} (${showDate(start).slice(0, 5)}–${showDate(r.latest)})`;
  }
  return r.occurrence > 1 ? `${r.title} (nr. ${r.occurrence})` : r.title;
}

function overdueTable(rows: OverdueRow[]): string {
  const head = ['sag', 'enhed', 'trin', 'frist', 'dage for sent', 'ansvarlig'];
  return table([head, ...rows.map((r) => [r.caseId, r.unit, stepText(r), showDate(r.latest), numberDa(r.daysLate), r.owners.join(', ')])]);
}

async function checkedFilter(args: string[]): Promise<{ unit?: string; municipality?: string; json: boolean }> {
  const { values } = parseOptions(args, { unit: { type: 'string' }, municipality: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  for (const [name, value] of [['--unit', values.unit], ['--municipality', values.municipality]] as const) {
    if (value !== undefined && !Code.safeParse(value).success) {
      throw new UsageError(`${name} '${value}' skal være en kode med små bogstaver, tal, - og _ (fx nord). / ${name} must be a lower-case code.`);
    }
  }
  if (values.unit !== undefined || values.municipality !== undefined) {
    const directory = await loadCliDirectory();
    if (values.unit !== undefined) requireKnown(unknownUnit(directory, values.unit), '--unit');
    if (values.municipality !== undefined) requireKnown(unknownMunicipality(directory, values.municipality), '--municipality');
  }
  return { unit: values.unit, municipality: values.municipality, json: Boolean(values.json) };
}

export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    console.log(USAGE);
    return 0;
  }
  return checkThenRead(async () => {
    const filter = await checkedFilter(args);
    return async (db) => {
      const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
      const rows = await overdueSteps(OPERATOR, db, { unit: filter.unit, municipality: filter.municipality }, today);
      if (filter.json) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      const where = filter.unit ? ` i enhed ${filter.unit}` : filter.municipality ? ` i kommune ${filter.municipality}` : '';
      if (!rows.length) {
        console.log(`Ingen forsinkede trin${where} pr. ${showDate(today)}. / No overdue steps.`);
      } else {
        console.log(`${count(rows.length, 'forsinket trin', 'forsinkede trin')}${where} pr. ${showDate(today)}\n`);
        console.log(overdueTable(rows));
      }
      await printUndeliverable(filter.unit);
      return 0;
    };
  });
}

/**
 * Reminders and escalations that never reached anyone are the leaders' business too: they follow
 * the overdue list, read from the worker's log (the same machine's VUGGE_DATA_DIR).
 */
async function printUndeliverable(unit: string | undefined): Promise<void> {
  let records;
  try {
    records = await undeliverableForUnits(OPERATOR, { unit });
  } catch (err) {
    console.error(`\nIkke-leverede beskeder kan ikke læses: ${err instanceof Error ? err.message : String(err)} / Undelivered notifications cannot be read.`);
    return;
  }
  if (!records.length) return;
  console.log(`\n${count(records.length, 'besked', 'beskeder')} kunne ikke leveres (vugge undeliverable viser dem alle):\n`);
  console.log(undeliverableTable(records, 'da'));
}
