/**
 * Every overdue step across cases: case, step title and deadline, days late, owners — one indexed
 * query on the read model (Vugge's own database, projected by each case), so the list costs the
 * same whether a case was asked anything or not. A leader sees the units they lead; the operator
 * any unit or municipality.
 */
import { DateTime } from 'luxon';
import type { Queryable } from '../../activities/db/index.js';
import { overdueForUnits, weeklyOverdue, type OverdueRow as ReadModelRow } from '../../activities/db/read-model.js';
import { isOperator, ledUnits, requireActing, type Acting } from './access.js';

export interface OverdueRow {
  caseId: string;
  unit: string;
  programme: string;
  /** The case's rules version, whose compiled programme has the step's words in each language. */
  rulesVersion: string;
  stepId: string;
  /** The step's title as the case's own rules version has it (Danish). */
  title: string;
  occurrence: number;
  /** The step's phase. */
  phase: number;
  latest: string;
  daysLate: number;
  /** Staff ids of the step's owners. */
  owners: string[];
  /** The escalation level waiting for a leader's *Kvittér*; 0 when none waits. */
  escalationLevel: number;
}

/** Whole days from a step's latest date to `today` (both Copenhagen dates). */
export function daysLateOn(today: string, latest: string): number {
  return Math.round(DateTime.fromISO(today, { zone: 'Europe/Copenhagen' }).diff(DateTime.fromISO(latest, { zone: 'Europe/Copenhagen' }), 'days').days);
}

function overdueRow(r: ReadModelRow): OverdueRow {
  return {
    caseId: r.caseId,
    unit: r.unit,
    programme: r.programmeId,
    rulesVersion: r.rulesVersion,
    stepId: r.stepId,
    title: r.title,
    occurrence: r.occurrence,
    phase: r.stepPhase,
    latest: r.latest,
    daysLate: r.daysLate,
    owners: r.ownerStaff,
    escalationLevel: r.escalationLevel,
  };
}

const mostLateFirst = (a: OverdueRow, b: OverdueRow) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId) || a.stepId.localeCompare(b.stepId) || a.occurrence - b.occurrence;

/**
 * The overdue steps `acting` may see on `today` (a Copenhagen date): for a person, those of the
 * units they lead (within the filter's unit, when given); for the operator, all that match the
 * filter. Most days late first.
 */
export async function overdueSteps(acting: Acting, db: Queryable, filter: { unit?: string; municipality?: string }, today: string): Promise<OverdueRow[]> {
  requireActing(acting, 'see_overdue');
  let units = filter.unit ? [filter.unit] : undefined;
  if (!isOperator(acting)) {
    units = ledUnits(acting.directory, acting.staffId).all.filter((u) => !filter.unit || u === filter.unit);
    if (!units.length) return [];
  }
  const rows = await overdueForUnits(db, { today, units, municipality: filter.municipality });
  return rows.map(overdueRow).sort(mostLateFirst);
}

/** Overdue steps per unit for each of the last `weeks` weeks, oldest first (null: no count that week). */
export interface OverdueWeek {
  /** Monday of the ISO week. */
  weekStart: string;
  byUnit: Record<string, number | null>;
}

/**
 * How many steps were overdue at the end of each of the last `weeks` weeks (this one included), in
 * the units `acting` may see: the week's last daily snapshot. The units a person leads; the
 * operator names the units.
 */
export async function overdueByWeek(acting: Acting, db: Queryable, query: { units?: readonly string[]; today: string; weeks?: number }): Promise<OverdueWeek[]> {
  requireActing(acting, 'see_overdue');
  const led = isOperator(acting) ? undefined : ledUnits(acting.directory, acting.staffId).all;
  const units = (query.units ?? led ?? []).filter((u) => !led || led.includes(u));
  if (!units.length) return [];
  const weeks = new Map<string, OverdueWeek>();
  for (const w of await weeklyOverdue(db, { units, today: query.today, weeks: query.weeks })) {
    const week = weeks.get(w.weekStart) ?? { weekStart: w.weekStart, byUnit: {} };
    week.byUnit[w.unit] = w.count;
    weeks.set(w.weekStart, week);
  }
  return [...weeks.values()];
}
