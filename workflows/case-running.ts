/**
 * Whether the case is running: a pause and its resume, and what a closed case still accepts.
 *
 * After closing, a case accepts what its plan still expects — the closing steps (the closing
 * network meeting, the safety plan) and their planning, and any step still open — plus late
 * registrations of what happened on or before the closing date (a visit, a step, an event).
 * Anything dated after the closing, and every change to the running case (pause, resume,
 * reassignment, due date), is refused: the case's work has ended.
 */
import type { Plan } from '../dsl/plan/index.js';
import { indexFacts } from '../dsl/plan/index.js';
import { toIso } from '../dsl/plan/index.js';
import type { CaseEvent } from './case-input.js';
import { reject } from './case-reject.js';
import { lifecycleDate, type CaseState } from './case-state.js';

type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

export function checkPause(state: CaseState, event: EventOf<'pause'>, current: Plan): void {
  if (current.paused) reject({ code: 'pause.already', da: 'Sagen er allerede sat på pause; genoptag den først.', en: 'The case is already paused; resume it first.' });
  const ends = indexFacts(state.facts).pauses.flatMap((p) => (p.until === undefined ? [] : [p.until]));
  if (ends.length && event.at < toIso(Math.max(...ends))) {
    const resumed = toIso(Math.max(...ends));
    reject({
      code: 'pause.overlaps',
      da: `Pausen fra ${event.at} ligger i en tidligere pause, som sluttede ${resumed}; skriv en dato fra ${resumed}.`,
      en: `The pause from ${event.at} falls in an earlier pause that ended on ${resumed}; write a date from ${resumed}.`,
    });
  }
}

export function checkResume(state: CaseState, event: EventOf<'resume'>, current: Plan): void {
  if (!current.paused) reject({ code: 'resume.not_paused', da: 'Sagen er ikke sat på pause, så den kan ikke genoptages.', en: 'The case is not paused, so it cannot be resumed.' });
  const open = indexFacts(state.facts).pauses.find((p) => p.until === undefined);
  if (open && event.at < toIso(open.from)) {
    const from = toIso(open.from);
    reject({
      code: 'resume.before_pause',
      da: `Genoptagelsen den ${event.at} ligger før pausen begyndte (${from}), så sagen ville forblive på pause; skriv en dato fra ${from}.`,
      en: `The resume on ${event.at} is before the pause began (${from}), so the case would stay paused; write a date from ${from}.`,
    });
  }
}

/** The date the case was closed, when its closing event is registered. */
export function closingDate(state: CaseState): string | undefined {
  const closing = state.programme.closingEvent;
  return closing ? lifecycleDate(state, closing) : undefined;
}

const STATE_CHANGES = {
  pause: { da: 'sættes på pause', en: 'be paused' },
  resume: { da: 'genoptages', en: 'be resumed' },
  reassign: { da: 'få en ny medarbejder', en: 'be given to another staff member' },
  due_date: { da: 'få en ny terminsdato', en: 'get a new due date' },
} as const;

export function checkAfterClosing(state: CaseState, event: CaseEvent, closedOn: string, current: Plan): void {
  if (event.type in STATE_CHANGES) {
    const change = STATE_CHANGES[event.type as keyof typeof STATE_CHANGES];
    reject({
      code: 'closed.state_change',
      da: `Sagen blev afsluttet den ${closedOn} og kan ikke længere ${change.da}.`,
      en: `The case was closed on ${closedOn} and can no longer ${change.en}.`,
    });
  }
  if (event.type === 'planned') {
    const target = current.occurrences.find((o) => o.stepId === event.step && o.occurrence === event.occurrence);
    if (target && target.status !== 'not_applicable' && target.status !== 'done') return;
    reject({
      code: 'closed.planned',
      da: `Sagen blev afsluttet den ${closedOn}; kun de trin, sagen stadig mangler, kan planlægges, og '${event.step}' nr. ${event.occurrence} er ikke et af dem.`,
      en: `The case was closed on ${closedOn}; only the steps it still expects can be planned, and '${event.step}' no. ${event.occurrence} is not one of them.`,
    });
  }
  if ((event.type !== 'visit' && event.type !== 'occurred') || event.at <= closedOn) return;
  if (event.type === 'occurred' && stillExpected(state, event, current)) return;
  const what =
    event.type === 'visit'
      ? { da: 'besøget', en: 'the visit' }
      : state.programme.events.some((e) => e.id === event.what)
        ? { da: `hændelsen '${event.what}'`, en: `the event '${event.what}'` }
        : { da: `trinnet '${event.what}'`, en: `the step '${event.what}'` };
  reject({
    code: 'closed.after_closing',
    da: `Sagen blev afsluttet den ${closedOn}, og ${what.da} den ${event.at} ligger efter afslutningen; efter den registreres kun de afsluttende trin.`,
    en: `The case was closed on ${closedOn} and ${what.en} on ${event.at} is after the closing; after it only the closing steps are registered.`,
  });
}

/** A step the closed case's plan still has open (not cut by the closing, not done). */
function stillExpected(state: CaseState, event: EventOf<'occurred'>, current: Plan): boolean {
  if (state.programme.events.some((e) => e.id === event.what)) return false;
  const occurrences = current.occurrences.filter((o) => o.stepId === event.what);
  const target = event.occurrence === undefined ? occurrences.find((o) => o.status !== 'done') : occurrences.find((o) => o.occurrence === event.occurrence);
  return target !== undefined && target.status !== 'not_applicable' && target.status !== 'done';
}
