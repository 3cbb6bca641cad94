/**
 * The planner: (compiled programme, case facts, now) → every occurrence of every step with its
 * dates, status, reminders and escalations. Pure: no I/O, no clock, no Node built-ins — it runs
 * inside Temporal's workflow sandbox as well as in the CLI. It never throws on zod-valid input; a
 * step whose rule cannot be applied shows as `not_applicable` with a reason.
 *
 * Dates are local calendar dates in the programme's zone; see docs/facts.md for the exact rules.
 */
import type { CaseFacts } from '../facts.js';
import type { Programme, Step } from '../compile/model.js';
import type { Plan, PlanHorizonWarning } from './types.js';
import { vocabularyOf } from '../compile/vocabulary.js';
import { calendarOf } from './calendar.js';
import { addMonths, toIso } from './dates.js';
import { indexFacts, type FactIndex } from './facts-index.js';
import { planHorizonWarning } from './horizon.js';
import { visitShortfalls } from './norms.js';
import { planStep, type PlannedOccurrence, type StepContext } from './step-plan.js';
import { localDayOf } from './zone.js';

// The planner's public surface: what workflows, activities and the clients may use. Everything else
// under dsl/plan/ is internal (a lint rule keeps it so).
export { preconditionStepId } from './step-plan.js';
export { evaluateCondition } from './anchors.js';
export { escalationRolesOf, leaderRolesOf, vocabularyOf } from '../compile/vocabulary.js';
export { calendarOf } from './calendar.js';
export { addDuration, addMonths, mondayOf, toDay, toIso } from './dates.js';
export { diffPlans, isEmptyDiff, type PlanDiff } from './diff.js';
export { indexFacts } from './facts-index.js';
export { reasonLabels, statusLabels, type Lang } from './labels.js';
export type { EscalationMoment, Occurrence, OccurrenceStatus, Plan, VisitShortfall } from './types.js';
export { localDayOf, localToUtcIso } from './zone.js';

export interface PlanOptions {
  /** How far after `now` an open-ended recurrence (no known end yet) is planned. Default 24. */
  horizonMonths?: number;
  /**
   * A precondition (the status statement) is never due before its step's series begins: the first
   * network meeting counts from birth, so its statement "1 week before" would otherwise fall before
   * the birth and be overdue the moment the birth is registered. Default true; running cases that
   * started before this rule pass false (the case workflow ties it to `patched()`).
   */
  preconditionsFromSeriesStart?: boolean;
}

export const DEFAULT_HORIZON_MONTHS = 24;

export function plan(programme: Programme, facts: CaseFacts, now: string, opts: PlanOptions = {}): Plan {
  const nowMs = Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`plan(): 'now' must be an ISO instant, got '${now}'.`);
  const zone = programme.timeZone;
  const today = localDayOf(nowMs, zone);
  const index = indexFacts(facts, vocabularyOf(programme).lifecycle);
  const closingEvent = programme.closingEvent;
  const closing = closingEvent ? index.events.get(closingEvent) : undefined;
  const horizonMonths = opts.horizonMonths ?? DEFAULT_HORIZON_MONTHS;

  const perStep = new Map<string, PlannedOccurrence[]>();
  const visiting = new Set<string>();
  const stepsById = new Map(programme.steps.map((s, i) => [s.id, { step: s, order: i }] as const));

  const ctx: StepContext = {
    programme,
    facts: index,
    calendar: calendarOf(programme),
    today,
    horizon: addMonths(today, Math.max(0, Math.floor(horizonMonths))),
    closing,
    clock: { zone, reminderTime: programme.reminderTime ?? '08:00' },
    preconditionsFromSeriesStart: opts.preconditionsFromSeriesStart ?? true,
    leaderDates: (stepId) =>
      occurrencesOf(stepId)
        .filter((p) => p.applicable && p.occurrence.stepId === stepId)
        .map((p) => ({ occurrence: p.occurrence.occurrence, day: p.followDay })),
  };

  // "After each" steps need their leader's final dates first; a cycle yields no occurrences.
  function occurrencesOf(stepId: string): PlannedOccurrence[] {
    const cached = perStep.get(stepId);
    if (cached) return cached;
    const entry = stepsById.get(stepId);
    if (!entry || visiting.has(stepId)) return [];
    visiting.add(stepId);
    const result = safePlanStep(entry.step, entry.order, ctx);
    visiting.delete(stepId);
    perStep.set(stepId, result);
    return result;
  }

  const all: PlannedOccurrence[] = [];
  const planHorizon: PlanHorizonWarning[] = [];
  for (const step of programme.steps) {
    const planned = occurrencesOf(step.id);
    all.push(...planned);
    const warning = closing !== undefined ? undefined : planHorizonWarning(step, planned, index, today);
    if (warning) planHorizon.push(warning);
  }
  all.sort((a, b) => a.targetDay - b.targetDay || a.order - b.order || a.occurrence.occurrence - b.occurrence.occurrence);

  return {
    phase: phaseAt(programme, index, today),
    occurrences: all.map((p) => p.occurrence),
    visitShortfalls: visitShortfalls(programme.norms ?? [], index, index.birth, today, closing),
    planHorizon,
    paused: index.pauses.some((p) => p.from <= today && (p.until === undefined || p.until > today)),
    closed: closing !== undefined && closing <= today,
  };
}

/** The last line of defence for "never throw": a rule the planner cannot apply becomes visible. */
function safePlanStep(step: Step, order: number, ctx: StepContext): PlannedOccurrence[] {
  try {
    return planStep(step, order, ctx);
  } catch (err) {
    const day = toIso(ctx.today);
    return [
      {
        occurrence: {
          stepId: step.id,
          occurrence: 1,
          phase: step.phase,
          title: step.title,
          kind: step.kind,
          owners: [...step.owners],
          earliest: day,
          target: day,
          latest: day,
          nominal: day,
          status: 'not_applicable',
          reminders: [],
          escalations: [],
          reason: `error: ${err instanceof Error ? err.message : String(err)}`,
        },
        order,
        targetDay: ctx.today,
        followDay: ctx.today,
        applicable: false,
      },
    ];
  }
}

/** The highest phase whose starting event or step has happened by today; phases without one count from the start. */
function phaseAt(programme: Programme, facts: FactIndex, today: number): number {
  let phase = 0;
  for (const p of programme.phases) {
    const start = !p.startsOn
      ? -Infinity
      : 'event' in p.startsOn
        ? facts.events.get(p.startsOn.event)
        : facts.done.get(p.startsOn.step)?.get(1)?.day;
    if (start !== undefined && start <= today) phase = Math.max(phase, p.number);
  }
  return phase || (programme.phases[0]?.number ?? 1);
}
