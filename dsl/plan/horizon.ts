/**
 * "Network meetings are always fixed at least 3 months ahead": a cadence with `planAhead` warns
 * when an occurrence due between today and today + planAhead is neither planned nor done.
 */
import type { Step } from '../compile/model.js';
import type { PlanHorizonWarning } from './types.js';
import { addDuration, toIso } from './dates.js';
import type { FactIndex } from './facts-index.js';
import type { PlannedOccurrence } from './step-plan.js';

export function planHorizonWarning(step: Step, planned: readonly PlannedOccurrence[], facts: FactIndex, today: number): PlanHorizonWarning | undefined {
  if (step.recurrence?.kind !== 'cadence' || !step.recurrence.planAhead) return undefined;
  const requiredUntil = addDuration(today, step.recurrence.planAhead);
  const unplanned = planned.some(
    (p) => p.applicable && p.occurrence.stepId === step.id && p.occurrence.status !== 'done' && !p.occurrence.planned && p.targetDay >= today && p.targetDay <= requiredUntil,
  );
  if (!unplanned) return undefined;
  let last: number | undefined;
  for (const mark of facts.planned.get(step.id)?.values() ?? []) last = last === undefined ? mark.day : Math.max(last, mark.day);
  const warning: PlanHorizonWarning = { stepId: step.id, requiredUntil: toIso(requiredUntil) };
  if (last !== undefined) warning.plannedUntil = toIso(last);
  return warning;
}
