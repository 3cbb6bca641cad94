/**
 * Which cases wake at one instant: for each notification date of the last 18 months, the case
 * workflow's own first task is run on its pure parts (plan, the due notices, the next wake) and
 * the dates whose next wake is `at` are kept. bench/scale.ts opens its wake-burst cases on these.
 */
import { DateTime } from 'luxon';
import type { Programme } from '../dsl/compile/model.js';
import { plan } from '../dsl/plan/index.js';
import { clearPlanShort, dueNotifications, markSent, nextWake, type NotifyOptions } from '../workflows/case-notify.js';
import { initialState } from '../workflows/case-state.js';

export const ZONE = 'Europe/Copenhagen';

/** The options of a case started today: every patch taken. */
const notifyOptions: NotifyOptions = { datedReminderKeys: true, levelByLevel: true, normGrace: true, zonedNormCutoff: true };
const planOptions = { preconditionsFromSeriesStart: true };

export function burstCandidates(programme: Programme, at: DateTime, now: DateTime): { notified: string; dueDate: string }[] {
  const nowMs = now.toMillis();
  const nowIso = now.toUTC().toISO()!;
  const found: { notified: string; dueDate: string }[] = [];
  for (let back = 0; back < 548; back++) {
    const notified = now.minus({ days: back }).toISODate()!;
    const dueDate = DateTime.fromISO(notified, { zone: ZONE }).plus({ days: 60 }).toISODate()!;
    const team = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' };
    const state = initialState({ caseId: 'W-0', unit: 'nord', municipality: '0751', team, notified, dueDate, openedBy: 'sr-mette' }, programme, nowIso);
    const first = plan(programme, state.facts, nowIso, planOptions);
    clearPlanShort(state, first);
    for (const o of dueNotifications(state, first, nowMs, notifyOptions)) markSent(state, o, nowMs);
    if (nextWake(state, plan(programme, state.facts, nowIso, planOptions), nowMs, notifyOptions) === at.toMillis()) found.push({ notified, dueDate });
  }
  return found;
}
