/**
 * The case's side of the read model: after each turn of its loop the case compares what it shows
 * (settings, open occurrences, escalation levels) with what it last projected and, when that
 * changed or events were accepted since, hands both to the projection activity — in the
 * background: a database outage delays the read model, never a reminder. A turn of the loop follows
 * each workflow task that changed the case (updates landing together make one turn), so a case
 * projects at most once a workflow task.
 *
 * The projection's sequence number is the sequence number of the case's last accepted event plus
 * the number of projections the case has made. Both only grow and every projection adds one, so
 * each projection is newer than the one before and than anything `vugge db rebuild` wrote from the
 * case's query in between (which uses the same formula without adding one).
 */
import { defineQuery, log, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Plan } from '../dsl/plan/index.js';
import type { CaseEventRecord, ProjectionActivities, ReadModelState, ReadModelView } from '../activities/case-projection.js';
import type { CaseState, LoggedEvent } from './case-state.js';
import { obligations, timeline } from './case-views.js';

/** Cases started before this patch project nothing (recorded histories replay without the activity). */
export const PROJECT_READ_MODEL = 'project-read-model';

/**
 * Cases started before this patch project through a regular activity: one more activity task and one
 * more workflow task on the server for every projection, and the whole view stored in history.
 */
export const PROJECT_AS_LOCAL_ACTIVITY = 'project-read-model-locally';

/** What the case shows of itself now, with its current sequence number: `vugge db rebuild` reads it. */
export const readModelQuery = defineQuery<ReadModelState>('readModel');

const projecting = {
  startToCloseTimeout: '1 minute',
  // Bounded: a case waits for its last projections before it closes or continues as new.
  scheduleToCloseTimeout: '30 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
} as const;
const viaActivity = proxyActivities<ProjectionActivities>(projecting);
/**
 * A local activity runs on the worker inside the workflow task that asks for it: no task to the
 * server and back, and only its small result is recorded (as a marker), not the view. A database
 * that does not answer holds the task's commands (the next timer, the notices) for seconds at most:
 * the worker then completes the task and goes on retrying the projection between tasks. The task
 * also holds the answer to an update until the write is done, so after accepted events (a person
 * waits) the case projects through the regular activity, and locally on its own wakes (the opening,
 * a timer).
 */
const viaLocalActivity = proxyLocalActivities<ProjectionActivities>(projecting);

/** Fields of a logged event that are ids, codes, numbers or dates — never a reason or free text. */
const AUDITED_FIELDS = ['what', 'step', 'stepId', 'occurrence', 'role', 'staff', 'from', 'to', 'cancelled', 'at'] as const;

function eventRecord(entry: LoggedEvent): CaseEventRecord {
  const event = entry.event as Record<string, unknown>;
  const details: CaseEventRecord['details'] = {};
  for (const field of AUDITED_FIELDS) {
    const value = event[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') details[field] = value;
  }
  return { eventSeq: entry.seq, at: entry.registeredAt, by: entry.event.by, action: `case.${entry.event.type}`, details };
}

/**
 * `stepId:occurrence` → the highest escalation level sent and not yet acknowledged by a leader
 * (recorded levels, else the sent keys): the leaders' list shows these as waiting for *Kvittér*.
 */
function escalationLevels(state: CaseState): Record<string, number> {
  const levels: Record<string, number> = {};
  for (const key of state.sent) {
    const m = /^(.+:\d+):escalation:(\d+)$/.exec(key);
    if (m) levels[m[1]!] = Math.max(levels[m[1]!] ?? 0, Number(m[2]));
  }
  for (const [key, e] of Object.entries(state.escalated ?? {})) levels[key] = Math.max(levels[key] ?? 0, e.level);
  for (const key of state.acknowledged) delete levels[key];
  return levels;
}

/**
 * Steps not yet open whose date falls within this many days are projected too, so *Mine opgaver*
 * can show the next 14 days before a window opens. The case projects again whenever a status
 * changes (at least every few weeks), so a step is in the read model long before it is 14 days off.
 */
const UPCOMING_DAYS = 92;

function viewOf(state: CaseState, current: Plan): ReadModelView {
  const horizon = DateTime.fromMillis(Date.now(), { zone: state.programme.timeZone }).plus({ days: UPCOMING_DAYS }).toISODate()!;
  const upcoming = timeline(state, current).filter((t) => t.status === 'not_yet_open' && t.target <= horizon);
  return {
    snapshot: { caseId: state.caseId, programmeId: state.programme.id, rulesVersion: state.programme.version, unit: state.unit, municipality: state.municipality, team: state.team, leaders: state.leaders },
    obligations: { ...obligations(state, current), upcoming },
    escalationLevels: escalationLevels(state),
  };
}

const lastEventSeq = (state: CaseState): number => state.log.at(-1)?.seq ?? 0;

export class ReadModelProjector {
  private lastView: string | undefined;
  private lastSentEvent = 0;
  private readonly inFlight = new Set<Promise<void>>();

  /** Whether this run projects through a local activity (the patch is in force). */
  private readonly local: boolean;

  constructor(private readonly state: CaseState) {
    this.local = patched(PROJECT_AS_LOCAL_ACTIVITY);
  }

  /** The state `vugge db rebuild` writes: as of now, under the case's current sequence number. */
  current(current: Plan): ReadModelState {
    return { ...viewOf(this.state, current), seq: lastEventSeq(this.state) + (this.state.projections ?? 0), asOf: this.today() };
  }

  /**
   * Projects when what the case shows changed, or events were accepted, since the last projection.
   * `personWaiting`: this turn follows accepted events, whose answers should not wait for the database.
   */
  project(current: Plan, { personWaiting = false }: { personWaiting?: boolean } = {}): void {
    const view = viewOf(this.state, current);
    const json = JSON.stringify(view);
    const audited = this.state.auditedThrough ?? 0;
    if (json === this.lastView && lastEventSeq(this.state) <= this.lastSentEvent) return;
    if (!patched(PROJECT_READ_MODEL)) return;
    this.lastView = json;
    this.lastSentEvent = lastEventSeq(this.state);
    this.state.projections = (this.state.projections ?? 0) + 1;
    const events = this.state.log.filter((e) => e.seq > audited).map(eventRecord);
    const seq = lastEventSeq(this.state) + this.state.projections;
    const { projectReadModel } = this.local && !personWaiting ? viaLocalActivity : viaActivity;
    const done: Promise<void> = projectReadModel({ ...view, seq, asOf: this.today(), events }).then(
      (result) => {
        if (result.refused) log.warn('Read model refused the projection', { caseId: this.state.caseId, seq, error: result.refused });
        if (events.length) this.state.auditedThrough = Math.max(this.state.auditedThrough ?? 0, events.at(-1)!.eventSeq);
      },
      (err: unknown) => {
        // Tried again at the next turn of the loop; `vugge db rebuild` mends it sooner.
        this.lastView = undefined;
        log.warn('Read model not updated', { caseId: this.state.caseId, seq, error: err instanceof Error ? err.message : String(err) });
      },
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Waits for the projections under way (before the case closes or continues as new). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private today(): string {
    return DateTime.fromMillis(Date.now(), { zone: this.state.programme.timeZone }).toISODate()!;
  }
}
