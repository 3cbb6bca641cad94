import type { AnchorNode, DurationNode, DurationUnit, EscalationNode, Loc, Num, PointNode, ReminderNode } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import { MAX_HOURS_PER_WEEK, MAX_MEETING_MINUTES, MAX_MONTHS, MAX_PHASE, MAX_YEARS, maxPerUnit, PREGNANCY_WEEKS } from '../language/limits.js';
import { isPositive } from '../plan/dates.js';
import { datePoints, type ValidationRule } from './context.js';

const unitWords: Record<DurationUnit, { da: string; en: string }> = {
  months: { da: 'måneder', en: 'months' },
  weeks: { da: 'uger', en: 'weeks' },
  days: { da: 'dage', en: 'days' },
  hours: { da: 'timer', en: 'hours' },
};

const shown = (n: number) => (Number.isFinite(n) && n < 1e12 ? String(n) : '∞');

/**
 * Every number lies in its range, reported at the number itself: durations at most 20 years,
 * pregnancy weeks 1–45, child ages and months at most 240, a repetition moves forward.
 */
export const numberRanges: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  // The node being checked; every number in it reports this path.
  let where: string[] = [];
  const outOfRange = (loc: Loc, da: string, en: string) => errors.push(rulesError('number.range', loc, da, en, where));

  const duration = (d: DurationNode | undefined) => {
    if (!d) return;
    let partOutOfRange = false;
    for (const part of d.parts ?? []) {
      const max = maxPerUnit[part.unit];
      if (part.value <= max) continue;
      partOutOfRange = true;
      const u = unitWords[part.unit];
      outOfRange(part.loc,
        `${shown(part.value)} ${u.da} er for lang tid: skriv højst ${max} ${u.da} (${MAX_YEARS} år).`,
        `${shown(part.value)} ${u.en} is too long: write at most ${max} ${u.en} (${MAX_YEARS} years).`);
    }
    if (partOutOfRange) return;
    // "12 months 12 months …": each number fits, their sum must too.
    const unit = (Object.keys(maxPerUnit) as DurationUnit[]).find((k) => d[k] > maxPerUnit[k]);
    if (unit) {
      outOfRange(d.loc,
        `Varigheden er for lang: højst ${MAX_YEARS} år (${maxPerUnit[unit]} ${unitWords[unit].da}) i alt.`,
        `The duration is too long: at most ${MAX_YEARS} years (${maxPerUnit[unit]} ${unitWords[unit].en}) in all.`);
    }
  };

  const months = (value: number, loc: Loc, min: number, what: { da: string; en: string }) => {
    if (value >= min && value <= MAX_MONTHS) return;
    outOfRange(loc,
      `${what.da} ${shown(value)} findes ikke i reglerne: brug et tal fra ${min} til ${MAX_MONTHS} (${MAX_YEARS} år).`,
      `${what.en} ${shown(value)} is out of range: use a number from ${min} to ${MAX_MONTHS} (${MAX_YEARS} years).`);
  };

  const anchor = (a: AnchorNode) => {
    const at = 'numberLoc' in a && a.numberLoc ? a.numberLoc : a.loc;
    switch (a.kind) {
      case 'pregnancyWeek':
        if (a.week < PREGNANCY_WEEKS.min || a.week > PREGNANCY_WEEKS.max) {
          outOfRange(at,
            `Graviditetsuge ${shown(a.week)} findes ikke: brug en uge fra ${PREGNANCY_WEEKS.min} til ${PREGNANCY_WEEKS.max} (termin er uge 40).`,
            `Pregnancy week ${shown(a.week)} does not exist: use a week from ${PREGNANCY_WEEKS.min} to ${PREGNANCY_WEEKS.max} (term is week 40).`);
        }
        break;
      case 'childAge':
        months(a.months, at, 0, { da: 'Barnets alder', en: 'Child age' });
        break;
      case 'childMonthOfLife':
        months(a.month, at, 1, { da: 'Levemåned', en: 'Month of life' });
        break;
      case 'interventionMonth':
        months(a.months, at, 0, { da: 'Måned i indsatsen', en: 'Month into the intervention' });
        break;
      default:
        break;
    }
  };

  const point = (p: PointNode) => {
    anchor(p.anchor);
    duration(p.offset);
  };
  const reminders = (rs: ReminderNode[]) => rs.forEach((r) => duration(r.before));
  const escalation = (e: EscalationNode | undefined) => e?.levels.forEach((l) => duration(l.after));
  const atMost = (n: Num | undefined, max: number, da: string, en: string) => {
    if (n && n.value > max) outOfRange(n.loc, da, en);
  };

  for (const p of ast.phases) {
    where = ['phases', String(p.number?.value ?? '')];
    if (p.number && (p.number.value < 1 || p.number.value > MAX_PHASE)) {
      outOfRange(p.number.loc,
        `Fase ${shown(p.number.value)} kan ikke bruges: nummerér faserne fra 1 til ${MAX_PHASE}.`,
        `Phase ${shown(p.number.value)} cannot be used: number the phases from 1 to ${MAX_PHASE}.`);
    }
  }
  where = ['defaults', 'reminders'];
  reminders(ast.defaultReminders);
  where = ['defaults', 'escalation'];
  escalation(ast.defaultEscalation);
  for (const [i, band] of ast.norms.entries()) {
    where = ['norms', String(i + 1)];
    for (const m of [band.fromMonths, band.toMonths]) if (m) months(m.value, m.loc, 0, { da: 'Barnets alder', en: 'Child age' });
    for (const h of [band.minHours, band.normHours]) {
      atMost(h, MAX_HOURS_PER_WEEK,
        `${h ? shown(h.value) : ''} timer om ugen er flere, end ugen har: skriv højst ${MAX_HOURS_PER_WEEK}.`,
        `${h ? shown(h.value) : ''} hours per week is more than a week has: write at most ${MAX_HOURS_PER_WEEK}.`);
    }
  }

  for (const step of ast.steps) {
    const at = (field: string) => (where = ['steps', step.id?.value ?? '', field]);
    at('when');
    datePoints(step).forEach(point);
    const r = step.recurrence;
    at('recurrence');
    if (r?.kind === 'afterEach') duration(r.offset);
    if (r?.kind === 'cadence') {
      duration(r.planAhead);
      for (const seg of r.segments) {
        duration(seg.every);
        if (seg.every && !isPositive(seg.every)) {
          errors.push(rulesError('recurrence.zero-step', seg.every.parts?.[0]?.loc ?? seg.every.loc,
            `Gentagelsen skal gå mindst én dag frem ad gangen: skriv fx 'hver 4. uge'.`,
            `The repetition must move forward at least one day at a time: write e.g. 'every 4 weeks'.`, where));
        }
      }
    }
    at('reminders');
    reminders(step.reminders);
    at('escalation');
    escalation(step.escalation);
    at('preconditions');
    step.preconditions.forEach((p) => duration(p.before));
    at('durationMinutes');
    atMost(step.durationMinutes, MAX_MEETING_MINUTES,
      `Et møde kan højst vare ${MAX_MEETING_MINUTES} minutter (et døgn).`,
      `A meeting can last at most ${MAX_MEETING_MINUTES} minutes (a day).`);
  }
  return errors;
};
