import type { Name } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import type { ValidationRule } from './context.js';

interface Declared {
  name: Name;
  what: { da: string; en: string };
  /** The AST field the declaration is in ('roles', 'steps', …). */
  field: string[];
}

/** Every id is declared once; events and steps share one namespace (a date may name either), as do roles and groups. */
export const duplicateIds: ValidationRule = ({ ast }) => {
  const errors: RulesError[] = [];
  const check = (items: Declared[]) => {
    const seen = new Map<string, Declared>();
    for (const item of items) {
      const first = seen.get(item.name.value);
      if (!first) {
        seen.set(item.name.value, item);
        continue;
      }
      errors.push(
        rulesError('id.duplicate', item.name.loc,
          `'${item.name.value}' er allerede erklæret som ${first.what.da} i linje ${first.name.loc.line}: vælg et andet id her.`,
          `'${item.name.value}' is already declared as ${first.what.en} on line ${first.name.loc.line}: give this ${item.what.en} another id.`,
          [...item.field, item.name.value]),
      );
    }
  };
  const role = { da: 'rolle', en: 'role' };
  const group = { da: 'gruppe', en: 'group' };
  const event = { da: 'hændelse', en: 'event' };
  const step = { da: 'trin', en: 'step' };
  const pre = { da: 'forudsætning', en: 'precondition' };
  const named = <T extends { id?: Name }>(xs: T[], what: Declared['what'], field: string[]) =>
    xs.filter((x) => x.id).map((x) => ({ name: x.id!, what, field }));
  const preconditions = ast.steps.filter((s) => s.id).flatMap((s) => named(s.preconditions, pre, ['steps', s.id.value, 'preconditions']));
  check([...named(ast.roles, role, ['roles']), ...named(ast.groups, group, ['groups'])]);
  check([...named(ast.events, event, ['events']), ...named(ast.steps, step, ['steps']), ...preconditions]);
  check(ast.phases.filter((p) => p.number).map((p) => ({ name: { value: String(p.number.value), loc: p.number.loc }, what: { da: 'fase', en: 'phase' }, field: ['phases'] })));
  const closers = ast.events.filter((e) => e.closesCase);
  for (const extra of closers.slice(1)) {
    errors.push(
      rulesError('event.two-closing', extra.closesCase!,
        `Kun én hændelse kan afslutte sagen; '${closers[0]!.id.value}' gør det allerede (linje ${closers[0]!.loc.line}).`,
        `Only one event can close the case; '${closers[0]!.id.value}' already does (line ${closers[0]!.loc.line}).`,
        ['events', extra.id.value, 'closesCase']),
    );
  }
  return errors;
};
