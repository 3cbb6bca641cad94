/**
 * The case workflow's state: everything it needs to carry across `continueAsNew` — the programme
 * version it runs on, the facts the planner reads, the team, what has been sent, and the event log.
 * Applying an accepted event is a pure function of (state, event, registeredAt).
 */
import type { CaseFacts, Fact } from '../dsl/facts.js';
import type { Programme } from '../dsl/compile/model.js';
import { preconditionStepId, vocabularyOf } from '../dsl/plan/index.js';
import type { CaseEvent, CaseStartFields } from './case-input.js';

export interface LoggedEvent {
  seq: number;
  /** ISO instant (workflow time) when the event was registered. */
  registeredAt: string;
  event: CaseEvent | { type: 'opened'; at: string; by: string } | { type: 'acknowledged'; stepId: string; occurrence: number; by: string } | { type: 'migrated'; from: string; to: string; by: string };
}

export interface InvitationState {
  date: string;
  time?: string;
  cancelled?: boolean;
  sequence: number;
}

export interface CaseState {
  caseId: string;
  programme: Programme;
  unit: string;
  municipality: string;
  /** Role id → staff id. */
  team: Record<string, string>;
  /**
   * The unit's leaders from the staff directory, leader role id → staff id (cases started before
   * the 'leader-owners' patch have none: their leader-owned steps name no staff).
   */
  leaders?: Record<string, string>;
  /** Leader roles the directory could not fill at the last look-up, and why. */
  leaderGaps?: { role: string; reason: string }[];
  /** Set by a reassignment: look the leaders up again. */
  leadersStale?: boolean;
  notified: string;
  openedBy: string;
  facts: CaseFacts;
  /** Keys of notifications already handed to the activity (`stepId:occurrence:kind:sequence`, reminders `…:date`). */
  sent: string[];
  /** `stepId:occurrence` of escalations a leader has acknowledged: the chain stops. */
  acknowledged: string[];
  /** Invitations sent per meeting occurrence (`stepId:occurrence`). */
  invitations: Record<string, InvitationState>;
  /** Plan-horizon warnings currently open per step, and how many have been raised. */
  planShort: Record<string, { open: boolean; count: number }>;
  log: LoggedEvent[];
  /**
   * Per `stepId:occurrence`: the escalation level last notified and when (ISO instant); the next
   * level waits its interval from then (cases before the 'catch-up-level-by-level' patch: unset).
   */
  escalated?: Record<string, { level: number; at: string }>;
  /** `stepId:occurrence` of the overdue occurrences the case knew of at its last look. */
  overdueKnown?: string[];
  /** When the case last looked for notifications (ISO instant): overdue before then is caught up. */
  lastLookAt?: string;
  /** Missed overdue occurrences (`stepId:occurrence`) held for one catch-up, sent at `at` (ISO instant). */
  catchUp?: { at: string; keys: string[] };
  /** How many mails naming several steps have gone out (their keys count up). */
  notices?: number;
  /** JSON of the last search attributes upserted: upsert only on change. */
  lastSearchAttributes?: string;
  /** How many read-model projections the case has made (workflows/case-projection.ts). */
  projections?: number;
  /** The last event sequence number confirmed written to the audit log. */
  auditedThrough?: number;
}

/** The lifecycle event a case starts with (`marks the start`; otherwise the programme's first event). */
export function startEventOf(programme: Programme): string | undefined {
  return vocabularyOf(programme).lifecycle.start;
}

export function initialState(fields: CaseStartFields, programme: Programme, openedAt: string): CaseState {
  const startEvent = startEventOf(programme);
  const facts: Fact[] = startEvent ? [{ kind: 'event', event: startEvent, date: fields.notified, by: fields.openedBy, registeredAt: openedAt }] : [];
  return {
    caseId: fields.caseId,
    programme,
    unit: fields.unit,
    municipality: fields.municipality,
    team: { ...fields.team },
    notified: fields.notified,
    openedBy: fields.openedBy,
    facts: { caseId: fields.caseId, dueDate: fields.dueDate, facts },
    sent: [],
    acknowledged: [],
    invitations: {},
    planShort: {},
    log: [{ seq: 1, registeredAt: openedAt, event: { type: 'opened', at: fields.notified, by: fields.openedBy } }],
  };
}

/** The programme's lifecycle events (the ones its rules mark as start, intake, birth, discharge). */
export function lifecycleOf(state: CaseState): ReturnType<typeof vocabularyOf>['lifecycle'] {
  return vocabularyOf(state.programme).lifecycle;
}

/** The date a lifecycle event (birth, discharge, closing …) happened, when it is registered. */
export function lifecycleDate(state: CaseState, event: string | undefined): string | undefined {
  if (event === undefined) return undefined;
  const fact = state.facts.facts.find((f) => f.kind === 'event' && f.event === event);
  return fact?.date;
}

/** Every step id an `occurred` or `planned` event may name, including preconditions (status statements). */
export function stepIdsOf(programme: Programme): Set<string> {
  const ids = new Set<string>();
  for (const step of programme.steps) {
    ids.add(step.id);
    for (const pre of step.preconditions ?? []) ids.add(preconditionStepId(step.id, pre.id));
  }
  return ids;
}

/** The facts an accepted event adds (none for a reassignment or a due date). */
export function factsFor(programme: Programme, event: CaseEvent, registeredAt: string): Fact[] {
  const recorded = { by: event.by, registeredAt };
  switch (event.type) {
    case 'occurred': {
      const facts: Fact[] = [];
      if (programme.events.some((e) => e.id === event.what)) facts.push({ kind: 'event', event: event.what, date: event.at, ...recorded });
      if (stepIdsOf(programme).has(event.what)) {
        facts.push({ kind: 'done', step: event.what, occurrence: event.occurrence, date: event.at, detail: event.detail, ...recorded });
      }
      return facts;
    }
    case 'planned':
      return [{ kind: 'planned', step: event.step, occurrence: event.occurrence, date: event.at, time: event.time, cancelled: event.cancelled, ...recorded }];
    case 'visit': {
      const facts: Fact[] = [{ kind: 'visit', date: event.at, hours: event.hours, ...recorded }];
      if (event.step) facts.push({ kind: 'done', step: event.step, date: event.at, ...recorded });
      return facts;
    }
    case 'pause':
      return [{ kind: 'pause', date: event.at, reason: event.reason, ...recorded }];
    case 'resume':
      return [{ kind: 'resume', date: event.at, ...recorded }];
    case 'reassign':
    case 'due_date':
      return [];
  }
}

export function applyEvent(state: CaseState, event: CaseEvent, registeredAt: string): LoggedEvent {
  state.facts.facts.push(...factsFor(state.programme, event, registeredAt));
  if (event.type === 'reassign') state.team[event.role] = event.staff;
  if (event.type === 'due_date') state.facts.dueDate = event.dueDate;
  return appendLog(state, event, registeredAt);
}

export function appendLog(state: CaseState, event: LoggedEvent['event'], registeredAt: string): LoggedEvent {
  const entry: LoggedEvent = { seq: (state.log.at(-1)?.seq ?? 0) + 1, registeredAt, event };
  state.log.push(entry);
  return entry;
}
