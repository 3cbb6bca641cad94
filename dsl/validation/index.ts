/**
 * `validate(ast)`: runs every rule and returns all their errors, in file order. Never throws.
 * One rule a file; add a new rule by writing it and listing it here.
 */
import type { ProgrammeNode } from '../language/ast.js';
import { byPosition, type RulesError } from '../errors.js';
import { collectSymbols } from './symbols.js';
import type { ValidationRule } from './context.js';
import { dependencyCycles } from './dependency-cycles.js';
import { duplicateIds } from './duplicate-ids.js';
import { escalationTargets } from './escalation-targets.js';
import { header } from './header.js';
import { idFormat } from './id-format.js';
import { lifecycleAndDuties } from './lifecycle-and-duties.js';
import { neverDue } from './never-due.js';
import { numberRanges } from './number-ranges.js';
import { recurrenceEnd } from './recurrence-end.js';
import { stepCompleteness } from './step-completeness.js';
import { unknownReferences } from './unknown-references.js';
import { windowOrder } from './window-order.js';

export const validationRules: ValidationRule[] = [
  header, idFormat, duplicateIds, unknownReferences, escalationTargets, stepCompleteness, windowOrder, recurrenceEnd,
  dependencyCycles, neverDue, numberRanges, lifecycleAndDuties,
];

export function validate(ast: ProgrammeNode): RulesError[] {
  const ctx = { ast, sym: collectSymbols(ast) };
  return validationRules.flatMap((rule) => rule(ctx)).sort(byPosition);
}

/**
 * `validate` for a tree the parser recovered from syntax errors: parts may be missing, so a rule
 * that trips over one gives no errors instead of stopping the others (compile() filters the rest).
 */
export function validateRecovered(ast: ProgrammeNode): RulesError[] {
  const ctx = { ast, sym: collectSymbols(ast) };
  return validationRules
    .flatMap((rule) => {
      try {
        return rule(ctx);
      } catch {
        return [];
      }
    })
    .sort(byPosition);
}
