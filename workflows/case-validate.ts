/**
 * Update validators: each rejects a bad event with one message `{ code, da, en }` before anything
 * reaches workflow history. The rejection is an ApplicationFailure whose message is the sentence
 * (Danish, then English after ' / ') and whose details carry the message, so a caller can show
 * either language. Pure functions of (state, input, now), so the CLI can run the same checks and
 * unit tests need no server. What a closed case still accepts is decided in `case-running.ts`.
 */
import { leaderRolesOf, plan, vocabularyOf, type PlanOptions } from '../dsl/plan/index.js';
import { localDayOf } from '../dsl/plan/index.js';
import { addDuration, toDay, toIso } from '../dsl/plan/index.js';
import type { Plan } from '../dsl/plan/index.js';
import { firstProblem } from '../dsl/contract-core.js';
import { Acknowledge, CASE_EVENT_TYPES, CaseEvent } from './case-input-schema.js';
import { lifecycleDate, lifecycleOf, stepIdsOf, type CaseState } from './case-state.js';
import { caseHorizonDate, checkDueDate } from './case-bounds.js';
import { checkAfterClosing, checkPause, checkResume, closingDate } from './case-running.js';
import { checkPlanned, checkStepApplies, checkVisit } from './case-validate-steps.js';
import { reject } from './case-reject.js';

export { reject };
export { validateMigration } from './case-migrate.js';

/** The earliest gestational week a birth is accepted. */
const EARLIEST_BIRTH_WEEK = 22;

export function todayOf(state: CaseState, nowIso: string): string {
  return toIso(localDayOf(Date.parse(nowIso), state.programme.timeZone));
}

function eventIds(state: CaseState): Set<string> {
  return new Set(state.programme.events.map((e) => e.id));
}

export function parseEvent(input: unknown): CaseEvent {
  const parsed = CaseEvent.safeParse(input);
  if (parsed.success) return parsed.data;
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(CASE_EVENT_TYPES as readonly string[]).includes(type)) {
    const types = CASE_EVENT_TYPES.join(', ');
    reject({
      code: 'event.unknown_type',
      da: `Ukendt hændelsestype '${String(type)}'; brug en af ${types}.`,
      en: `Unknown event type '${String(type)}'; use one of ${types}.`,
    });
  }
  const problem = firstProblem(parsed.error);
  reject({ code: problem.code, da: `Hændelsen er ugyldig. ${problem.da}`, en: `The event is invalid. ${problem.en}` });
}

/** Checks an event against the case; returns it parsed, or throws the message to show. */
/** `current`: the case's plan at `nowIso`, when the caller has it already (the workflow keeps it per task). */
export function validateEvent(state: CaseState, input: unknown, nowIso: string, planOptions: PlanOptions = {}, current?: Plan): CaseEvent {
  const event = parseEvent(input);
  const today = todayOf(state, nowIso);
  checkDates(state, event, today);
  current ??= plan(state.programme, state.facts, nowIso, planOptions);
  const closedOn = closingDate(state);
  if (closedOn) checkAfterClosing(state, event, closedOn, current);
  switch (event.type) {
    case 'occurred':
      checkOccurred(state, event, current);
      break;
    case 'planned':
      checkPlanned(state, event, today, current);
      break;
    case 'visit':
      checkVisit(state, event, current);
      break;
    case 'pause':
      checkPause(state, event, current);
      break;
    case 'resume':
      checkResume(state, event, current);
      break;
    case 'reassign':
      checkReassign(state, event);
      break;
    case 'due_date':
      checkNewDueDate(state, event.dueDate);
      break;
  }
  return event;
}

/** Every date of a case lies between its notification and its horizon; what has happened is not in the future. */
function checkDates(state: CaseState, event: CaseEvent, today: string): void {
  if (event.type === 'due_date') return;
  const date = event.at;
  if (date < state.notified) {
    reject({
      code: 'date.before_case',
      da: `Datoen ${date} ligger før sagen begyndte (${state.notified}); ret datoen.`,
      en: `The date ${date} is before the case began (${state.notified}); correct the date.`,
    });
  }
  const horizon = caseHorizonDate(state.programme, state.notified);
  if (date > horizon) {
    reject({
      code: 'date.beyond_horizon',
      da: `Datoen ${date} ligger efter programmets sidste mulige dato for sagen (${horizon}); ret året eller datoen.`,
      en: `The date ${date} is after the last date the programme can reach for this case (${horizon}); correct the year or the date.`,
    });
  }
  if (event.type !== 'planned' && date > today) {
    reject({
      code: 'date.future',
      da: `Datoen ${date} ligger efter i dag (${today}); registrér hændelsen, når den er sket.`,
      en: `The date ${date} is after today (${today}); register the event once it has happened.`,
    });
  }
}

function checkOccurred(state: CaseState, event: Extract<CaseEvent, { type: 'occurred' }>, current: Plan): void {
  const isEvent = eventIds(state).has(event.what);
  const isStep = stepIdsOf(state.programme).has(event.what);
  if (!isEvent && !isStep) {
    reject({
      code: 'step.unknown',
      da: `Programmet '${state.programme.id}' kender hverken et trin eller en hændelse '${event.what}'; brug et id fra reglerne.`,
      en: `The programme '${state.programme.id}' has no step or event '${event.what}'; use an id from the rules.`,
    });
  }
  if (isEvent) {
    const earlier = lifecycleDate(state, event.what);
    if (earlier) {
      reject({
        code: 'event.repeat',
        da: `Hændelsen '${event.what}' er allerede registreret (${earlier}).`,
        en: `The event '${event.what}' is already registered (${earlier}).`,
      });
    }
    const lifecycle = lifecycleOf(state);
    if (event.what === lifecycle.birth) checkBirth(state, event.at);
    if (event.what === lifecycle.discharge) checkDischarge(state, event.at);
  }
  if (isStep) checkStepApplies(state, event.what, event.occurrence, current, event.at);
}

/** A birth must come after everything that only happens in pregnancy, and not absurdly early. */
function checkBirth(state: CaseState, birth: string): void {
  const due = state.facts.dueDate;
  if (due) {
    const earliest = toIso(addDuration(toDay(due), { months: 0, weeks: 40 - EARLIEST_BIRTH_WEEK, days: 0, hours: 0 }, -1));
    if (birth < earliest) {
      reject({
        code: 'birth.too_early',
        da: `Fødselsdatoen ${birth} ligger før graviditetsuge ${EARLIEST_BIRTH_WEEK} (${earliest}) efter terminen ${due}; ret fødselsdatoen eller terminsdatoen.`,
        en: `The birth date ${birth} is before pregnancy week ${EARLIEST_BIRTH_WEEK} (${earliest}) of the due date ${due}; correct the birth or due date.`,
      });
    }
  }
  // What only happens in pregnancy: the steps the rules mark 'only before birth' (e.g. the screening).
  const pregnancyOnly = new Map(state.programme.steps.filter((st) => st.beforeBirth).map((st) => [st.id, st.title]));
  const held = state.facts.facts.find((f) => f.kind === 'done' && pregnancyOnly.has(f.step) && birth < f.date);
  if (held?.kind === 'done') {
    const title = pregnancyOnly.get(held.step);
    reject({
      code: 'birth.before_pregnancy_step',
      da: `Fødselsdatoen ${birth} ligger før '${title}' (${held.date}), som kun sker i graviditeten; ret datoen.`,
      en: `The birth date ${birth} is before '${title}' (${held.date}), which only happens in pregnancy; correct the date.`,
    });
  }
}

function checkDischarge(state: CaseState, discharge: string): void {
  const birth = lifecycleDate(state, lifecycleOf(state).birth);
  if (!birth) reject({ code: 'discharge.no_birth', da: 'Registrér fødslen før udskrivningen.', en: 'Register the birth before the discharge.' });
  if (discharge < birth) {
    reject({
      code: 'discharge.before_birth',
      da: `Udskrivningen (${discharge}) kan ikke ligge før fødslen (${birth}).`,
      en: `The discharge (${discharge}) cannot be before the birth (${birth}).`,
    });
  }
}

function checkReassign(state: CaseState, event: Extract<CaseEvent, { type: 'reassign' }>): void {
  if (!state.programme.roles.some((r) => r.id === event.role)) {
    const roles = state.programme.roles.map((r) => r.id).join(', ');
    reject({
      code: 'role.unknown',
      da: `Programmet kender ikke rollen '${event.role}'; brug en af ${roles}.`,
      en: `The programme has no role '${event.role}'; use one of ${roles}.`,
    });
  }
  if (leaderRolesOf(vocabularyOf(state.programme)).includes(event.role)) {
    reject({
      code: 'role.unit_leader',
      da: `Rollen '${event.role}' følger sagens enhed i medarbejderkartoteket og gives ikke på den enkelte sag; ret enheden i kartoteket.`,
      en: `The role '${event.role}' comes from the case's unit in the staff directory and is not given per case; change the unit in the directory.`,
    });
  }
  if (state.team[event.role] === event.staff) {
    reject({
      code: 'reassign.same',
      da: `${event.staff} har allerede rollen '${event.role}' på sagen.`,
      en: `${event.staff} already holds the role '${event.role}' on this case.`,
    });
  }
}

function checkNewDueDate(state: CaseState, dueDate: string): void {
  if (lifecycleDate(state, lifecycleOf(state).birth)) {
    reject({ code: 'due_date.after_birth', da: 'Barnet er født; terminsdatoen kan ikke ændres længere.', en: 'The child is born; the due date can no longer be changed.' });
  }
  if (state.facts.dueDate === dueDate) {
    reject({ code: 'due_date.same', da: `Terminsdatoen er allerede ${dueDate}.`, en: `The due date is already ${dueDate}.` });
  }
  const implausible = checkDueDate(dueDate, state.notified);
  if (implausible) reject(implausible);
}

export function validateAcknowledge(state: CaseState, input: unknown, nowIso: string, planOptions: PlanOptions = {}): Acknowledge {
  const parsed = Acknowledge.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    reject({ code: problem.code, da: `Kvitteringen er ugyldig. ${problem.da}`, en: `The acknowledgement is invalid. ${problem.en}` });
  }
  const ack = parsed.data;
  const key = `${ack.stepId}:${ack.occurrence}`;
  if (state.acknowledged.includes(key)) {
    reject({
      code: 'ack.already',
      da: `Eskaleringen for '${ack.stepId}' nr. ${ack.occurrence} er allerede kvitteret.`,
      en: `The escalation for '${ack.stepId}' no. ${ack.occurrence} is already acknowledged.`,
    });
  }
  const occ = plan(state.programme, state.facts, nowIso, planOptions).occurrences.find((o) => o.stepId === ack.stepId && o.occurrence === ack.occurrence);
  if (!occ || occ.status !== 'overdue') {
    reject({
      code: 'ack.not_overdue',
      da: `'${ack.stepId}' nr. ${ack.occurrence} er ikke forsinket, så der er ingen eskalering at kvittere for.`,
      en: `'${ack.stepId}' no. ${ack.occurrence} is not overdue: there is no escalation to acknowledge.`,
    });
  }
  return ack;
}
