/**
 * Calm escalation and the catch-up (cases from the 'catch-up-level-by-level' patch on; the policy is
 * written down in docs/notifications.md):
 * - an escalation goes level by level from the first; the next level waits until its own moment
 *   and until its interval has passed since the previous level was notified;
 * - escalations of one level to the same people that fall due together go out as one mail;
 * - overdue steps the case learns of late (at opening, or through a late registration) are not
 *   escalated as if they were new: each owner gets one catch-up mail listing them, and their
 *   escalation starts at the first level, from now.
 */
import type { EscalationMoment, Occurrence } from '../dsl/plan/index.js';
import { toDay } from '../dsl/plan/index.js';
import { localToUtcIso } from '../dsl/plan/index.js';
import { leaderRolesOf, vocabularyOf } from '../dsl/plan/index.js';
import type { CaseState } from './case-state.js';
import { base, forOccurrence, nextNoticeKey, noticeItem, type Outgoing } from './notify-requests.js';

export const occurrenceKey = (occ: Pick<Occurrence, 'stepId' | 'occurrence'>): string => `${occ.stepId}:${occ.occurrence}`;

/** The instant an occurrence becomes overdue: the start of the day after its latest date. */
export function overdueFrom(occ: Pick<Occurrence, 'latest'>, zone: string): number {
  return Date.parse(localToUtcIso(toDay(occ.latest) + 1, '00:00', zone));
}

/**
 * The case wakes at the moment an occurrence becomes overdue; one that turns up overdue longer ago
 * than this, unknown before, was put in the past by what the case learned late.
 */
const ON_TIME_SLACK_MS = 3_600_000;

/**
 * Overdue occurrences the case did not know of: at its first look (opening), or any that turn up
 * overdue since before its last look or for longer than the slack (a late registration).
 */
export function missedOverdue(state: CaseState, overdue: readonly Occurrence[], nowMs: number): Occurrence[] {
  const known = new Set(state.overdueKnown ?? []);
  const last = state.lastLookAt === undefined ? undefined : Date.parse(state.lastLookAt);
  const zone = state.programme.timeZone;
  return overdue.filter((o) => {
    if (known.has(occurrenceKey(o))) return false;
    const from = overdueFrom(o, zone);
    return last === undefined || from <= last || nowMs - from > ON_TIME_SLACK_MS;
  });
}

/** Late registrations come several at a time (birth, then discharge): the catch-up waits for a quiet spell. */
const CATCH_UP_SETTLE_MS = 10 * 60_000;

/** Holds newly missed occurrences for the catch-up; each new one moves the sending a settle period on. */
export function holdCatchUp(state: CaseState, missed: readonly Occurrence[], nowMs: number): void {
  if (!missed.length) return;
  const keys = new Set(state.catchUp?.keys ?? []);
  for (const o of missed) keys.add(occurrenceKey(o));
  // The first look of a new case has nothing to wait for.
  const at = state.lastLookAt === undefined ? nowMs : nowMs + CATCH_UP_SETTLE_MS;
  state.catchUp = { at: new Date(at).toISOString(), keys: [...keys] };
}

/** Once the settle period is over: the held occurrences still overdue now (those done meanwhile drop out). */
export function releaseCatchUp(state: CaseState, overdue: readonly Occurrence[], nowMs: number): Occurrence[] {
  if (!state.catchUp || Date.parse(state.catchUp.at) > nowMs) return [];
  const keys = new Set(state.catchUp.keys);
  state.catchUp = undefined;
  return overdue.filter((o) => keys.has(occurrenceKey(o)));
}

/** Remembers what was overdue at this look, and when it was. */
export function rememberLook(state: CaseState, overdue: readonly Occurrence[], nowMs: number): void {
  state.overdueKnown = overdue.map(occurrenceKey);
  state.lastLookAt = new Date(nowMs).toISOString();
}

/** The escalation level last notified for an occurrence and when, if any was. */
export function lastEscalated(state: CaseState, occ: Occurrence, sent: ReadonlySet<string>): { level: number; atMs: number } | undefined {
  const recorded = state.escalated?.[occurrenceKey(occ)];
  if (recorded) return { level: recorded.level, atMs: Date.parse(recorded.at) };
  // Before the patch only the keys were kept: the highest level sent, at its planned moment.
  const top = occ.escalations.filter((e) => sent.has(`${occurrenceKey(occ)}:escalation:${e.level}`)).at(-1);
  return top ? { level: top.level, atMs: Date.parse(top.at) } : undefined;
}

/** The next level of an occurrence's chain and when it falls due, if the chain has one left. */
export function nextEscalation(state: CaseState, occ: Occurrence, sent: ReadonlySet<string>): { moment: EscalationMoment; dueMs: number } | undefined {
  if (state.acknowledged.includes(occurrenceKey(occ))) return undefined;
  const last = lastEscalated(state, occ, sent);
  const moment = occ.escalations.find((e) => e.level === (last?.level ?? 0) + 1);
  if (!moment) return undefined;
  let dueMs = Date.parse(moment.at);
  const previous = last && occ.escalations.find((e) => e.level === last.level);
  if (last && previous) dueMs = Math.max(dueMs, last.atMs + Date.parse(moment.at) - Date.parse(previous.at));
  return { moment, dueMs };
}

/**
 * The escalations due now, one level each; those of one level to the same roles go as one mail.
 * `missed` occurrences are marked as caught up, so the mail says they were late before the case knew.
 */
export function dueEscalations(state: CaseState, overdue: readonly Occurrence[], missed: ReadonlySet<string>, nowMs: number, sent: ReadonlySet<string>): Outgoing[] {
  const groups = new Map<string, { moment: EscalationMoment; occurrences: Occurrence[]; catchUp: boolean }>();
  for (const occ of overdue) {
    const next = nextEscalation(state, occ, sent);
    if (!next || next.dueMs > nowMs) continue;
    const catchUp = missed.has(occurrenceKey(occ));
    const group = `${next.moment.level}|${next.moment.to.join(',')}|${catchUp}`;
    const entry = groups.get(group) ?? { moment: next.moment, occurrences: [], catchUp };
    entry.occurrences.push(occ);
    groups.set(group, entry);
  }
  const now = new Date(nowMs).toISOString();
  return [...groups.values()].map(({ moment, occurrences, catchUp }) => {
    const keys = occurrences.map((o) => `${occurrenceKey(o)}:escalation:${moment.level}`);
    const escalates = occurrences.map((o) => ({ occurrence: occurrenceKey(o), level: moment.level }));
    if (occurrences.length === 1) {
      const one = forOccurrence(state, 'escalation', moment.level, occurrences[0]!, catchUp ? now : moment.at, moment.to);
      Object.assign(one.request, { escalationLevel: moment.level, catchUp: catchUp || undefined });
      return { ...one, escalates };
    }
    const many = base(state, 'escalation', moment.level, {}, now, moment.to, nextNoticeKey(state, 'escalation'));
    Object.assign(many.request, { escalationLevel: moment.level, catchUp: catchUp || undefined, items: occurrences.map(noticeItem) });
    return { ...many, alsoKeys: keys, escalates };
  });
}

/**
 * One catch-up mail per owner of the missed occurrences, listing that owner's steps. Owners are
 * grouped by the staff holding their roles (a person with two roles gets one mail); a caseworker
 * role nobody holds on the team has nobody to tell.
 */
export function catchUpMails(state: CaseState, missed: readonly Occurrence[], nowMs: number): Outgoing[] {
  const byRecipient = new Map<string, { roles: Set<string>; occurrences: Occurrence[] }>();
  const leaderRoles = leaderRolesOf(vocabularyOf(state.programme));
  for (const occ of missed) {
    for (const role of occ.owners) {
      const staff = state.leaders?.[role] ?? state.team[role] ?? (leaderRoles.includes(role) ? `role:${role}` : undefined);
      if (!staff) continue;
      const entry = byRecipient.get(staff) ?? { roles: new Set<string>(), occurrences: [] };
      entry.roles.add(role);
      if (!entry.occurrences.includes(occ)) entry.occurrences.push(occ);
      byRecipient.set(staff, entry);
    }
  }
  const now = new Date(nowMs).toISOString();
  return [...byRecipient.values()].map(({ roles, occurrences }) => {
    const o = base(state, 'catch_up', 0, {}, now, [...roles], nextNoticeKey(state, 'catch_up'));
    Object.assign(o.request, { catchUp: true, items: occurrences.map(noticeItem) });
    return o;
  });
}

/** The next moment an escalation level falls due (the case's timer must wake for it). */
export function nextEscalationWake(state: CaseState, occurrences: readonly Occurrence[], nowMs: number): number | undefined {
  const sent = new Set(state.sent);
  let next = Infinity;
  for (const occ of occurrences) {
    const due = nextEscalation(state, occ, sent)?.dueMs;
    if (due !== undefined && due > nowMs && due < next) next = due;
  }
  return Number.isFinite(next) ? next : undefined;
}

/** Marks the levels a sent mail notified: the next level's interval counts from `nowMs`. */
export function markEscalated(state: CaseState, escalates: readonly { occurrence: string; level: number }[], nowMs: number): void {
  if (!escalates.length) return;
  state.escalated ??= {};
  for (const e of escalates) state.escalated[e.occurrence] = { level: e.level, at: new Date(nowMs).toISOString() };
}
