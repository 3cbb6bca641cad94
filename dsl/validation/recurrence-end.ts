import { rulesError, type RulesError } from '../errors.js';
import type { ValidationRule } from './context.js';

/** A repeating step says when it stops, and where it starts (a 'from' point or its due clause). */
export const recurrenceEnd: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  for (const step of ast.steps) {
    const r = step.recurrence;
    if (r?.kind !== 'cadence') continue;
    for (const seg of r.segments) {
      if (seg.until.length > 0) continue;
      errors.push(
        rulesError('recurrence.no-end', seg.loc,
          `Gentagelsen i '${step.id.value}' har ingen slutning: tilføj fx 'until closing' eller 'until child age 24 months'.`,
          `The recurrence in '${step.id.value}' never ends: add e.g. 'until closing' or 'until child age 24 months'.`,
          ['steps', step.id.value, 'recurrence', 'until']),
      );
    }
    if (!r.from && !step.when) {
      errors.push(
        rulesError('recurrence.no-start', r.loc,
          `Gentagelsen i '${step.id.value}' har intet startpunkt: tilføj 'from …' (fx 'from birth') eller en 'due'-linje.`,
          `The recurrence in '${step.id.value}' has no start: add 'from …' (e.g. 'from birth') or a 'due' line.`,
          ['steps', step.id.value, 'recurrence', 'from']),
      );
    }
  }
  return errors;
};
