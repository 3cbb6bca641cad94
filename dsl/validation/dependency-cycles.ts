import type { Loc } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import { stepDependencies, type ValidationRule } from './context.js';

/** No step's date depends, through other steps, on itself: such a circle can never be planned. */
export const dependencyCycles: ValidationRule = (ctx) => {
  const errors: RulesError[] = [];
  const deps = new Map(ctx.ast.steps.filter((s) => s.id).map((s) => [s.id.value, stepDependencies(s, ctx)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();

  const visit = (id: string, trail: { id: string; loc?: Loc }[]) => {
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) {
      if (state.get(dep.id) === 'visiting') {
        const start = trail.findIndex((t) => t.id === dep.id);
        const cycle = dep.id === id ? [id, id] : [...trail.slice(start).map((t) => t.id), id, dep.id];
        const key = [...new Set(cycle)].sort().join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        const path = cycle.join(' → ');
        errors.push(
          rulesError('step.cycle', dep.loc,
            `Trinnene afhænger af hinanden i ring (${path}), så ingen af dem kan planlægges: lad et af dem regne fra en hændelse i stedet.`,
            `The steps depend on each other in a circle (${path}), so none can be planned: count one of them from an event instead.`,
            ['steps', id, 'when']),
        );
      } else if (!state.has(dep.id)) {
        visit(dep.id, [...trail, { id }]);
      }
    }
    state.set(id, 'done');
  };
  for (const id of deps.keys()) if (!state.has(id)) visit(id, []);
  return errors;
};
