/**
 * The validators' checks on steps: a step applies to the case and is not done twice, an occurrence
 * is one the step has or could have, a meeting is planned within reach, and a day's visit hours fit
 * in a day.
 */
import type { Plan } from '../dsl/plan/index.js';
import { evaluateCondition } from '../dsl/plan/index.js';
import { indexFacts } from '../dsl/plan/index.js';
import { addDuration, toDay, toIso } from '../dsl/plan/index.js';
import { formatNumberDa } from '../dsl/contract-core.js';
import { reasonLabels } from '../dsl/plan/index.js';
import type { CaseEvent } from './case-input-schema.js';
import { reject } from './case-reject.js';
import { lifecycleDate, lifecycleOf, stepIdsOf, type CaseState } from './case-state.js';
import { MAX_VISIT_HOURS_PER_DAY, occurrenceLimit, PLAN_AHEAD_LIMIT_MONTHS } from './case-bounds.js';

/** The occurrence must be one the step has or could have (occurrence 1 of a one-time step). */
function checkOccurrenceExists(state: CaseState, stepId: string, occurrence: number, current: Plan): void {
  const limit = occurrenceLimit(state.programme, stepId, current);
  if (occurrence <= limit) return;
  reject(
    limit === 1
      ? {
          code: 'occurrence.one_time',
          da: `Trinnet '${stepId}' sker kun én gang, så der er ingen gentagelse nr. ${occurrence}; udelad nummeret eller skriv 1.`,
          en: `Step '${stepId}' happens only once, so there is no occurrence no. ${occurrence}; leave the number out or write 1.`,
        }
      : {
          code: 'occurrence.beyond_plan',
          da: `Trinnet '${stepId}' har ingen gentagelse nr. ${occurrence}; sagens plan rækker til nr. ${limit}, så ret nummeret.`,
          en: `Step '${stepId}' has no occurrence no. ${occurrence}; the case's plan reaches no. ${limit}, so correct the number.`,
        },
  );
}

export function checkStepApplies(state: CaseState, stepId: string, occurrence: number | undefined, current: Plan, at?: string): void {
  if (occurrence !== undefined) checkOccurrenceExists(state, stepId, occurrence, current);
  const occurrences = current.occurrences.filter((o) => o.stepId === stepId);
  const step = state.programme.steps.find((s) => s.id === stepId);
  const recurring = Boolean(step?.recurrence);
  const done = state.facts.facts.filter((f) => f.kind === 'done' && f.step === stepId);
  if (occurrence !== undefined && done.some((f) => f.kind === 'done' && f.occurrence === occurrence)) {
    reject({
      code: 'step.done_already',
      da: `Trinnet '${stepId}' nr. ${occurrence} er allerede registreret som udført.`,
      en: `Step '${stepId}' no. ${occurrence} is already registered as done.`,
    });
  }
  if (!recurring && occurrence === undefined && done.length > 0) {
    reject({
      code: 'step.done_already',
      da: `Trinnet '${stepId}' er allerede registreret som udført (${done[0]!.date}).`,
      en: `Step '${stepId}' is already registered as done (${done[0]!.date}).`,
    });
  }
  const target = occurrence === undefined ? occurrences.find((o) => o.status !== 'done') : occurrences.find((o) => o.occurrence === occurrence);
  // A step whose anchor has not happened yet has no occurrence: its condition decides alone.
  const conditionFalse = !target && step?.condition !== undefined && !evaluateCondition(step.condition, indexFacts(state.facts, lifecycleOf(state)));
  // A before-birth step the birth made not applicable can still be registered as held before the birth.
  const birth = lifecycleDate(state, lifecycleOf(state).birth);
  const heldBeforeBirth = target?.reason === 'born_before' && at !== undefined && birth !== undefined && at < birth;
  if (conditionFalse || (target?.status === 'not_applicable' && target.reason !== 'closed' && !heldBeforeBirth)) {
    const reason = target?.reason ?? 'condition';
    reject({
      code: 'step.not_applicable',
      da: `Trinnet '${stepId}' gælder ikke for denne sag (${reasonLabels.da[reason] ?? reason}).`,
      en: `Step '${stepId}' does not apply to this case (${reasonLabels.en[reason] ?? reason}).`,
    });
  }
}

export function checkVisit(state: CaseState, event: Extract<CaseEvent, { type: 'visit' }>, current: Plan): void {
  const sameDay = state.facts.facts.filter((f) => f.kind === 'visit' && f.date === event.at);
  if (sameDay.some((f) => f.kind === 'visit' && f.hours === event.hours && f.by === event.by)) {
    reject({
      code: 'visit.repeat',
      da: `Besøget den ${event.at} på ${formatNumberDa(event.hours)} timer er allerede registreret af ${event.by}.`,
      en: `The visit on ${event.at} of ${event.hours} hours is already registered by ${event.by}.`,
    });
  }
  const logged = sameDay.reduce((sum, f) => sum + (f.kind === 'visit' ? f.hours : 0), 0);
  if (logged + event.hours > MAX_VISIT_HOURS_PER_DAY) {
    const left = MAX_VISIT_HOURS_PER_DAY - logged;
    const fix =
      left > 0
        ? { da: `skriv højst ${formatNumberDa(left)} timer, eller ret dagens besøg`, en: `write at most ${left} hours, or correct the day's visits` }
        : { da: 'dagen er fuld, så ret dagens besøg', en: "the day is full, so correct the day's visits" };
    reject({
      code: 'visit.day_hours',
      da: `Den ${event.at} er der allerede registreret ${formatNumberDa(logged)} timers besøg, og et døgn har ${MAX_VISIT_HOURS_PER_DAY} timer; ${fix.da}.`,
      en: `${event.at} already has ${logged} hours of visits logged and a day has ${MAX_VISIT_HOURS_PER_DAY} hours; ${fix.en}.`,
    });
  }
  if (event.step) checkStepApplies(state, event.step, undefined, current);
}

export function checkPlanned(state: CaseState, event: Extract<CaseEvent, { type: 'planned' }>, today: string, current: Plan): void {
  if (!stepIdsOf(state.programme).has(event.step)) {
    reject({
      code: 'planned.unknown_step',
      da: `Programmet '${state.programme.id}' har intet trin '${event.step}'; brug et trin-id fra reglerne.`,
      en: `The programme '${state.programme.id}' has no step '${event.step}'; use a step id from the rules.`,
    });
  }
  const limit = toIso(addDuration(toDay(today), { months: PLAN_AHEAD_LIMIT_MONTHS, weeks: 0, days: 0, hours: 0 }));
  if (event.at > limit) {
    reject({
      code: 'planned.too_far',
      da: `Et møde kan højst planlægges ${PLAN_AHEAD_LIMIT_MONTHS} måneder frem (til ${limit}).`,
      en: `A meeting can be planned at most ${PLAN_AHEAD_LIMIT_MONTHS} months ahead (until ${limit}).`,
    });
  }
  if (!event.cancelled && event.at < today) {
    reject({
      code: 'planned.past',
      da: `Mødedatoen ${event.at} er allerede passeret; registrér et afholdt møde som udført i stedet.`,
      en: `The meeting date ${event.at} has passed; register a held meeting as done instead.`,
    });
  }
  checkOccurrenceExists(state, event.step, event.occurrence, current);
  const latest = [...state.facts.facts].reverse().find((f) => f.kind === 'planned' && f.step === event.step && f.occurrence === event.occurrence);
  if (latest && latest.kind === 'planned' && latest.date === event.at && latest.time === event.time && Boolean(latest.cancelled) === Boolean(event.cancelled)) {
    reject({
      code: 'planned.same',
      da: `'${event.step}' nr. ${event.occurrence} er allerede planlagt til ${event.at}.`,
      en: `'${event.step}' no. ${event.occurrence} is already planned for ${event.at}.`,
    });
  }
}
