/**
 * What every validation rule receives, and small walkers over the parts of a step that name
 * other things (dates, recurrences, conditions).
 */
import type { ConditionNode, Loc, PointNode, ProgrammeNode, StepNode } from '../language/ast.js';
import type { RulesError } from '../errors.js';
import type { Symbols } from './symbols.js';

export interface ValidationContext {
  ast: ProgrammeNode;
  sym: Symbols;
}

/** One validation rule: looks at the whole programme and returns its errors (never throws). */
export type ValidationRule = (ctx: ValidationContext) => RulesError[];

/** Every point in time a step's dates are counted from (due clause and recurrence). */
export function datePoints(step: StepNode): PointNode[] {
  const out: PointNode[] = [];
  const w = step.when;
  if (w?.kind === 'window') out.push(...[w.from, w.to, w.target].filter((p): p is PointNode => !!p));
  else if (w) out.push(w.point);
  const r = step.recurrence;
  if (r?.kind === 'cadence') {
    if (r.from) out.push(r.from);
    for (const seg of r.segments) out.push(...seg.until);
  }
  return out.filter((p) => p?.anchor);
}

/** The points a step's first date depends on (recurrence ends excluded: they stop, not start). */
export function startPoints(step: StepNode): PointNode[] {
  const out: PointNode[] = [];
  const w = step.when;
  if (w?.kind === 'window') out.push(...[w.from, w.target].filter((p): p is PointNode => !!p));
  else if (w) out.push(w.point);
  if (step.recurrence?.kind === 'cadence' && step.recurrence.from) out.push(step.recurrence.from);
  return out.filter((p) => p?.anchor);
}

/** Steps this step's dates are counted from, with where the reference is written. */
export function stepDependencies(step: StepNode, ctx: ValidationContext): { id: string; loc: Loc }[] {
  const deps: { id: string; loc: Loc }[] = [];
  for (const p of startPoints(step)) {
    const a = p.anchor;
    if (a.kind === 'ref' && !ctx.sym.events.has(a.name.value) && ctx.sym.steps.has(a.name.value)) deps.push({ id: a.name.value, loc: a.loc });
  }
  if (step.recurrence?.kind === 'afterEach' && ctx.sym.steps.has(step.recurrence.step.value)) {
    deps.push({ id: step.recurrence.step.value, loc: step.recurrence.step.loc });
  }
  return deps;
}

export function conditionLeaves(c: ConditionNode | undefined): ConditionNode[] {
  if (!c) return [];
  if (c.kind === 'not') return conditionLeaves(c.condition);
  if (c.kind === 'all' || c.kind === 'any') return c.conditions.flatMap(conditionLeaves);
  return [c];
}
