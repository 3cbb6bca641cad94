/**
 * One family case as one long-running workflow (workflow id = case id). It asks the planner what is
 * next, sends what is due, keeps the search attributes current and sleeps until the next moment that
 * matters — one timer, not one per future step. Events arrive as validated Updates; every accepted
 * event wakes the loop, which re-plans.
 */
import {
  allHandlersFinished,
  condition,
  patched,
  continueAsNew,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { DateTime } from 'luxon';
import type { Programme } from '../dsl/compile/model.js';
import { plan, type PlanOptions } from '../dsl/plan/index.js';
import type { Plan } from '../dsl/plan/index.js';
import type { CaseStartFields } from './case-input.js';
import {
  acknowledgeEscalationUpdate,
  casePageQuery,
  escalationsQuery,
  type CaseSnapshot,
  eventLogQuery,
  migrateUpdate,
  obligationsQuery,
  phaseQuery,
  programmeQuery,
  registerEventUpdate,
  snapshotQuery,
  timelineQuery,
} from './case-messages.js';
import { NextMomentTimer } from './case-timer.js';
import { ReadModelProjector, readModelQuery } from './case-projection.js';
import { clearPlanShort, dueNotifications, knowOverdueSilently, nextWake, type NotifyOptions } from './case-notify.js';
import { NOTICES_IN_ONE_ACTIVITY, NoticeSender } from './case-send.js';
import { leadersNeeded, resolveLeaders } from './case-leaders.js';
import { appendLog, applyEvent, initialState, type CaseState } from './case-state.js';
import { parseEvent, validateAcknowledge, validateEvent, validateMigration } from './case-validate.js';
import { checkStaffInDirectory } from './case-directory.js';
import { checkMigrationAllowed } from './case-migrate.js';
import { obligations, searchAttributesOf, timeline, waitingEscalations } from './case-views.js';
import { MUNICIPALITY, NEXT_DUE, OVERDUE_COUNT, OVERDUE_ITEMS, OWNERS, PHASE, PROGRAMME, RULES_VERSION, UNIT } from './search-attributes.js';

export type CaseWorkflowInput = (CaseStartFields & { programme: Programme }) | { continued: CaseState };

export interface CaseOutcome {
  caseId: string;
  closedOn?: string;
  phase: number;
  events: number;
}

/** Continue as new well before Temporal's limits; a case's history stays small and fast to replay. */
const MAX_HISTORY_EVENTS = 2_000;
/** Cases started before this patch cancel and restart their timer on every event (recorded histories). */
const KEEP_TIMER_ACROSS_EVENTS = 'keep-timer-across-events';
/** Cases started before this patch plan status statements that may fall before their series begins. */
const PRECONDITIONS_FROM_SERIES_START = 'preconditions-from-series-start';
/** Cases started before this patch key reminders without the date: a moved meeting was not reminded again. */
const DATED_REMINDER_KEYS = 'dated-reminder-keys';
/** Cases started before this patch show no staff for leader-owned steps (no directory look-up). */
const LEADER_OWNERS = 'leader-owners';
/**
 * Cases started before this patch send only the highest escalation level reached (a backdated case
 * went straight to the top) and no catch-up mail to the owners.
 */
const CATCH_UP_LEVEL_BY_LEVEL = 'catch-up-level-by-level';
/** Cases started before this patch judge a visit-norm week the Monday after it, with no time to register. */
const VISIT_NORM_GRACE = 'visit-norm-grace';
/** Cases started before this patch take the visit-norm cut-off date in the worker machine's zone. */
const ZONED_NORM_CUTOFF = 'zoned-norm-cutoff';
/** Cases started before this patch accept a reassignment to a staff id the directory does not have. */
const REASSIGN_CHECKS_DIRECTORY = 'reassign-checks-directory';
/** Cases started before this patch accept a migration to any compiled model, from anyone. */
const MIGRATION_FROM_REGISTRY = 'migration-from-registry';
/** After closing, the case stays open this long for late registrations and the closing steps. */
const AFTER_CLOSING_DAYS = 90;

const nowIso = () => new Date(Date.now()).toISOString();

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const state: CaseState = 'continued' in input ? input.continued : initialState(input, input.programme, nowIso());
  let changed = false;
  /** Events were accepted since the loop's last turn: someone waits for the answer. */
  let accepted = false;
  const timer = new NextMomentTimer();
  const readModel = new ReadModelProjector(state);
  const planOptions: PlanOptions = { preconditionsFromSeriesStart: patched(PRECONDITIONS_FROM_SERIES_START) };
  const notifyOptions: NotifyOptions = {
    datedReminderKeys: patched(DATED_REMINDER_KEYS),
    levelByLevel: patched(CATCH_UP_LEVEL_BY_LEVEL),
    normGrace: patched(VISIT_NORM_GRACE),
    zonedNormCutoff: patched(ZONED_NORM_CUTOFF),
  };
  const leaderOwners = patched(LEADER_OWNERS);
  const notices = new NoticeSender(state, patched(NOTICES_IN_ONE_ACTIVITY));
  const currentPlan = planKeeper(state, planOptions);

  setHandler(
    registerEventUpdate,
    async (event) => {
      let parsed = parseEvent(event);
      if (parsed.type === 'reassign' && patched(REASSIGN_CHECKS_DIRECTORY)) {
        await checkStaffInDirectory(state, parsed);
        // Other events may have landed while the directory answered: check again against today's case.
        parsed = validateEvent(state, event, nowIso(), planOptions, currentPlan());
      }
      const entry = applyEvent(state, parsed, nowIso());
      if (leaderOwners && parsed.type === 'reassign') state.leadersStale = true;
      changed = accepted = true;
      return { seq: entry.seq, phase: currentPlan().phase };
    },
    { validator: (event) => void validateEvent(state, event, nowIso(), planOptions, currentPlan()) },
  );
  setHandler(
    acknowledgeEscalationUpdate,
    (ack) => {
      state.acknowledged.push(`${ack.stepId}:${ack.occurrence}`);
      const entry = appendLog(state, { type: 'acknowledged', stepId: ack.stepId, occurrence: ack.occurrence, by: ack.by }, nowIso());
      changed = accepted = true;
      return { seq: entry.seq, phase: currentPlan().phase };
    },
    { validator: (ack) => void validateAcknowledge(state, ack, nowIso(), planOptions) },
  );
  // Handlers run one at a time between the loop's awaits: a migration lands between events.
  setHandler(
    migrateUpdate,
    async (request) => {
      const fromRegistry = patched(MIGRATION_FROM_REGISTRY);
      if (fromRegistry) await checkMigrationAllowed(request);
      const from = state.programme.version;
      // Another migration may have landed while the registry answered: check against today's case.
      state.programme = validateMigration(state, request, { reference: fromRegistry });
      appendLog(state, { type: 'migrated', from, to: state.programme.version, by: request.by }, nowIso());
      changed = accepted = true;
      return { from, to: state.programme.version };
    },
    { validator: (request) => void validateMigration(state, request) },
  );
  setHandler(phaseQuery, () => currentPlan().phase);
  setHandler(timelineQuery, () => timeline(state, currentPlan()));
  setHandler(obligationsQuery, () => obligations(state, currentPlan()));
  setHandler(eventLogQuery, () => state.log);
  setHandler(escalationsQuery, () => waitingEscalations(state, currentPlan()));
  setHandler(programmeQuery, () => state.programme);
  setHandler(readModelQuery, () => readModel.current(currentPlan()));
  const snapshot = (): CaseSnapshot => ({
    caseId: state.caseId,
    programmeId: state.programme.id,
    rulesVersion: state.programme.version,
    unit: state.unit,
    municipality: state.municipality,
    team: state.team,
    leaders: state.leaders,
    leaderGaps: state.leaderGaps,
    notified: state.notified,
    facts: state.facts,
  });
  setHandler(snapshotQuery, snapshot);
  setHandler(casePageQuery, () => {
    const current = currentPlan();
    return { snapshot: snapshot(), phase: current.phase, timeline: timeline(state, current), log: state.log, obligations: obligations(state, current) };
  });

  // A run continued from one before the catch-up patch knows its overdue steps already: no catch-up.
  if (notifyOptions.levelByLevel && 'continued' in input && state.lastLookAt === undefined) knowOverdueSilently(state, currentPlan(), Date.now());

  for (;;) {
    changed = false;
    const afterEvents = accepted;
    accepted = false;
    if (leaderOwners && leadersNeeded(state)) await resolveLeaders(state);
    const current = currentPlan();
    clearPlanShort(state, current);
    await notices.send(dueNotifications(state, current, Date.now(), notifyOptions));
    upsertIfChanged(state, current);
    readModel.project(current, { personWaiting: afterEvents });

    const closedOn = closingDate(state);
    const giveUpAt = closedOn ? DateTime.fromISO(closedOn, { zone: state.programme.timeZone }).plus({ days: AFTER_CLOSING_DAYS }).toMillis() : undefined;
    if (current.closed && (nothingLeft(current) || (giveUpAt !== undefined && Date.now() >= giveUpAt))) {
      await condition(allHandlersFinished);
      await notices.settle();
      await readModel.settle();
      return { caseId: state.caseId, closedOn, phase: current.phase, events: state.log.length };
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) {
      await condition(allHandlersFinished);
      await notices.settle();
      await readModel.settle();
      // The new run upserts its search attributes afresh.
      state.lastSearchAttributes = undefined;
      return continueAsNew<typeof caseWorkflow>({ continued: state });
    }
    if (changed) continue;
    const candidates = [nextWake(state, current, Date.now(), notifyOptions), giveUpAt].filter((t): t is number => t !== undefined && t > Date.now());
    const wake = candidates.length ? Math.min(...candidates) : undefined;
    if (patched(KEEP_TIMER_ACROSS_EVENTS)) await timer.wait(wake, () => changed);
    else if (wake === undefined) await condition(() => changed);
    else await condition(() => changed, Math.max(1_000, wake - Date.now()));
  }
}

/**
 * The case's plan now, planned once for each moment and state of the case: within a workflow task
 * the update validator, the handler, the loop, the read model and the search attributes all ask, and
 * so do the queries that follow until something changes. Facts are only ever appended (and the due
 * date set), so their count, the due date, the programme and the time say whether the kept plan
 * still holds. Callers only read the plan.
 */
function planKeeper(state: CaseState, planOptions: PlanOptions): () => Plan {
  let kept: { programme: Programme; facts: CaseState['facts']; count: number; dueDate: string | undefined; now: string; plan: Plan } | undefined;
  return () => {
    const now = nowIso();
    const { programme, facts } = state;
    if (kept && kept.now === now && kept.programme === programme && kept.facts === facts && kept.count === facts.facts.length && kept.dueDate === facts.dueDate) return kept.plan;
    kept = { programme, facts, count: facts.facts.length, dueDate: facts.dueDate, now, plan: plan(programme, facts, now, planOptions) };
    return kept.plan;
  };
}

function upsertIfChanged(state: CaseState, current: Plan): void {
  const sa = searchAttributesOf(state, current);
  const json = JSON.stringify(sa);
  if (json === state.lastSearchAttributes) return;
  state.lastSearchAttributes = json;
  const nextDue = sa.nextDue ? DateTime.fromISO(sa.nextDue, { zone: state.programme.timeZone }).toJSDate() : null;
  const pairs: SearchAttributeUpdatePair[] = [
    { key: PHASE, value: sa.phase },
    { key: OVERDUE_COUNT, value: sa.overdueCount },
    { key: NEXT_DUE, value: nextDue },
    { key: OWNERS, value: sa.owners },
    { key: UNIT, value: sa.unit },
    { key: MUNICIPALITY, value: sa.municipality },
    { key: PROGRAMME, value: sa.programme },
    { key: RULES_VERSION, value: sa.rulesVersion },
    { key: OVERDUE_ITEMS, value: sa.overdueItems },
  ];
  upsertSearchAttributes(pairs);
}

function closingDate(state: CaseState): string | undefined {
  const closing = state.programme.closingEvent;
  if (!closing) return undefined;
  const fact = state.facts.facts.find((f) => f.kind === 'event' && f.event === closing);
  return fact?.date;
}

function nothingLeft(current: Plan): boolean {
  return current.occurrences.every((o) => o.status === 'done' || o.status === 'not_applicable');
}
