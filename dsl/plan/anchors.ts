/**
 * Resolving a rule's points in time against the case facts. A point whose anchor has not happened
 * yet (no birth, step not done, no due date) resolves to undefined: the planner then has no date
 * for it and leaves the occurrence out until the fact arrives.
 */
import type { Anchor, Condition, Point } from '../compile/model.js';
import { addDuration, addMonths } from './dates.js';
import type { FactIndex } from './facts-index.js';

/** Premature: born before 37+0, i.e. more than three weeks before the due date. */
const PREMATURE_DAYS = 21;

export function resolveAnchor(anchor: Anchor, facts: FactIndex): number | undefined {
  switch (anchor.kind) {
    case 'event':
      return facts.events.get(anchor.event);
    case 'step':
      return facts.done.get(anchor.step)?.get(anchor.occurrence ?? 1)?.day;
    case 'pregnancyWeek': {
      if (facts.dueDate === undefined) return undefined;
      const start = facts.dueDate - (40 - anchor.week) * 7;
      return anchor.edge === 'end' ? start + 6 : start;
    }
    case 'childAge': {
      const birth = facts.birth;
      return birth === undefined ? undefined : addMonths(birth, anchor.months);
    }
    case 'childMonthOfLife': {
      const birth = facts.birth;
      if (birth === undefined) return undefined;
      return anchor.edge === 'end' ? addMonths(birth, anchor.month) - 1 : addMonths(birth, anchor.month - 1);
    }
    case 'interventionMonth': {
      const intake = facts.intake;
      return intake === undefined ? undefined : addMonths(intake, anchor.months);
    }
    default:
      return undefined;
  }
}

export function resolvePoint(point: Point, facts: FactIndex): number | undefined {
  const base = resolveAnchor(point.anchor, facts);
  return base === undefined ? undefined : addDuration(base, point.offset);
}

export function isPremature(facts: FactIndex): boolean {
  const birth = facts.birth;
  return birth !== undefined && facts.dueDate !== undefined && birth < facts.dueDate - PREMATURE_DAYS;
}

/**
 * Conditions read facts as they stand: `premature` is false until a birth is registered, an event
 * "has happened" once it is registered, whatever its date.
 */
export function evaluateCondition(condition: Condition, facts: FactIndex, depth = 0): boolean {
  // Conditions come from zod-checked data, but a pathological nesting must not overflow the stack.
  if (depth > 64) return false;
  switch (condition.kind) {
    case 'premature':
      return isPremature(facts);
    case 'happened':
      return facts.events.has(condition.event);
    case 'stepDone':
      return (facts.done.get(condition.step)?.size ?? 0) > 0;
    case 'not':
      return !evaluateCondition(condition.condition, facts, depth + 1);
    case 'all':
      return condition.conditions.every((c) => evaluateCondition(c, facts, depth + 1));
    case 'any':
      return condition.conditions.some((c) => evaluateCondition(c, facts, depth + 1));
    default:
      return false;
  }
}

/** Whether any of a step's points is anchored on the given event (closing steps survive closing). */
export function anchoredOnEvent(points: (Point | undefined)[], event: string): boolean {
  return points.some((p) => p?.anchor.kind === 'event' && p.anchor.event === event);
}
