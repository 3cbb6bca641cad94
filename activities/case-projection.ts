/**
 * The projection activity: a case writes what it shows of itself into the read model, and its
 * accepted events into the audit log, in one transaction. Idempotent: a projection whose sequence
 * number is not newer than the stored one changes no row, and an event already in the audit log
 * (same case, same event sequence) is not written again, so a retry or a late delivery is harmless.
 */
import { AuditEntry, appendCaseEvents, type CaseEventAudit } from './db/audit.js';
import type { Database } from './db/driver.js';
import { projectionOf, type ProjectedSnapshot } from './db/projection.js';
import { projectCaseIn, ProjectionRejected } from './db/read-model.js';
import type { Obligations } from '../workflows/case-views.js';

/** What the case shows of itself, as its read-model query and the projection activity carry it. */
export interface ReadModelView {
  snapshot: ProjectedSnapshot;
  obligations: Obligations;
  /** `stepId:occurrence` → the highest escalation level sent. */
  escalationLevels: Record<string, number>;
}

export interface ReadModelState extends ReadModelView {
  /** The case's projection sequence number (see workflows/case-projection.ts); only grows. */
  seq: number;
  /** The case's 'today' in its programme's zone. */
  asOf: string;
}

/** One accepted event for the audit log: ids and codes only. */
export interface CaseEventRecord {
  /** The event's sequence number in the case's log. */
  eventSeq: number;
  /** When the case accepted it (ISO instant). */
  at: string;
  /** The staff id who registered it. */
  by: string;
  /** 'case.' + the event's type, e.g. 'case.occurred', 'case.pause', 'case.acknowledged'. */
  action: string;
  details: Record<string, string | number | boolean>;
}

export interface ProjectionInput extends ReadModelState {
  /** Accepted events not yet confirmed written to the audit log. */
  events: CaseEventRecord[];
}

export interface ProjectionResult {
  /** False when a newer projection was already stored. */
  applied: boolean;
  /** Audit rows written now (0 on a retry whose rows are already there). */
  audited: number;
  /** Why the read model refused the projection (the case logs it); its events were still audited. */
  refused?: string;
}

/**
 * The audit row of one event. A detail that is not an id or a code (which the workflow does not
 * send) is left out rather than failing the whole projection again and again.
 */
function auditOf(event: CaseEventRecord): CaseEventAudit {
  const entry = { actor: event.by, action: event.action, at: new Date(event.at), details: event.details };
  if (AuditEntry.safeParse({ ...entry, source: 'workflow' }).success) return { ...entry, eventSeq: event.eventSeq };
  const actor = AuditEntry.shape.actor.safeParse(event.by).success ? event.by : 'workflow';
  return { actor, action: event.action, at: entry.at, details: {}, eventSeq: event.eventSeq };
}

export function createProjectionActivities(db: Database) {
  return {
    async projectReadModel(input: ProjectionInput): Promise<ProjectionResult> {
      const caseId = input.snapshot.caseId;
      return db.transaction(async (tx) => {
        let applied = false;
        let refused: string | undefined;
        try {
          ({ applied } = await projectCaseIn(tx, projectionOf(input.snapshot, input.obligations, input.asOf, input.escalationLevels), input.seq));
        } catch (err) {
          // A projection the read model refuses will not pass on a retry either; the events still go to the audit log.
          if (!(err instanceof ProjectionRejected)) throw err;
          refused = err.message;
        }
        const audited = await appendCaseEvents(tx, caseId, input.events.map(auditOf));
        return refused === undefined ? { applied, audited } : { applied, audited, refused };
      });
    },
  };
}

export type ProjectionActivities = ReturnType<typeof createProjectionActivities>;

/** For a worker without a database (tests that do not look at the read model): writes nothing. */
export const noProjectionActivities: ProjectionActivities = {
  projectReadModel: async () => ({ applied: false, audited: 0 }),
};
