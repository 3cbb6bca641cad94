import type { ConditionNode, Name, StepNode } from '../language/ast.js';
import { suggestion } from '../did-you-mean.js';
import { rulesError, type RulesError } from '../errors.js';
import { OWNERS, type Symbols } from './symbols.js';
import { conditionLeaves, datePoints, type ValidationRule } from './context.js';

const roleWords = { da: 'rolle eller gruppe', en: 'role or group' };
const refWords = { da: 'hændelse eller trin', en: 'event or step' };
const stepWords = { da: 'trin', en: 'step' };

/** Every role, group, event, step and phase a rule names is declared somewhere in the file (escalations: see escalation-targets). */
export const unknownReferences: ValidationRule = ({ ast, sym }) => {
  const errors: RulesError[] = [];
  const roleNames = [...sym.roles.keys(), ...sym.groups.keys()];
  const refNames = [...sym.events.keys(), ...sym.steps.keys()];
  // The declaration being checked; a reference's path is this plus the name it uses.
  let where: string[] = [];
  const unknown = (n: Name, known: string[], what: { da: string; en: string }, code: string) => {
    if (known.includes(n.value)) return;
    const hint = suggestion(n.value, known);
    errors.push(
      rulesError(code, n.loc,
        `Ukendt ${what.da} '${n.value}'${hint.da || ': erklær den i filen eller ret stavningen.'}`,
        `Unknown ${what.en} '${n.value}'${hint.en || ': declare it in the file or fix the spelling.'}`,
        [...where, n.value], hint.best),
    );
  };
  const roles = (names: Name[], allowOwners: boolean) => {
    for (const n of names) {
      if (allowOwners && n.value === OWNERS) continue;
      unknown(n, roleNames, roleWords, 'ref.unknown-role');
    }
  };

  for (const g of ast.groups) {
    where = ['groups', g.id?.value ?? '', 'members'];
    for (const m of g.members) unknown(m, [...sym.roles.keys()], { da: 'rolle', en: 'role' }, 'ref.unknown-role');
  }
  for (const p of ast.phases) {
    where = ['phases', String(p.number?.value ?? ''), 'startsAt'];
    if (p.startsAt) unknown(p.startsAt, refNames, refWords, 'ref.unknown-event');
  }
  where = ['defaults', 'reminders'];
  for (const r of ast.defaultReminders) roles(r.to, true);

  if (ast.normReport) roles([...ast.normReport.to, ...ast.normReport.owners], false);
  for (const step of ast.steps) {
    const at = (field: string) => (where = ['steps', step.id?.value ?? '', field]);
    at('owners');
    roles(step.owners.filter((o) => o.value !== OWNERS), false);
    at('reminders');
    for (const r of step.reminders) roles(r.to, true);
    at('preconditions');
    for (const p of step.preconditions) roles(p.by, false);
    at('when');
    for (const point of datePoints(step)) {
      if (point.anchor.kind === 'ref') unknown(point.anchor.name, refNames, refWords, 'ref.unknown-event');
    }
    at('recurrence');
    if (step.recurrence?.kind === 'afterEach') unknown(step.recurrence.step, [...sym.steps.keys()], stepWords, 'ref.unknown-step');
    at('condition');
    for (const leaf of conditionLeaves(step.condition)) checkCondition(leaf, sym, refNames, unknown);
    if (step.phase && !sym.phases.has(step.phase.value)) errors.push(unknownPhase(step, sym));
  }
  return errors;
};

function checkCondition(
  leaf: ConditionNode,
  sym: Symbols,
  refNames: string[],
  unknown: (n: Name, known: string[], what: { da: string; en: string }, code: string) => void,
) {
  if (leaf.kind === 'happened') unknown(leaf.name, refNames, refWords, 'ref.unknown-event');
  if (leaf.kind === 'done') unknown(leaf.name, [...sym.steps.keys()], stepWords, 'ref.unknown-step');
}

function unknownPhase(step: StepNode, sym: Symbols): RulesError {
  const known = [...sym.phases.keys()].sort((a, b) => a - b).join(', ') || '—';
  return rulesError('ref.unknown-phase', step.phase!.loc,
    `Fase ${step.phase!.value} er ikke erklæret (kendte faser: ${known}): tilføj 'phase ${step.phase!.value} "<titel>"' eller ret nummeret.`,
    `Phase ${step.phase!.value} is not declared (known phases: ${known}): add 'phase ${step.phase!.value} "<title>"' or fix the number.`,
    ['steps', step.id?.value ?? '', 'phase']);
}
