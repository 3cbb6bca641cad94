import type { Loc, StepNode } from '../language/ast.js';
import { rulesError, type RulesError } from '../errors.js';
import { conditionLeaves, datePoints, type ValidationRule } from './context.js';
import { expandRoles, OWNERS } from './symbols.js';

const markWords = {
  start: { da: 'starten', en: 'the start' },
  intake: { da: 'visitationen', en: 'intake' },
  birth: { da: 'fødslen', en: 'birth' },
  discharge: { da: 'udskrivningen', en: 'discharge' },
} as const;

/** Where a step counts from the birth (child ages, premature, only before birth) or from intake. */
function needs(step: StepNode): { birth?: Loc; intake?: Loc } {
  const out: { birth?: Loc; intake?: Loc } = {};
  for (const p of datePoints(step)) {
    const a = p.anchor;
    if (a.kind === 'childAge' || a.kind === 'childMonthOfLife') out.birth ??= a.loc;
    if (a.kind === 'interventionMonth') out.intake ??= a.loc;
  }
  if (step.beforeBirth) out.birth ??= step.beforeBirth;
  const premature = conditionLeaves(step.condition).find((c) => c.kind === 'premature');
  if (premature) out.birth ??= premature.loc;
  return out;
}

/**
 * Each lifecycle moment is marked by at most one event; a programme that counts from the birth or
 * intake has an event for it; the visit norm and escalations go to leader roles.
 */
export const lifecycleAndDuties: ValidationRule = ({ ast, sym }) => {
  const errors: RulesError[] = [];
  const seen = new Map<string, string>();
  for (const e of ast.events) {
    if (!e.marks || !e.id) continue;
    const first = seen.get(e.marks.value);
    const words = markWords[e.marks.value];
    if (first) {
      errors.push(rulesError('lifecycle.duplicate-mark', e.marks.loc,
        `Hændelsen '${first}' markerer allerede ${words.da}: kun én hændelse kan markere den.`,
        `The event '${first}' already marks ${words.en}: only one event can mark it.`,
        ['events', e.id.value, 'marks']));
    } else seen.set(e.marks.value, e.id.value);
  }
  let birthReported = false;
  let intakeReported = false;
  for (const step of ast.steps) {
    const need = needs(step);
    if (need.birth && !sym.lifecycle.birth && !birthReported) {
      birthReported = true;
      errors.push(rulesError('lifecycle.no-birth', need.birth,
        `Trinnet '${step.id?.value}' regner fra fødslen: markér fødslen med en hændelse, fx 'hændelse foedsel "Fødsel" markerer fødsel'.`,
        `The step '${step.id?.value}' counts from the birth: mark it with an event, e.g. 'event birth "Birth" marks birth'.`,
        ['steps', step.id?.value ?? '']));
    }
    if (need.intake && !sym.lifecycle.intake && !intakeReported) {
      intakeReported = true;
      errors.push(rulesError('lifecycle.no-intake', need.intake,
        `Trinnet '${step.id?.value}' regner i måneder fra visitationen: markér den med en hændelse, fx 'hændelse visitation "Visitation" markerer visitationen'.`,
        `The step '${step.id?.value}' counts months from intake: mark it with an event, e.g. 'event intake "Intake" marks intake'.`,
        ['steps', step.id?.value ?? '']));
    }
  }
  if (!ast.roles.some((r) => r.duty)) return errors;
  const leaders = new Set(ast.roles.filter((r) => r.duty && r.duty.value !== 'caseworker').map((r) => r.id?.value));
  const notLeaders = (names: { value: string; loc: Loc }[]) =>
    names.filter((n) => n.value !== OWNERS && (sym.roles.has(n.value) || sym.groups.has(n.value)) && !expandRoles(sym, [n]).every((id) => leaders.has(id)));
  for (const to of notLeaders(ast.normReport?.to ?? [])) {
    errors.push(rulesError('norm.audience-not-leader', to.loc,
      `Besøgsnormen rapporteres til en leder: '${to.value}' er hverken teamleder eller afdelingsleder ('er teamleder' / 'er afdelingsleder' på rollen).`,
      `The visit norm reports to a leader: '${to.value}' is neither team leader nor department leader ('is team leader' / 'is department leader' on the role).`,
      ['visitNorm', 'to', to.value]));
  }
  const escalations = [ast.defaultEscalation, ...ast.steps.map((s) => s.escalation)];
  for (const to of notLeaders(escalations.flatMap((e) => e?.levels ?? []).flatMap((l) => l.to))) {
    errors.push(rulesError('escalation.not-leader', to.loc,
      `Der eskaleres til en leder: '${to.value}' er hverken teamleder eller afdelingsleder ('er teamleder' / 'er afdelingsleder' på rollen).`,
      `Escalations go to a leader: '${to.value}' is neither team leader nor department leader ('is team leader' / 'is department leader' on the role).`,
      ['escalation', to.value]));
  }
  return errors;
};
