/**
 * One step's occurrences with final dates, status and moments. The order of adjustments is the
 * rule: nominal window → pause shift → next working day → planned date → done → birth → closing → status.
 */
import type { Programme, Step } from '../compile/model.js';
import type { Occurrence, OccurrenceStatus } from './types.js';
import { anchoredOnEvent, evaluateCondition } from './anchors.js';
import type { WorkingCalendar } from './calendar.js';
import { addDuration, toIso } from './dates.js';
import type { FactIndex, Pause } from './facts-index.js';
import { dueSoonFrom, escalationMoments, reminderMoments, type MomentClock } from './moments.js';
import { windowsOf, type Window, type WindowContext } from './windows.js';

export interface StepContext extends WindowContext {
  programme: Programme;
  calendar: WorkingCalendar;
  today: number;
  clock: MomentClock;
  /** See PlanOptions.preconditionsFromSeriesStart. */
  preconditionsFromSeriesStart: boolean;
}

/** An occurrence plus the numbers the planner still needs (sorting, "after each"). */
export interface PlannedOccurrence {
  occurrence: Occurrence;
  order: number;
  targetDay: number;
  /** Done date, else target: what an "after each" step follows. */
  followDay: number;
  applicable: boolean;
}

/** The id of a precondition's own occurrences; '__' keeps it a valid step id for 'done' facts. */
export function preconditionStepId(stepId: string, preconditionId: string): string {
  return `${stepId}__${preconditionId}`;
}

export function planStep(step: Step, order: number, ctx: StepContext): PlannedOccurrence[] {
  const applicable = !step.condition || evaluateCondition(step.condition, ctx.facts);
  let windows = withFactWindows(step, windowsOf(step, ctx), ctx.facts);
  // A step whose condition is false shows once, as not applicable, not as a whole dead series.
  if (!applicable) windows = windows.slice(0, 1);
  const survivesClosing =
    ctx.programme.closingEvent !== undefined &&
    anchoredOnEvent([step.when?.earliest, step.when?.target, step.when?.latest], ctx.programme.closingEvent);
  const result: PlannedOccurrence[] = [];
  // The first day the step's own rule allows: a precondition is not due before it.
  const seriesStart = windows.length > 0 && ctx.preconditionsFromSeriesStart ? Math.min(...windows.map((w) => w.earliest)) : undefined;
  for (const w of windows) {
    const main = planOccurrence(step, w, order, applicable, survivesClosing, ctx);
    result.push(main);
    for (const pre of step.preconditions ?? []) {
      const id = preconditionStepId(step.id, pre.id);
      const nominal = addDuration(main.targetDay, pre.before, -1);
      // Moving back, not forward: a statement due before a meeting must stay before it.
      let day = ctx.calendar.previousWorkingDay(nominal);
      // Not before the series begins either, unless that would put it after its meeting.
      if (seriesStart !== undefined && day < seriesStart) {
        const fromStart = ctx.calendar.nextWorkingDay(seriesStart);
        if (fromStart <= main.targetDay) day = fromStart;
      }
      const done = ctx.facts.done.get(id)?.get(w.occurrence)?.day;
      const planned = ctx.facts.planned.get(id)?.get(w.occurrence);
      const target = planned?.day ?? day;
      const reason = main.occurrence.reason;
      result.push(
        finish(
          { ...step, id, title: pre.title, kind: 'task', owners: pre.owners, reminders: step.reminders, escalation: step.escalation },
          { occurrence: w.occurrence, earliest: Math.min(day, target), target, latest: target, nominal, time: planned?.time },
          { order: order + 0.5, done, planned: planned !== undefined, reason, remindTo: pre.owners },
          ctx,
        ),
      );
    }
  }
  return result;
}

/**
 * Dated steps get occurrence 1 from a done or planned fact even before their anchor is known, and
 * on-request steps (no date rule) get one occurrence per done or planned fact.
 */
function withFactWindows(step: Step, windows: Window[], facts: FactIndex): Window[] {
  if (step.recurrence || windows.length > 0) return windows;
  const numbers = new Set<number>([...(facts.done.get(step.id)?.keys() ?? []), ...(facts.planned.get(step.id)?.keys() ?? [])]);
  const allowed = step.when ? [...numbers].filter((n) => n === 1) : [...numbers].sort((a, b) => a - b);
  return allowed.map((occurrence) => {
    const day = facts.done.get(step.id)?.get(occurrence)?.day ?? facts.planned.get(step.id)?.get(occurrence)?.day ?? 0;
    return { occurrence, earliest: day, target: day, latest: day };
  });
}

function planOccurrence(
  step: Step,
  w: Window,
  order: number,
  applicable: boolean,
  survivesClosing: boolean,
  ctx: StepContext,
): PlannedOccurrence {
  const done = ctx.facts.done.get(step.id)?.get(w.occurrence)?.day;
  const planned = ctx.facts.planned.get(step.id)?.get(w.occurrence);
  let { earliest, target, latest } = w;
  if (done === undefined && !planned && step.pausable !== false) {
    const shift = pauseShift(target, ctx.facts.pauses, ctx.today);
    earliest += shift;
    target += shift;
    latest += shift;
  }
  earliest = ctx.calendar.nextWorkingDay(earliest);
  target = ctx.calendar.nextWorkingDay(target);
  latest = ctx.calendar.nextWorkingDay(latest);
  if (planned) {
    earliest = Math.min(earliest, planned.day);
    target = planned.day;
    latest = planned.day;
  }
  let reason: string | undefined = applicable ? undefined : 'condition';
  if (!reason && done === undefined && bornBy(step, latest, ctx)) reason = 'born_before';
  if (!reason && done === undefined && ctx.closing !== undefined && target > ctx.closing && !survivesClosing) reason = 'closed';
  return finish(step, { occurrence: w.occurrence, earliest, target, latest, nominal: w.target, time: planned?.time }, { order, done, planned: !!planned, reason }, ctx);
}

/** A before-birth step can no longer be done once the child is born on or before its deadline. */
function bornBy(step: Step, latest: number, ctx: StepContext): boolean {
  const birth = step.beforeBirth ? ctx.facts.birth : undefined;
  return birth !== undefined && birth <= latest;
}

/**
 * The pause rule: a not-done, unplanned occurrence of a pausable step whose target falls within a
 * pause [pause, resume) moves forward by the pause's length. Pauses apply in date order, each to the
 * date the earlier ones left. A pause still running counts as lasting through today, so nothing
 * falls overdue while a case is paused.
 */
export function pauseShift(target: number, pauses: readonly Pause[], today: number): number {
  let day = target;
  for (const p of pauses) {
    const until = p.until ?? Math.max(today + 1, p.from + 1);
    if (day >= p.from && day < until) day += until - p.from;
  }
  return day - target;
}

interface Dates {
  occurrence: number;
  earliest: number;
  target: number;
  latest: number;
  nominal: number;
  time?: string;
}

interface Marks {
  order: number;
  done?: number;
  planned: boolean;
  reason?: string;
  remindTo?: string[];
}

/** Day numbers of 1 January 1000 and 31 December 9999: the dates 'YYYY-MM-DD' can show. */
const FIRST_DAY = -354_285;
const LAST_DAY = 2_932_896;

function finish(step: Step, d: Dates, m: Marks, ctx: StepContext): PlannedOccurrence {
  // A model that did not come through compile() could still count past any calendar: say so (the
  // planner shows the step as not applicable with the error) rather than plan 'NaN-NaN-NaN'.
  for (const day of [d.earliest, d.target, d.latest, d.nominal]) {
    if (!(day >= FIRST_DAY && day <= LAST_DAY)) throw new RangeError(`the rule for '${step.id}' counts to a date outside the calendar`);
  }
  const status = statusOf(step, d, m, ctx.today);
  const live = m.reason === undefined;
  const occurrence: Occurrence = {
    stepId: step.id,
    occurrence: d.occurrence,
    phase: step.phase,
    title: step.title,
    kind: step.kind,
    owners: [...step.owners],
    earliest: toIso(d.earliest),
    target: toIso(d.target),
    latest: toIso(d.latest),
    nominal: toIso(d.nominal),
    status,
    reminders: live ? reminderMoments(step.reminders ?? [], d.target, d.time, ctx.clock, m.remindTo) : [],
    escalations: live && m.done === undefined ? escalationMoments(step.escalation ?? [], d.latest, ctx.clock) : [],
  };
  if (d.time) occurrence.time = d.time;
  if (m.done !== undefined) occurrence.doneOn = toIso(m.done);
  if (m.reason) occurrence.reason = m.reason;
  if (m.planned) occurrence.planned = true;
  return { occurrence, order: m.order, targetDay: d.target, followDay: m.done ?? d.target, applicable: live };
}

function statusOf(step: Step, d: Dates, m: Marks, today: number): OccurrenceStatus {
  if (m.reason) return 'not_applicable';
  if (m.done !== undefined) return 'done';
  if (today > d.latest) return 'overdue';
  if (today >= dueSoonFrom(step.reminders ?? [], d.target)) return 'due_soon';
  if (today >= d.earliest) return 'open';
  return 'not_yet_open';
}
