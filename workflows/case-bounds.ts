/**
 * What a case's own state allows, beyond the shape of an input: how far its dates may reach after
 * the notification, a plausible due date, which occurrences of a step exist or could exist, and a
 * day's visit hours. Pure functions of the compiled programme and the case's facts, shared by the
 * update validators and (through `case-input.ts`) the schema a case is opened with.
 */
import type { Message } from '../dsl/contract.js';
import type { Programme, Point, Step } from '../dsl/compile/model.js';
import type { Plan } from '../dsl/plan/index.js';
import { preconditionStepId } from '../dsl/plan/index.js';
import { addMonths, toDay, toIso } from '../dsl/plan/index.js';

/** A pregnancy known at notification ends within ten months: the child's ages count from then. */
const PREGNANCY_MONTHS = 10;
/** The programmes run until the child is one or two: a programme that names no later age reaches 24 months. */
const SHORTEST_CHILD_REACH_MONTHS = 24;
/** Pauses (hospital stays, a move) and the closing steps after the last child age the rules name. */
const SLACK_MONTHS = 12;
/** A due date up to this long before the notification: an infant family notified before the first birthday. */
export const DUE_DATE_MONTHS_BEFORE_NOTIFICATION = 12;
/** A due date at most this long after the notification: a pregnancy lasts about 9 months (40 weeks). */
export const DUE_DATE_MONTHS_AFTER_NOTIFICATION = 10;
/** How far ahead a meeting may be planned. */
export const PLAN_AHEAD_LIMIT_MONTHS = 24;
/** A day has 24 hours: the visits logged for one day together cannot exceed them. */
export const MAX_VISIT_HOURS_PER_DAY = 24;

function pointsOf(step: Step): Point[] {
  const points = [step.when?.earliest, step.when?.target, step.when?.latest];
  if (step.recurrence?.kind === 'cadence') {
    points.push(step.recurrence.from, ...step.recurrence.segments.flatMap((s) => s.until.points));
  }
  return points.filter((p): p is Point => p !== undefined);
}

/** Months after birth or intake a point reaches (0 for points on other anchors). */
function reachMonths(point: Point): number {
  const a = point.anchor;
  const base = a.kind === 'childAge' || a.kind === 'interventionMonth' ? a.months : a.kind === 'childMonthOfLife' ? a.month : 0;
  return base + Math.max(0, point.offset.months) + Math.ceil(Math.max(0, point.offset.weeks * 7 + point.offset.days) / 30);
}

/**
 * Months after the notification within which every date of a case must lie: the pregnancy, the
 * furthest child age (or intervention month) the rules name — at least 24 months — and a year for
 * pauses and closing. Spædbarnsindsatsen and Minding the Baby: 10 + 24 + 12 = 46 months.
 */
export function caseHorizonMonths(programme: Programme): number {
  const named = programme.steps.flatMap(pointsOf).map(reachMonths);
  const norms = programme.norms.map((n) => n.toMonths ?? n.fromMonths);
  return PREGNANCY_MONTHS + Math.max(SHORTEST_CHILD_REACH_MONTHS, ...named, ...norms) + SLACK_MONTHS;
}

/** The last date a case notified on `notified` may name. */
export function caseHorizonDate(programme: Programme, notified: string): string {
  return toIso(addMonths(toDay(notified), caseHorizonMonths(programme)));
}

/** Why a due date cannot belong to a case notified on `notified`, or undefined when it can. */
export function checkDueDate(dueDate: string, notified: string): Message | undefined {
  const earliest = toIso(addMonths(toDay(notified), -DUE_DATE_MONTHS_BEFORE_NOTIFICATION));
  const latest = toIso(addMonths(toDay(notified), DUE_DATE_MONTHS_AFTER_NOTIFICATION));
  if (dueDate > latest) {
    return {
      code: 'due_date.too_late',
      da: `Terminsdatoen ${dueDate} ligger mere end ${DUE_DATE_MONTHS_AFTER_NOTIFICATION} måneder efter underretningen (${notified}); en graviditet varer omkring 9 måneder, så skriv en termin senest ${latest}.`,
      en: `The due date ${dueDate} is more than ${DUE_DATE_MONTHS_AFTER_NOTIFICATION} months after the notification (${notified}); a pregnancy lasts about 9 months, so write a due date no later than ${latest}.`,
    };
  }
  if (dueDate < earliest) {
    return {
      code: 'due_date.too_early',
      da: `Terminsdatoen ${dueDate} ligger mere end ${DUE_DATE_MONTHS_BEFORE_NOTIFICATION} måneder før underretningen (${notified}); programmerne gælder til barnet er 1 år ved underretningen, så skriv en termin fra ${earliest}.`,
      en: `The due date ${dueDate} is more than ${DUE_DATE_MONTHS_BEFORE_NOTIFICATION} months before the notification (${notified}); the programmes take children under one at notification, so write a due date from ${earliest}.`,
    };
  }
  return undefined;
}

/** Approximate days of a duration, for counting how many steps of a cadence fit in a span. */
function approxDays(d: { months: number; weeks: number; days: number }): number {
  return d.months * 30 + d.weeks * 7 + d.days;
}

/** The step whose occurrences a step id follows: itself, or the step a precondition belongs to. */
function owningStep(programme: Programme, stepId: string): Step | undefined {
  return (
    programme.steps.find((s) => s.id === stepId) ??
    programme.steps.find((s) => (s.preconditions ?? []).some((p) => preconditionStepId(s.id, p.id) === stepId))
  );
}

/**
 * The highest occurrence number a step has or could have: 1 for a one-time step; for a series,
 * the highest in today's plan (which runs 24 months ahead) or, while the series has not begun,
 * as many as fit in the planning limit; "after each" follows the step it comes after.
 */
export function occurrenceLimit(programme: Programme, stepId: string, current: Plan, seen: ReadonlySet<string> = new Set()): number {
  const step = owningStep(programme, stepId);
  if (!step?.recurrence || seen.has(step.id)) return 1;
  const inPlan = Math.max(0, ...current.occurrences.filter((o) => o.stepId === stepId || o.stepId === step.id).map((o) => o.occurrence));
  if (step.recurrence.kind === 'afterEach') {
    return Math.max(inPlan, occurrenceLimit(programme, step.recurrence.step, current, new Set([...seen, step.id])));
  }
  const shortest = Math.min(...step.recurrence.segments.map((s) => approxDays(s.every)));
  const fit = shortest > 0 ? Math.floor((PLAN_AHEAD_LIMIT_MONTHS * 30) / shortest) + 1 : 1;
  return Math.max(inPlan, fit);
}
