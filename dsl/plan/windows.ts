/**
 * The nominal windows of one step, straight from its rule: one for a dated step, one per cadence
 * date for a recurring step, one per leading occurrence for an "after each" step. Nothing here
 * looks at working days, pauses, plans or closing; `step-plan.ts` applies those afterwards.
 */
import type { Recurrence, Step } from '../compile/model.js';
import { resolvePoint } from './anchors.js';
import { addDuration } from './dates.js';
import type { FactIndex } from './facts-index.js';

export interface Window {
  occurrence: number;
  earliest: number;
  target: number;
  latest: number;
}

export interface WindowContext {
  facts: FactIndex;
  /** Where open-ended recurrences stop: now + horizonMonths. */
  horizon: number;
  /** The closing date, when the case is closed: it ends every recurrence. */
  closing?: number;
  /** Final dates (done date, else target) of another step's occurrences, for "after each". */
  leaderDates(stepId: string): { occurrence: number; day: number }[];
}

/** A runaway cadence (a tiny step over a long horizon) is cut here rather than eat the plan. */
export const MAX_OCCURRENCES = 1000;

export function windowsOf(step: Step, ctx: WindowContext): Window[] {
  if (step.recurrence?.kind === 'cadence') return cadenceWindows(step.recurrence, ctx);
  if (step.recurrence?.kind === 'afterEach') {
    const offset = step.recurrence.offset;
    return ctx.leaderDates(step.recurrence.step).map(({ occurrence, day }) => {
      const d = addDuration(day, offset);
      return { occurrence, earliest: d, target: d, latest: d };
    });
  }
  if (!step.when) return [];
  const target = resolvePoint(step.when.target, ctx.facts);
  if (target === undefined) return [];
  const earliest = step.when.earliest ? (resolvePoint(step.when.earliest, ctx.facts) ?? target) : target;
  const latest = step.when.latest ? (resolvePoint(step.when.latest, ctx.facts) ?? target) : target;
  // A window given back to front is kept around its target instead of failing the whole plan.
  return [{ occurrence: 1, earliest: Math.min(earliest, target), target, latest: Math.max(latest, target) }];
}

type Cadence = Extract<Recurrence, { kind: 'cadence' }>;

/**
 * Segments chain: each starts where the previous one's `until` falls and runs while its nominal
 * dates are before its own `until` (the earliest of its known points). An unknown `until` runs to
 * the horizon and ends the chain. Dates are start + k × every, so month lengths never accumulate.
 */
function cadenceWindows(cadence: Cadence, ctx: WindowContext): Window[] {
  const windows: Window[] = [];
  let start = resolvePoint(cadence.from, ctx.facts);
  for (const segment of cadence.segments) {
    if (start === undefined) break;
    const known = segment.until.points
      .map((p) => resolvePoint(p, ctx.facts))
      .filter((d): d is number => d !== undefined);
    const until = known.length > 0 ? Math.min(...known) : undefined;
    let end = until ?? ctx.horizon + 1;
    if (ctx.closing !== undefined) end = Math.min(end, ctx.closing);
    let previous = -Infinity;
    for (let k = 0; windows.length < MAX_OCCURRENCES; k++) {
      const day = addDuration(start, segment.every, 1, k);
      // A step that does not advance (zero or self-cancelling duration) would never end.
      if (!(day > previous) || day >= end) break;
      previous = day;
      windows.push({ occurrence: windows.length + 1, earliest: day, target: day, latest: day });
    }
    if (until === undefined || (ctx.closing !== undefined && ctx.closing <= until)) break;
    start = until;
  }
  return windows;
}
