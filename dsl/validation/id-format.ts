import type { Name } from '../language/ast.js';
import { rulesError } from '../errors.js';
import type { ValidationRule } from './context.js';

const idPattern = /^[a-z][a-z0-9_]*$/;

/** Ids are lower-case a–z, digits and _ (æ, ø, å written ae, oe, aa), so they are safe in URLs, files and workflow ids. */
export const idFormat: ValidationRule = ({ ast }) => {
  const ids = (field: string[], names: (Name | undefined)[]) => names.filter((n): n is Name => !!n).map((n) => ({ n, path: [...field, n.value] }));
  const declared = [
    ...(ast.id ? [{ n: ast.id, path: ['programme'] }] : []),
    ...ids(['roles'], ast.roles.map((r) => r.id)),
    ...ids(['groups'], ast.groups.map((g) => g.id)),
    ...ids(['events'], ast.events.map((e) => e.id)),
    ...ids(['steps'], ast.steps.map((s) => s.id)),
    ...ast.steps.filter((s) => s.id).flatMap((s) => ids(['steps', s.id.value, 'preconditions'], s.preconditions.map((p) => p.id))),
  ];
  return declared
    .filter(({ n }) => !idPattern.test(n.value))
    .map(({ n, path }) => {
      const fixed = n.value.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa').replace(/[^a-z0-9_]/g, '_');
      return rulesError('id.format', n.loc,
        `Id'et '${n.value}' må kun indeholde små bogstaver a–z, tal og _ (skriv æ, ø, å som ae, oe, aa) — fx '${fixed}'.`,
        `The id '${n.value}' may only contain lower-case a–z, digits and _ (write æ, ø, å as ae, oe, aa) — e.g. '${fixed}'.`,
        path);
    });
};
