/**
 * The case workflow's messages, shared by the workflow and its clients (CLI, web app, tests).
 * Events are Updates, so a caller learns at once whether the case accepted them.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseFacts } from '../dsl/facts.js';
import type { Programme } from '../dsl/compile/model.js';
import type { Acknowledge, CaseEvent } from './case-input.js';
import type { RulesReference } from './rules-registry-messages.js';
import type { LoggedEvent } from './case-state.js';
import type { Obligations, TimelineEntry, WaitingEscalation } from './case-views.js';

export interface EventAccepted {
  seq: number;
  phase: number;
}

export interface CaseSnapshot {
  caseId: string;
  programmeId: string;
  rulesVersion: string;
  unit: string;
  municipality: string;
  team: Record<string, string>;
  /** The unit's leaders from the staff directory, and the leader roles it could not fill. */
  leaders?: Record<string, string>;
  leaderGaps?: { role: string; reason: string }[];
  notified: string;
  facts: CaseFacts;
}

export const registerEventUpdate = defineUpdate<EventAccepted, [CaseEvent]>('registerEvent');
export const acknowledgeEscalationUpdate = defineUpdate<EventAccepted, [Acknowledge]>('acknowledgeEscalation');
/** A move to a published version: the model, who moves the case, and the registry's reference to check it by. */
export interface MigrateRequest {
  programme: Programme;
  by: string;
  reference: RulesReference;
}
export const migrateUpdate = defineUpdate<{ from: string; to: string }, [MigrateRequest]>('migrate');

export const phaseQuery = defineQuery<number>('phase');
export const timelineQuery = defineQuery<TimelineEntry[]>('timeline');
export const obligationsQuery = defineQuery<Obligations>('obligations');
export const eventLogQuery = defineQuery<LoggedEvent[]>('eventLog');
/** The facts and settings, for planning locally (`vugge case migrate --dry-run`). */
export const snapshotQuery = defineQuery<CaseSnapshot>('snapshot');
/** Escalations sent to the leaders and not yet acknowledged (the leaders' page). */
export const escalationsQuery = defineQuery<WaitingEscalation[]>('escalations');
/**
 * What the case page and `vugge case show` show, in one round trip: the snapshot, the phase, the
 * timeline, the log and the obligations (paused, closed, visit norm, planning).
 */
export interface CasePage {
  snapshot: CaseSnapshot;
  phase: number;
  timeline: TimelineEntry[];
  log: LoggedEvent[];
  obligations: Obligations;
}
export const casePageQuery = defineQuery<CasePage>('casePage');
/** The programme the case runs on. */
export const programmeQuery = defineQuery<Programme>('programme');
