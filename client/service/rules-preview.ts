/**
 * What a rules file means for one case, before any case runs on it: the whole timeline under the
 * rules, or what changes between two versions — the planner the case workflow uses, as of a moment.
 */
import type { Programme } from '../../dsl/compile/model.js';
import type { CaseFacts } from '../../dsl/facts.js';
import { diffPlans, plan, type Plan, type PlanDiff } from '../../dsl/plan/index.js';
import { requireActing, type Acting } from './access.js';

/** What changes for a case with these facts when its rules go from `before` to `after`. */
export function planDiff(before: Programme, after: Programme, facts: CaseFacts, now: string): PlanDiff {
  return diffPlans(plan(before, facts, now), plan(after, facts, now));
}

/** The case's plan under the rules, for someone who may use the rules studio. */
export function previewRules(acting: Acting, programme: Programme, facts: CaseFacts, now: string): Plan {
  requireActing(acting, 'use_rules_studio');
  return plan(programme, facts, now);
}

/** What changes for the case between two versions of the rules, for someone who may use the rules studio. */
export function diffRules(acting: Acting, before: Programme, after: Programme, facts: CaseFacts, now: string): PlanDiff {
  requireActing(acting, 'use_rules_studio');
  return planDiff(before, after, facts, now);
}
