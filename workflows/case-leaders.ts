/**
 * The unit's leaders on a case: the roles the rules declare `is team leader` / `is department leader`.
 * Some steps are owned by them; the case team maps
 * caseworker roles only, so without this their overdue items named nobody. Leaders belong to the
 * unit, so the staff directory is asked through a (local) activity (its answer is recorded in history) when
 * the case starts and again after a reassignment.
 */
import { log, proxyLocalActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications.js';
import { leaderRolesOf, vocabularyOf } from '../dsl/plan/index.js';
import type { CaseState } from './case-state.js';

// A directory look-up is quick and local to the worker: a local activity runs it inside the workflow
// task (its answer is still recorded, as a marker), so opening a case costs no extra round trip to
// the server. A few retries ride out a hiccup, then the case carries on.
const { resolveRoles } = proxyLocalActivities<Pick<NotificationActivities, 'resolveRoles'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Whether the loop should look the leaders up before it plans. */
export function leadersNeeded(state: CaseState): boolean {
  return state.leaders === undefined || state.leadersStale === true;
}

/**
 * Looks up the unit's leader roles the programme uses. A role nobody fills, or a failed look-up, is
 * recorded in `leaderGaps` and logged (case id and role ids only); the case goes on without it.
 */
export async function resolveLeaders(state: CaseState): Promise<void> {
  state.leadersStale = false;
  const roles = leaderRolesOf(vocabularyOf(state.programme));
  if (!roles.length) {
    state.leaders = {};
    state.leaderGaps = [];
    return;
  }
  try {
    const resolved = await resolveRoles({ toRoles: roles, team: {}, unit: state.unit });
    state.leaders = { ...resolved.byRole };
    state.leaderGaps = resolved.missing.map((m) => ({ role: m.role, reason: m.reason }));
  } catch {
    // Keep the leaders known from before; the next reassignment tries again.
    state.leaders ??= {};
    state.leaderGaps = roles.filter((r) => !state.leaders?.[r]).map((role) => ({ role, reason: 'lookup_failed' }));
  }
  if (state.leaderGaps.length) {
    log.warn('Leader roles without staff in the directory', { caseId: state.caseId, unit: state.unit, gaps: state.leaderGaps.map((g) => `${g.role}:${g.reason}`) });
  }
}
