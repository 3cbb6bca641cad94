/**
 * Update validators: each rejects a bad event with one sentence, Danish first and English after
 * ' / ', before anything reaches workflow history. Pure functions of (state, input, now), so the
 * CLI could run the same checks and unit tests need no server.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { Programme } from '../dsl/model.js';
import { plan, type PlanOptions } from '../dsl/planner.js';
import { localDayOf } from '../dsl/plan/zone.js';
import { reasonLabels } from '../dsl/plan/labels.js';
import { evaluateCondition } from '../dsl/plan/anchors.js';
import { indexFacts } from '../dsl/plan/facts-index.js';
import { addDuration, toDay, toIso } from '../dsl/plan/dates.js';
import type { Plan } from '../dsl/plan-types.js';
import { firstProblem } from '../dsl/contract.js';
import { Acknowledge, CASE_EVENT_TYPES, CaseEvent, firstIssue } from './case-input.js';
import { stepIdsOf, type CaseState } from './case-state.js';

/** The birth event child ages count from, and the earliest gestational week a birth is accepted. */
const BIRTH = 'birth';
const DISCHARGE = 'discharge';
const EARLIEST_BIRTH_WEEK = 22;
/** How far ahead a meeting may be planned. */
const PLAN_AHEAD_LIMIT_MONTHS = 24;

export function reject(sentence: string): never {
  throw ApplicationFailure.create({ message: sentence, type: 'VuggeRejected', nonRetryable: true });
}

export function todayOf(state: CaseState, nowIso: string): string {
  return toIso(localDayOf(Date.parse(nowIso), state.programme.timeZone));
}

function eventIds(state: CaseState): Set<string> {
  return new Set(state.programme.events.map((e) => e.id));
}

function lifecycleDate(state: CaseState, event: string): string | undefined {
  const fact = state.facts.facts.find((f) => f.kind === 'event' && f.event === event);
  return fact?.date;
}

export function parseEvent(input: unknown): CaseEvent {
  const parsed = CaseEvent.safeParse(input);
  if (parsed.success) return parsed.data;
  const type = (input as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(CASE_EVENT_TYPES as readonly string[]).includes(type)) {
    reject(`Ukendt hændelsestype '${String(type)}'; brug en af ${CASE_EVENT_TYPES.join(', ')}. / Unknown event type '${String(type)}'; use one of ${CASE_EVENT_TYPES.join(', ')}.`);
  }
  const problem = firstProblem(parsed.error);
  reject(`Hændelsen er ugyldig. ${problem.da} / The event is invalid. ${problem.en}`);
}

/** Checks an event against the case; returns it parsed, or throws the sentence to show. */
export function validateEvent(state: CaseState, input: unknown, nowIso: string, planOptions: PlanOptions = {}): CaseEvent {
  const event = parseEvent(input);
  const today = todayOf(state, nowIso);
  const date = event.type === 'due_date' ? undefined : event.at;
  if (date !== undefined && date < state.notified) {
    reject(`Datoen ${date} ligger før sagen begyndte (${state.notified}); ret datoen. / The date ${date} is before the case began (${state.notified}); correct the date.`);
  }
  if (date !== undefined && event.type !== 'planned' && date > today) {
    reject(`Datoen ${date} ligger efter i dag (${today}); registrér hændelsen, når den er sket. / The date ${date} is after today (${today}); register the event once it has happened.`);
  }
  const current = plan(state.programme, state.facts, nowIso, planOptions);
  switch (event.type) {
    case 'occurred':
      checkOccurred(state, event, current);
      break;
    case 'planned':
      checkPlanned(state, event, today);
      break;
    case 'visit':
      if (state.facts.facts.some((f) => f.kind === 'visit' && f.date === event.at && f.hours === event.hours && f.by === event.by)) {
        reject(`Besøget den ${event.at} på ${event.hours} timer er allerede registreret af ${event.by}. / The visit on ${event.at} of ${event.hours} hours is already registered by ${event.by}.`);
      }
      if (event.step) checkStepApplies(state, event.step, undefined, current);
      break;
    case 'pause':
      if (current.paused) reject('Sagen er allerede sat på pause; genoptag den først. / The case is already paused; resume it first.');
      break;
    case 'resume':
      if (!current.paused) reject('Sagen er ikke sat på pause, så den kan ikke genoptages. / The case is not paused, so it cannot be resumed.');
      break;
    case 'reassign':
      if (!state.programme.roles.some((r) => r.id === event.role)) {
        reject(`Programmet kender ikke rollen '${event.role}'; brug en af ${state.programme.roles.map((r) => r.id).join(', ')}. / The programme has no role '${event.role}'.`);
      }
      if (state.team[event.role] === event.staff) reject(`${event.staff} har allerede rollen '${event.role}' på sagen. / ${event.staff} already holds the role '${event.role}' on this case.`);
      break;
    case 'due_date':
      if (lifecycleDate(state, BIRTH)) reject('Barnet er født; terminsdatoen kan ikke ændres længere. / The child is born; the due date can no longer be changed.');
      if (state.facts.dueDate === event.dueDate) reject(`Terminsdatoen er allerede ${event.dueDate}. / The due date is already ${event.dueDate}.`);
      break;
  }
  return event;
}

function checkOccurred(state: CaseState, event: Extract<CaseEvent, { type: 'occurred' }>, current: Plan): void {
  const isEvent = eventIds(state).has(event.what);
  const isStep = stepIdsOf(state.programme).has(event.what);
  if (!isEvent && !isStep) {
    reject(`Programmet '${state.programme.id}' kender hverken et trin eller en hændelse '${event.what}'; brug et id fra reglerne. / The programme has no step or event '${event.what}'; use an id from the rules.`);
  }
  if (isEvent) {
    const earlier = lifecycleDate(state, event.what);
    if (earlier) reject(`Hændelsen '${event.what}' er allerede registreret (${earlier}). / The event '${event.what}' is already registered (${earlier}).`);
    if (event.what === BIRTH) checkBirth(state, event.at);
    if (event.what === DISCHARGE) {
      const birth = lifecycleDate(state, BIRTH);
      if (!birth) reject('Registrér fødslen før udskrivningen. / Register the birth before the discharge.');
      if (event.at < birth) reject(`Udskrivningen (${event.at}) kan ikke ligge før fødslen (${birth}). / The discharge (${event.at}) cannot be before the birth (${birth}).`);
    }
  }
  if (isStep) checkStepApplies(state, event.what, event.occurrence, current, event.at);
}

/** A birth must come after everything that only happens in pregnancy, and not absurdly early. */
function checkBirth(state: CaseState, birth: string): void {
  const due = state.facts.dueDate;
  if (due) {
    const earliest = toIso(addDuration(toDay(due), { months: 0, weeks: 40 - EARLIEST_BIRTH_WEEK, days: 0, hours: 0 }, -1));
    if (birth < earliest) {
      reject(`Fødselsdatoen ${birth} ligger før graviditetsuge ${EARLIEST_BIRTH_WEEK} (${earliest}) efter terminen ${due}; ret fødselsdatoen eller terminsdatoen. / The birth date ${birth} is before pregnancy week ${EARLIEST_BIRTH_WEEK} (${earliest}); correct the birth or due date.`);
    }
  }
  const screening = state.facts.facts.find((f) => (f.kind === 'done' && f.step === 'screening') || (f.kind === 'event' && f.event === 'screening'));
  if (screening && birth < screening.date) {
    reject(`Fødselsdatoen ${birth} ligger før screeningen i graviditeten (${screening.date}); ret datoen. / The birth date ${birth} is before the pregnancy screening (${screening.date}); correct the date.`);
  }
}

function checkStepApplies(state: CaseState, stepId: string, occurrence: number | undefined, current: Plan, at?: string): void {
  const occurrences = current.occurrences.filter((o) => o.stepId === stepId);
  const step = state.programme.steps.find((s) => s.id === stepId);
  const recurring = Boolean(step?.recurrence);
  const done = state.facts.facts.filter((f) => f.kind === 'done' && f.step === stepId);
  if (occurrence !== undefined && done.some((f) => f.kind === 'done' && f.occurrence === occurrence)) {
    reject(`Trinnet '${stepId}' nr. ${occurrence} er allerede registreret som udført. / Step '${stepId}' no. ${occurrence} is already registered as done.`);
  }
  if (!recurring && occurrence === undefined && done.length > 0) {
    reject(`Trinnet '${stepId}' er allerede registreret som udført (${done[0]!.date}). / Step '${stepId}' is already registered as done (${done[0]!.date}).`);
  }
  const target = occurrence === undefined ? occurrences.find((o) => o.status !== 'done') : occurrences.find((o) => o.occurrence === occurrence);
  // A step whose anchor has not happened yet has no occurrence: its condition decides alone.
  const conditionFalse = !target && step?.condition !== undefined && !evaluateCondition(step.condition, indexFacts(state.facts));
  // A before-birth step the birth made not applicable can still be registered as held before the birth.
  const birth = lifecycleDate(state, BIRTH);
  const heldBeforeBirth = target?.reason === 'born_before' && at !== undefined && birth !== undefined && at < birth;
  if (conditionFalse || (target?.status === 'not_applicable' && target.reason !== 'closed' && !heldBeforeBirth)) {
    const why = target?.reason ? (reasonLabels.da[target.reason] ?? target.reason) : 'betingelsen er ikke opfyldt';
    reject(`Trinnet '${stepId}' gælder ikke for denne sag (${why}). / Step '${stepId}' does not apply to this case.`);
  }
}

function checkPlanned(state: CaseState, event: Extract<CaseEvent, { type: 'planned' }>, today: string): void {
  if (!stepIdsOf(state.programme).has(event.step)) {
    reject(`Programmet '${state.programme.id}' har intet trin '${event.step}'; brug et trin-id fra reglerne. / The programme has no step '${event.step}'.`);
  }
  const limit = toIso(addDuration(toDay(today), { months: PLAN_AHEAD_LIMIT_MONTHS, weeks: 0, days: 0, hours: 0 }));
  if (event.at > limit) reject(`Et møde kan højst planlægges ${PLAN_AHEAD_LIMIT_MONTHS} måneder frem (til ${limit}). / A meeting can be planned at most ${PLAN_AHEAD_LIMIT_MONTHS} months ahead.`);
  if (!event.cancelled && event.at < today) reject(`Mødedatoen ${event.at} er allerede passeret; registrér et afholdt møde som 'occurred'. / The meeting date ${event.at} has passed; register a held meeting as 'occurred'.`);
  const latest = [...state.facts.facts].reverse().find((f) => f.kind === 'planned' && f.step === event.step && f.occurrence === event.occurrence);
  if (latest && latest.kind === 'planned' && latest.date === event.at && latest.time === event.time && Boolean(latest.cancelled) === Boolean(event.cancelled)) {
    reject(`'${event.step}' nr. ${event.occurrence} er allerede planlagt til ${event.at}. / '${event.step}' no. ${event.occurrence} is already planned for ${event.at}.`);
  }
}

export function validateAcknowledge(state: CaseState, input: unknown, nowIso: string, planOptions: PlanOptions = {}): Acknowledge {
  const parsed = Acknowledge.safeParse(input);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    reject(`Kvitteringen er ugyldig. ${problem.da} / The acknowledgement is invalid. ${problem.en}`);
  }
  const ack = parsed.data;
  const key = `${ack.stepId}:${ack.occurrence}`;
  if (state.acknowledged.includes(key)) reject(`Eskaleringen for '${ack.stepId}' nr. ${ack.occurrence} er allerede kvitteret. / The escalation is already acknowledged.`);
  const occ = plan(state.programme, state.facts, nowIso, planOptions).occurrences.find((o) => o.stepId === ack.stepId && o.occurrence === ack.occurrence);
  if (!occ || occ.status !== 'overdue') {
    reject(`'${ack.stepId}' nr. ${ack.occurrence} er ikke forsinket, så der er ingen eskalering at kvittere for. / '${ack.stepId}' no. ${ack.occurrence} is not overdue: there is no escalation to acknowledge.`);
  }
  return ack;
}

export function validateMigration(state: CaseState, input: unknown): Programme {
  const parsed = Programme.safeParse((input as { programme?: unknown } | null)?.programme);
  if (!parsed.success) reject(`Den nye regelversion er ikke et gyldigt kompileret program (${firstIssue(parsed.error)}); kompilér reglerne igen. / The new rules version is not a valid compiled programme.`);
  const next = parsed.data;
  if (next.id !== state.programme.id) {
    reject(`Sagen kører på programmet '${state.programme.id}' og kan ikke flyttes til '${next.id}'; vælg en version af samme program. / The case runs '${state.programme.id}' and cannot move to '${next.id}'.`);
  }
  if (next.version === state.programme.version) reject(`Sagen kører allerede på version ${next.version.slice(0, 12)}. / The case already runs version ${next.version.slice(0, 12)}.`);
  return next;
}
