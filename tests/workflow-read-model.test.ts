/**
 * The read model equals what the cases' own queries say: after a random sequence of events and
 * days passing, across a worker restart in the middle, and after `vugge db rebuild` has written a
 * case again from its query. Every accepted event is in the audit log once, and the chain holds.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { verifyAudit } from '../activities/db/audit.js';
import type { Database } from '../activities/db/index.js';
import { projectionOf, type CaseProjection } from '../activities/db/projection.js';
import { rebuildReadModel } from '../client/cli/db-rebuild.js';
import { createWorker } from '../worker/create-worker.js';
import { readModelQuery } from '../workflows/case-projection.js';
import { eventLogQuery, obligationsQuery, snapshotQuery, timelineQuery } from '../workflows/case-messages.js';
import { fixtureProgramme } from './fixtures/planner-programme.js';
import { newCaseId, openCase, register, useCaseTestEnv, ZONE } from './workflow-harness.js';

const t = useCaseTestEnv();

type Op =
  | { kind: 'sleep'; days: number }
  | { kind: 'occurred'; what: string }
  | { kind: 'visit' }
  | { kind: 'pause' }
  | { kind: 'resume' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('sleep' as const), days: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('occurred' as const), what: fc.constantFrom('underretning_vurdering', 'screening', 'teamsamtale', 'birth') }),
  fc.constant({ kind: 'visit' as const }),
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'resume' as const }),
);

async function today(): Promise<string> {
  return DateTime.fromMillis(await t.env.currentTimeMs(), { zone: ZONE }).toISODate()!;
}

/** Applies one step; an event the case refuses (a date before the case, a resume while running) changes nothing. */
async function apply(handle: WorkflowHandle, o: Op): Promise<void> {
  if (o.kind === 'sleep') return void (await t.env.sleep(`${o.days} days`));
  const at = await today();
  const event = o.kind === 'occurred' ? { type: 'occurred' as const, what: o.what, at } : o.kind === 'visit' ? { type: 'visit' as const, at, hours: 1 } : o.kind === 'pause' ? { type: 'pause' as const, at, reason: 'andet' as const } : { type: 'resume' as const, at };
  await register(handle, event).catch(() => undefined);
}

/** What the rows of one case say, in the shape of a projection. */
async function stored(db: Database, caseId: string) {
  const [c] = await db.query<{ phase: number; paused: boolean; closed: boolean; team: Record<string, string>; unit: string; seq: number }>('SELECT phase, paused, closed, team, unit, seq FROM cases WHERE case_id = $1', [caseId]);
  const occurrences = await db.query('SELECT step_id AS "stepId", occurrence, status, target, latest, owner_staff AS "ownerStaff", escalation_level AS "escalationLevel" FROM occurrences WHERE case_id = $1 ORDER BY step_id, occurrence', [caseId]);
  return c && { phase: c.phase, paused: c.paused, closed: c.closed, team: c.team, unit: c.unit, occurrences };
}

function expected(p: CaseProjection) {
  const occurrences = p.closed
    ? []
    : [...p.occurrences]
        .sort((a, b) => (a.stepId < b.stepId ? -1 : a.stepId > b.stepId ? 1 : a.occurrence - b.occurrence))
        .map((o) => ({ stepId: o.stepId, occurrence: o.occurrence, status: o.status, target: o.target, latest: o.latest, ownerStaff: o.ownerStaff, escalationLevel: o.escalationLevel ?? 0 }));
  return { phase: p.phase, paused: p.paused, closed: p.closed, team: p.team, unit: p.unit, occurrences };
}

/** What the case's own queries say it shows: its open steps, and those not yet open within 92 days of today. */
async function fromQueries(handle: WorkflowHandle) {
  const [snapshot, obligations, timeline, state] = await Promise.all([handle.query(snapshotQuery), handle.query(obligationsQuery), handle.query(timelineQuery), handle.query(readModelQuery)]);
  const horizon = DateTime.fromISO(state.asOf, { zone: ZONE }).plus({ days: 92 }).toISODate()!;
  const upcoming = timeline.filter((t) => t.status === 'not_yet_open' && t.target <= horizon);
  return { seq: state.seq, projection: expected(projectionOf(snapshot, { ...obligations, upcoming }, state.asOf, state.escalationLevels)) };
}

/** Waits until the case's projections under way have landed (its stored seq reaches its current one). */
async function settled(db: Database, handle: WorkflowHandle) {
  for (;;) {
    const { seq, projection } = await fromQueries(handle);
    const [row] = await db.query<{ seq: number }>('SELECT seq FROM cases WHERE case_id = $1', [handle.workflowId]);
    if (row && row.seq >= seq) return projection;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A worker that caches no case: every workflow task replays the case from its history, as after a
 * restart. (A cached case would sit on the stopped worker's sticky queue, which the time-skipping
 * test server does not hand back to the next worker.)
 */
function worker(taskQueue: string): Promise<Worker> {
  return createWorker({ connection: t.env.nativeConnection, taskQueue, activities: createRecordingNotificationActivities().activities, database: t.db, workflowBundle: t.bundle, maxCachedWorkflows: 0 });
}

describe('the read model', () => {
  // A worker caching no case drops a query that waits behind a workflow task when it evicts the
  // run; the test environment asks such a query again (tests/helpers/temporal.ts), so each sequence
  // can take some 20 s longer than its work.
  it('equals the cases’ own queries after random events replayed from history, and after a rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 5 }), async (ops) => {
        const caseId = newCaseId();
        const taskQueue = `read-model-${caseId}`;
        const notified = await today();
        // One worker caching no case: every workflow task replays the case from its history, as a
        // worker does after a restart.
        await (await worker(taskQueue)).runUntil(async () => {
          const handle = await openCase(t.env, taskQueue, { caseId, programme: fixtureProgramme, notified, dueDate: DateTime.fromISO(notified).plus({ weeks: 20 }).toISODate()! });
          for (const o of ops) await apply(handle, o);
          const shown = await settled(t.db, handle);
          expect(await stored(t.db, caseId)).toEqual(shown);

          // Every accepted event is in the audit log once, by its author.
          const logged = await handle.query(eventLogQuery);
          const audit = await t.db.query<{ actor: string; action: string; eventSeq: number }>(
            `SELECT actor, action, (details->>'eventSeq')::integer AS "eventSeq" FROM audit_log WHERE case_id = $1 ORDER BY (details->>'eventSeq')::integer`,
            [caseId],
          );
          expect(audit).toEqual(logged.map((e) => ({ actor: e.event.by, action: `case.${e.event.type}`, eventSeq: e.seq })));

          // Lost rows come back from the case's own query; a second rebuild finds nothing to change.
          await t.db.query('DELETE FROM cases WHERE case_id = $1', [caseId]);
          expect(await rebuildReadModel(t.env.client, t.db, { caseIds: [caseId] })).toEqual({ total: 1, written: 1, failed: [] });
          expect(await stored(t.db, caseId)).toEqual((await fromQueries(handle)).projection);
          expect(await rebuildReadModel(t.env.client, t.db, { caseIds: [caseId] })).toMatchObject({ written: 0 });
          await handle.terminate('test done');
        });
      }),
      { numRuns: 3, endOnFailure: true },
    );
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true });
  }, 300_000);

  it('names a case that cannot answer in one sentence and rebuilds the others', async () => {
    const result = await rebuildReadModel(t.env.client, t.db, { caseIds: ['T-missing1'] });
    expect(result.failed).toEqual([{ caseId: 'T-missing1', sentence: expect.stringMatching(/^Sag T-missing1: Sagen 'T-missing1' findes ikke/) }]);
  });
});
