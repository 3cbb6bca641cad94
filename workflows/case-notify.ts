/**
 * From a plan to the notifications that are due now and the next moment that matters. Pure: the
 * workflow calls it on every wake, marks what it sends in state, and sleeps until `nextWake`.
 * Each notification has a stable key, so a re-plan never sends the same reminder twice.
 */
import { DateTime } from 'luxon';
import { toDay } from '../dsl/plan/index.js';
import { localToUtcIso, vocabularyOf } from '../dsl/plan/index.js';
import type { Occurrence, Plan } from '../dsl/plan/index.js';
import type { NotificationKind } from '../activities/notification-types.js';
import { lifecycleDate, lifecycleOf, type CaseState } from './case-state.js';
import { catchUpMails, dueEscalations, holdCatchUp, markEscalated, missedOverdue, nextEscalationWake, occurrenceKey, releaseCatchUp, rememberLook } from './notify-escalation.js';
import { judgedShortfalls, nextNormJudging } from './notify-norm.js';
import { base, forOccurrence, withEnglishStepTitles, type Outgoing } from './notify-requests.js';

export type { Outgoing };

/** A reminder found more than this late (a late registration re-planned it into the past) is dropped. */
const REMINDER_GRACE_MS = 36 * 3_600_000;
/** Visit-norm shortfalls older than this are not escalated any more (e.g. after a late-registered birth). */
const SHORTFALL_GRACE_DAYS = 14;
/** The step id under which visit-norm shortfalls appear as overdue items and escalations. */
export const VISIT_NORM_STEP = 'besoegsnorm';
const DEFAULT_MEETING_MINUTES = 60;
const DEFAULT_MEETING_TIME = '09:00';

export interface NotifyOptions {
  /**
   * Reminder and due-today keys end in the occurrence's target date, so a meeting moved after its
   * reminder is reminded again before the new date (off for cases started before the patch).
   */
  datedReminderKeys?: boolean;
  /**
   * Escalation level by level, grouped per level and recipients, and one catch-up mail per owner
   * for overdue steps the case learns of late (off for cases started before the patch).
   */
  levelByLevel?: boolean;
  /** Visit-norm weeks are judged after the registration grace (off for cases started before the patch). */
  normGrace?: boolean;
  /** The visit-norm cut-off date is taken in the programme's zone, not the worker machine's. */
  zonedNormCutoff?: boolean;
}

/** `stepId:occurrence:kind:index` and, with dated keys, `:target` — the key a reminder is sent once under. */
export function reminderKey(occ: Pick<Occurrence, 'stepId' | 'occurrence' | 'target'>, kind: NotificationKind, index: number, dated: boolean): string {
  const key = `${occ.stepId}:${occ.occurrence}:${kind}:${index}`;
  return dated ? `${key}:${occ.target}` : key;
}

/** ISO week as a number (e.g. 202714): a stable occurrence number for a norm week. */
export function isoWeekNumber(isoDate: string): number {
  const d = DateTime.fromISO(isoDate, { zone: 'utc' });
  return d.weekYear * 100 + d.weekNumber;
}

function stepPausable(state: CaseState, stepId: string): boolean {
  const id = stepId.split('__')[0];
  return state.programme.steps.find((s) => s.id === id)?.pausable ?? true;
}

/** Every notification due at `nowMs` that has not been sent. */
export function dueNotifications(state: CaseState, current: Plan, nowMs: number, options: NotifyOptions = {}): Outgoing[] {
  const sent = new Set(state.sent);
  const dated = options.datedReminderKeys ?? false;
  const out: Outgoing[] = [];
  const acknowledged = new Set(state.acknowledged);
  const calm = options.levelByLevel ?? false;
  const overdue: Occurrence[] = [];
  for (const occ of current.occurrences) {
    if (occ.status === 'done' || occ.status === 'not_applicable') continue;
    if (current.paused && stepPausable(state, occ.stepId)) continue;
    if (occ.status === 'overdue') overdue.push(occ);
    // An overdue step is past its reminders: the escalation or the catch-up speaks for it.
    if (calm && occ.status === 'overdue') continue;
    occ.reminders.forEach((r, i) => {
      const at = Date.parse(r.at);
      if (at > nowMs || nowMs - at > REMINDER_GRACE_MS) return;
      // An undated key comes from a run before the patch (carried over by continue-as-new): it
      // stands for the date the occurrence had then, so it still counts as sent.
      const undated = reminderKey(occ, r.kind, i, false);
      const key = reminderKey(occ, r.kind, i, dated);
      if (!sent.has(key) && !sent.has(undated)) out.push(forOccurrence(state, r.kind, i, occ, r.at, r.to, key));
    });
    if (!calm) out.push(...highestEscalation(state, occ, nowMs, sent, acknowledged));
  }
  if (calm) {
    holdCatchUp(state, missedOverdue(state, overdue, nowMs), nowMs);
    const caughtUp = releaseCatchUp(state, overdue, nowMs);
    out.push(...catchUpMails(state, caughtUp, nowMs));
    const held = new Set(state.catchUp?.keys ?? []);
    const escalating = overdue.filter((o) => !held.has(occurrenceKey(o)));
    out.push(...dueEscalations(state, escalating, new Set(caughtUp.map(occurrenceKey)), nowMs, sent));
    // Steps held by a pause stay known: a resume is no late registration.
    rememberLook(state, current.occurrences.filter((o) => o.status === 'overdue'), nowMs);
  }
  out.push(...normShortfalls(state, current, nowMs, sent, options));
  out.push(...invitations(state));
  out.push(...planShort(state, current, nowMs));
  return out.map((o) => withEnglishStepTitles(state.programme, o));
}

/** Before the 'catch-up-level-by-level' patch: only the highest level reached goes out. */
function highestEscalation(state: CaseState, occ: Occurrence, nowMs: number, sent: Set<string>, acknowledged: Set<string>): Outgoing[] {
  if (acknowledged.has(`${occ.stepId}:${occ.occurrence}`)) return [];
  // A late-registered fact never replays a whole chain.
  const top = occ.escalations.filter((e) => Date.parse(e.at) <= nowMs).at(-1);
  if (!top) return [];
  const higherSent = occ.escalations.some((e) => e.level >= top.level && sent.has(`${occ.stepId}:${occ.occurrence}:escalation:${e.level}`));
  if (higherSent) return [];
  const esc = forOccurrence(state, 'escalation', top.level, occ, top.at, top.to);
  esc.request.escalationLevel = top.level;
  return [esc];
}

function normShortfalls(state: CaseState, current: Plan, nowMs: number, sent: Set<string>, options: NotifyOptions): Outgoing[] {
  // `visit norm to <audience> for <owners>` in the rules.
  const { audience, owners } = vocabularyOf(state.programme).visitNorm;
  if (!audience.length) return [];
  const out: Outgoing[] = [];
  for (const s of judgeable(state, current, nowMs, options)) {
    const o = base(state, 'escalation', 1, { stepId: VISIT_NORM_STEP, occurrence: isoWeekNumber(s.weekStart) }, new Date(nowMs).toISOString(), audience);
    if (sent.has(o.key)) continue;
    Object.assign(o.request, {
      stepTitle: `Besøgsnorm: ${s.loggedHours} af ${s.requiredHours} timer`,
      stepTitleEn: `Visit norm: ${s.loggedHours} of ${s.requiredHours} hours`,
      earliest: s.weekStart,
      latest: s.weekEnd,
      escalationLevel: 1,
      ownerRoles: owners,
    });
    out.push(o);
  }
  return out;
}

/** The shortfall weeks a wake may mail about, by the rules the case runs on. */
function judgeable(state: CaseState, current: Plan, nowMs: number, options: NotifyOptions): Plan['visitShortfalls'] {
  if (options.normGrace) return judgedShortfalls(state.programme, current.visitShortfalls, nowMs, SHORTFALL_GRACE_DAYS);
  const zone = options.zonedNormCutoff ? { zone: state.programme.timeZone } : {};
  // Before the 'zoned-norm-cutoff' patch the worker machine's zone decided this date.
  // eslint-disable-next-line no-restricted-syntax
  const cutoff = DateTime.fromMillis(nowMs, zone).minus({ days: SHORTFALL_GRACE_DAYS }).toISODate()!;
  return current.visitShortfalls.filter((s) => s.weekEnd >= cutoff);
}

/** A calendar invitation whenever a planned meeting occurrence is new, moved or cancelled. */
function invitations(state: CaseState): Outgoing[] {
  const latest = new Map<string, { step: string; occurrence: number; date: string; time?: string; cancelled?: boolean }>();
  for (const f of state.facts.facts) if (f.kind === 'planned') latest.set(`${f.step}:${f.occurrence}`, f);
  const out: Outgoing[] = [];
  for (const [k, f] of latest) {
    const step = state.programme.steps.find((s) => s.id === f.step);
    if (!step || step.kind !== 'meeting') continue;
    const prev = state.invitations[k];
    if (prev && prev.date === f.date && prev.time === f.time && Boolean(prev.cancelled) === Boolean(f.cancelled)) continue;
    if (!prev && f.cancelled) continue;
    const sequence = (prev?.sequence ?? -1) + 1;
    const start = DateTime.fromISO(`${f.date}T${f.time ?? DEFAULT_MEETING_TIME}`, { zone: state.programme.timeZone });
    const o = base(state, 'invitation', sequence, { stepId: f.step, occurrence: f.occurrence }, start.toUTC().toISO()!, step.owners);
    Object.assign(o.request, {
      stepTitle: step.title,
      target: f.date,
      time: f.time,
      meeting: { start: start.toUTC().toISO()!, durationMinutes: step.durationMinutes ?? DEFAULT_MEETING_MINUTES, cancelled: f.cancelled || undefined },
    });
    out.push(o);
  }
  return out;
}

/** One plan_short notice per episode: raised when a warning appears, re-armed when it clears. */
function planShort(state: CaseState, current: Plan, nowMs: number): Outgoing[] {
  const out: Outgoing[] = [];
  for (const w of current.planHorizon) {
    const episode = state.planShort[w.stepId];
    if (episode?.open) continue;
    const step = state.programme.steps.find((s) => s.id === w.stepId);
    const o = base(state, 'plan_short', (episode?.count ?? 0) + 1, { stepId: w.stepId, occurrence: 0 }, new Date(nowMs).toISOString(), step?.owners ?? []);
    Object.assign(o.request, { stepTitle: step?.title, plannedUntil: w.plannedUntil, requiredUntil: w.requiredUntil });
    out.push(o);
  }
  return out;
}

/** Marks an outgoing notification as handled in state (sent, or given up after a business failure). */
export function markSent(state: CaseState, o: Outgoing, nowMs: number): void {
  state.sent.push(o.key, ...(o.alsoKeys ?? []));
  markEscalated(state, o.escalates ?? [], nowMs);
  const r = o.request;
  if (r.kind === 'invitation' && r.stepId) {
    const f = { date: r.target ?? '', time: r.time, cancelled: r.meeting?.cancelled, sequence: r.sequence };
    state.invitations[`${r.stepId}:${r.occurrence}`] = f;
  }
  if (r.kind === 'plan_short' && r.stepId) state.planShort[r.stepId] = { open: true, count: r.sequence };
}

/** Takes the plan's overdue occurrences as known, without mail (a run carried over from before the catch-up patch). */
export function knowOverdueSilently(state: CaseState, current: Plan, nowMs: number): void {
  rememberLook(state, current.occurrences.filter((o) => o.status === 'overdue'), nowMs);
}

/** Closes plan_short episodes whose warning has cleared, so the next shortfall is announced again. */
export function clearPlanShort(state: CaseState, current: Plan): void {
  const open = new Set(current.planHorizon.map((w) => w.stepId));
  for (const [stepId, episode] of Object.entries(state.planShort)) if (episode.open && !open.has(stepId)) episode.open = false;
}

/**
 * The next instant something can change without an event: a reminder or escalation, the day after
 * a deadline (the overdue list changes), the weekly visit-norm check. Undefined: wait for events.
 */
export function nextWake(state: CaseState, current: Plan, nowMs: number, options: NotifyOptions = {}): number | undefined {
  let next = Infinity;
  const consider = (ms: number) => {
    if (ms > nowMs && ms < next) next = ms;
  };
  const zone = state.programme.timeZone;
  const acknowledged = new Set(state.acknowledged);
  for (const occ of current.occurrences) {
    if (occ.status === 'done' || occ.status === 'not_applicable') continue;
    for (const r of occ.reminders) consider(Date.parse(r.at));
    if (!options.levelByLevel && !acknowledged.has(`${occ.stepId}:${occ.occurrence}`)) for (const e of occ.escalations) consider(Date.parse(e.at));
    // The planner's cached zone arithmetic: Luxon per occurrence made this the slowest step of a wake.
    consider(Date.parse(localToUtcIso(toDay(occ.latest) + 1, '00:00', zone)));
  }
  if (options.levelByLevel) {
    const open = current.occurrences.filter((o) => o.status !== 'done' && o.status !== 'not_applicable');
    const escalation = nextEscalationWake(state, open, nowMs);
    if (escalation !== undefined) consider(escalation);
    if (state.catchUp) consider(Date.parse(state.catchUp.at));
  }
  const birth = lifecycleDate(state, lifecycleOf(state).birth) !== undefined;
  if (birth && (state.programme.norms?.length ?? 0) > 0 && !current.closed && options.normGrace) {
    const judging = nextNormJudging(state.programme, nowMs);
    if (judging !== undefined) consider(judging);
  } else if (birth && (state.programme.norms?.length ?? 0) > 0 && !current.closed) {
    const [h, m] = (state.programme.reminderTime ?? '08:00').split(':').map(Number);
    let monday = DateTime.fromMillis(nowMs, { zone }).startOf('week').set({ hour: h, minute: m });
    if (monday.toMillis() <= nowMs) monday = monday.plus({ weeks: 1 });
    consider(monday.toMillis());
  }
  return Number.isFinite(next) ? next : undefined;
}
