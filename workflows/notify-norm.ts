/**
 * Visit-norm shortfalls, judged calmly (cases from the 'visit-norm-grace' patch on): a week is
 * judged only once it has ended and the registration grace has passed (2 working days unless the
 * programme says otherwise), never a week that touches a pause (the planner leaves those out), and
 * always on the plan of the wake that sends — so hours or a pause registered before the judging
 * moment are counted.
 */
import { calendarOf } from '../dsl/plan/index.js';
import { mondayOf, toDay, toIso } from '../dsl/plan/index.js';
import { localDayOf, localToUtcIso } from '../dsl/plan/index.js';
import type { Programme } from '../dsl/compile/model.js';
import type { VisitShortfall } from '../dsl/plan/index.js';

/** Working days after a week's end in which its visits may still be registered, unless the programme sets it. */
export const DEFAULT_VISIT_NORM_GRACE_DAYS = 2;

/** The instant a week ending on `weekEnd` is judged: the reminder time of the first working day after the grace. */
export function normJudgedAt(programme: Programme, weekEnd: string): number {
  const calendar = calendarOf(programme);
  const grace = programme.visitNormGraceDays ?? DEFAULT_VISIT_NORM_GRACE_DAYS;
  let day = toDay(weekEnd) + 1;
  for (let i = 0; i < grace; i++) day = calendar.nextWorkingDay(day) + 1;
  return Date.parse(localToUtcIso(calendar.nextWorkingDay(day), programme.reminderTime ?? '08:00', programme.timeZone));
}

/** Shortfalls whose judging moment has come and whose week ended less than `maxAgeDays` ago (local dates). */
export function judgedShortfalls(programme: Programme, shortfalls: readonly VisitShortfall[], nowMs: number, maxAgeDays: number): VisitShortfall[] {
  const oldest = localDayOf(nowMs, programme.timeZone) - maxAgeDays;
  return shortfalls.filter((s) => toDay(s.weekEnd) >= oldest && normJudgedAt(programme, s.weekEnd) <= nowMs);
}

/** The next judging moment after `nowMs`: that of the week just ended, or of the current week. */
export function nextNormJudging(programme: Programme, nowMs: number): number | undefined {
  const thisMonday = mondayOf(localDayOf(nowMs, programme.timeZone));
  const candidates = [thisMonday - 1, thisMonday + 6].map((end) => normJudgedAt(programme, toIso(end))).filter((t) => t > nowMs);
  return candidates.length ? Math.min(...candidates) : undefined;
}

