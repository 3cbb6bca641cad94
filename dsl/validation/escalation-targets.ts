import type { EscalationNode } from '../language/ast.js';
import { suggestion } from '../did-you-mean.js';
import { rulesError, type RulesError } from '../errors.js';
import { OWNERS } from './symbols.js';
import type { ValidationRule } from './context.js';

/** Escalations go to declared roles or groups, and each level comes later than the one before. */
export const escalationTargets: ValidationRule = ({ ast, sym }) => {
  const errors: RulesError[] = [];
  const known = [...sym.roles.keys(), ...sym.groups.keys()];
  const check = (esc: EscalationNode | undefined, where: string[]) => {
    let previous = -1;
    for (const [i, level] of (esc?.levels ?? []).entries()) {
      for (const to of level.to) {
        if (to.value === OWNERS || known.includes(to.value)) continue;
        const hint = suggestion(to.value, known);
        errors.push(
          rulesError('escalation.unknown-role', to.loc,
            `Eskalering til ukendt rolle '${to.value}'${hint.da}. Eskalér til en erklæret rolle eller gruppe (fx teamleder).`,
            `Escalation to unknown role '${to.value}'${hint.en}. Escalate to a declared role or group (e.g. teamleder).`,
            [...where, String(i + 1), 'to', to.value], hint.best),
        );
      }
      const hours = approxHours(level.after);
      if (hours <= previous) {
        errors.push(
          rulesError('escalation.order', level.after.loc,
            'Hvert eskaleringstrin skal komme senere end det forrige: sæt en længere ventetid her.',
            'Each escalation level must come later than the one before: make this wait longer.',
            [...where, String(i + 1), 'after']),
        );
      }
      previous = hours;
    }
  };
  check(ast.defaultEscalation, ['defaults', 'escalation']);
  for (const step of ast.steps) check(step.escalation, ['steps', step.id?.value ?? '', 'escalation']);
  return errors;
};

function approxHours(d: { months: number; weeks: number; days: number; hours: number }): number {
  return d.hours + 24 * (d.days + 7 * d.weeks + 30 * d.months);
}
