import type { ConditionNode, Loc, StepNode } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import { conditionLeaves, startPoints, stepDependencies, type ValidationContext, type ValidationRule } from './context.js';

type Facts = Map<string, boolean>;

function atomKey(c: ConditionNode): string | undefined {
  if (c.kind === 'premature') return 'premature';
  if (c.kind === 'happened') return `happened:${c.name.value}`;
  if (c.kind === 'done') return `happened:${c.name.value}`;
  return undefined;
}

function evaluate(c: ConditionNode, facts: Facts): boolean {
  switch (c.kind) {
    case 'not':
      return !evaluate(c.condition, facts);
    case 'all':
      return c.conditions.every((x) => evaluate(x, facts));
    case 'any':
      return c.conditions.some((x) => evaluate(x, facts));
    case 'happened':
      return facts.get(atomKey(c)!)! !== c.negated;
    default:
      return facts.get(atomKey(c)!)!;
  }
}

/**
 * Whether the condition can be true on a day the step is due. `required` are the atoms the step's
 * anchors presuppose (a date counted from birth needs the birth to have happened). Brute force over
 * the atoms: conditions in rules files are small.
 */
function satisfiable(c: ConditionNode | undefined, required: string[], forbidden: string[], birth: string): boolean {
  const atoms = [...new Set([...conditionLeaves(c).map(atomKey), ...required, ...forbidden].filter((x): x is string => !!x))];
  if (atoms.length > 16) return true;
  for (let mask = 0; mask < 1 << atoms.length; mask++) {
    const facts: Facts = new Map(atoms.map((a, i) => [a, (mask & (1 << i)) !== 0]));
    if (required.some((r) => !facts.get(r)) || forbidden.some((f) => facts.get(f))) continue;
    // A premature birth is a birth.
    if (facts.get('premature') && facts.has(birth) && !facts.get(birth)) continue;
    if (!c || evaluate(c, facts)) return true;
  }
  return false;
}

function requiredAtoms(step: StepNode, ctx: ValidationContext): string[] {
  const out: string[] = [];
  const birth = ctx.sym.lifecycle.birth;
  for (const p of startPoints(step)) {
    const a = p.anchor;
    if (a.kind === 'ref') out.push(`happened:${a.name.value}`);
    if ((a.kind === 'childAge' || a.kind === 'childMonthOfLife') && birth) out.push(`happened:${birth}`);
  }
  if (step.recurrence?.kind === 'afterEach') out.push(`happened:${step.recurrence.step.value}`);
  return out;
}

/**
 * A step can become due: its condition can be true when its dates exist, and it is not counted
 * from a step that itself can never become due.
 */
export const neverDue: ValidationRule = (ctx) => {
  const errors: RulesError[] = [];
  const impossible = new Map<string, Loc>();
  const birth = `happened:${ctx.sym.lifecycle.birth ?? ''}`;
  for (const step of ctx.ast.steps) {
    // 'only before birth': the step must be doable while the birth has not happened.
    const forbidden = step.beforeBirth && ctx.sym.lifecycle.birth ? [birth] : [];
    if (!step.id || satisfiable(step.condition, requiredAtoms(step, ctx), forbidden, birth)) continue;
    const loc = step.condition?.loc ?? step.beforeBirth ?? step.id.loc;
    impossible.set(step.id.value, loc);
    errors.push(
      rulesError('step.never-due', loc,
        `Trinnet '${step.id.value}' kan aldrig blive aktuelt: betingelsen kan ikke være opfyldt, når fristen findes. Ret betingelsen eller udgangspunktet for fristen.`,
        `The step '${step.id.value}' can never become due: its condition cannot hold when its date exists. Fix the condition or what the date counts from.`,
        ['steps', step.id.value, step.condition ? 'condition' : step.beforeBirth ? 'beforeBirth' : 'when']),
    );
  }
  // Anything counted from an impossible step is impossible too (repeat until nothing changes).
  let changed = true;
  while (changed) {
    changed = false;
    for (const step of ctx.ast.steps) {
      if (!step.id || impossible.has(step.id.value)) continue;
      const dep = stepDependencies(step, ctx).find((d) => impossible.has(d.id));
      if (!dep) continue;
      impossible.set(step.id.value, dep.loc);
      changed = true;
      errors.push(
        rulesError('step.never-due', dep.loc,
          `Trinnet '${step.id.value}' kan aldrig blive aktuelt, fordi det regnes fra '${dep.id}', som aldrig bliver aktuelt.`,
          `The step '${step.id.value}' can never become due, because it is counted from '${dep.id}', which never becomes due.`,
          ['steps', step.id.value, 'when']),
      );
    }
  }
  return errors;
};
