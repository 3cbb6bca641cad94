/**
 * The names a programme declares, collected once from the AST so every validation rule and the
 * compiler look them up the same way. A reference like `screening` in a date may name an event or
 * a step; `resolveRef` says which.
 */
import type { EventNode, GroupNode, Name, PhaseNode, ProgrammeNode, RoleNode, StepNode } from '../language/ast.js';
import { lifecycleOf } from '../compile/vocabulary.js';
import type { Vocabulary } from '../compile/model.js';

/** Written `the owners` / `de ansvarlige` in reminders: the step's own owners. */
export const OWNERS = '@owners';

export interface Symbols {
  roles: Map<string, RoleNode>;
  groups: Map<string, GroupNode>;
  events: Map<string, EventNode>;
  steps: Map<string, StepNode>;
  phases: Map<number, PhaseNode>;
  /** The lifecycle events (`marks birth` …), as the compiled model will carry them. */
  lifecycle: Vocabulary['lifecycle'];
}

function firstById<K, T>(items: T[], key: (t: T) => K | undefined): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined && !map.has(k)) map.set(k, item);
  }
  return map;
}

export function collectSymbols(ast: ProgrammeNode): Symbols {
  return {
    roles: firstById(ast.roles, (r) => r.id?.value),
    groups: firstById(ast.groups, (g) => g.id?.value),
    events: firstById(ast.events, (e) => e.id?.value),
    steps: firstById(ast.steps, (s) => s.id?.value),
    phases: firstById(ast.phases, (p) => p.number?.value),
    lifecycle: lifecycleOf(ast.events.filter((e) => e.id).map((e) => ({ id: e.id.value, marks: e.marks?.value }))),
  };
}

export type Resolved = { kind: 'event'; id: string } | { kind: 'step'; id: string } | undefined;

/** Events win over steps; duplicate-ids reports a name used for both. */
export function resolveRef(sym: Symbols, name: Name): Resolved {
  if (sym.events.has(name.value)) return { kind: 'event', id: name.value };
  if (sym.steps.has(name.value)) return { kind: 'step', id: name.value };
  return undefined;
}

/** Role ids a list of names stands for: groups expand, `the owners` becomes the step's owners. */
export function expandRoles(sym: Symbols, names: Name[], owners: string[] = []): string[] {
  const out: string[] = [];
  for (const n of names) {
    if (n.value === OWNERS) out.push(...owners);
    else if (sym.groups.has(n.value)) out.push(...sym.groups.get(n.value)!.members.map((m) => m.value));
    else out.push(n.value);
  }
  return [...new Set(out)];
}
