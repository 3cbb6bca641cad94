/**
 * The projection activity on PGlite and PostgreSQL: the read model and the case's audit rows in
 * one transaction; a retried or late projection writes no second audit row and never overwrites a
 * newer state; and the daily overdue counts taken at start and after each Copenhagen midnight.
 */
import { describe, expect, it } from 'vitest';
import { createProjectionActivities, type CaseEventRecord, type ProjectionInput } from '../activities/case-projection.js';
import { verifyAudit } from '../activities/db/audit.js';
import { openDatabase } from '../activities/db/driver.js';
import { migrate } from '../activities/db/migrate.js';
import { startDailyOverdueSnapshots } from '../activities/db/overdue-daily.js';
import type { TimelineEntry } from '../workflows/case-views.js';
import { forEachDatabase } from './helpers/databases.js';

const entry = (stepId: string, latest: string): TimelineEntry => ({
  stepId, occurrence: 1, phase: 1, title: stepId, kind: 'task', status: 'overdue', target: latest, latest, nominal: latest, owners: ['sundhedsplejerske'], ownerStaff: ['sp-anna'],
});

function input(seq: number, events: CaseEventRecord[], open: TimelineEntry[] = [entry('screening', '2026-03-01')], caseId = 'K-2026-0101'): ProjectionInput {
  return {
    seq,
    asOf: '2026-03-16',
    snapshot: { caseId, programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v-1', unit: 'nord', municipality: '0751', team: { sundhedsplejerske: 'sp-anna' }, leaders: {} },
    obligations: { phase: 1, paused: false, closed: false, open, planShort: [], visitShortfalls: [] },
    escalationLevels: { 'screening:1': 2 },
    events,
  };
}

const event = (eventSeq: number, action = 'case.occurred', details: CaseEventRecord['details'] = { what: 'screening' }): CaseEventRecord => ({
  eventSeq, at: `2026-03-0${eventSeq}T09:00:00.000Z`, by: 'sp-anna', action, details,
});

forEachDatabase('the projection activity', (t) => {
  const auditRows = (caseId = 'K-2026-0101') =>
    t.db.query<{ actor: string; action: string; details: Record<string, unknown> }>('SELECT actor, action, details FROM audit_log WHERE case_id = $1 ORDER BY id', [caseId]);

  it('writes the case, its open steps with their escalation level, and its events, once', async () => {
    const { projectReadModel } = createProjectionActivities(t.db);
    expect(await projectReadModel(input(2, [event(1, 'case.opened', {}), event(2)]))).toEqual({ applied: true, audited: 2 });
    // The same call again (a retry after a lost answer): nothing new.
    expect(await projectReadModel(input(2, [event(1, 'case.opened', {}), event(2)]))).toEqual({ applied: false, audited: 0 });
    expect(await t.db.query('SELECT step_id, escalation_level FROM occurrences WHERE case_id = $1', ['K-2026-0101'])).toEqual([{ step_id: 'screening', escalation_level: 2 }]);
    expect(await auditRows()).toEqual([
      { actor: 'sp-anna', action: 'case.opened', details: { eventSeq: 1 } },
      { actor: 'sp-anna', action: 'case.occurred', details: { what: 'screening', eventSeq: 2 } },
    ]);
  });

  it('keeps a newer state from a late projection, but still writes the late one’s missing events', async () => {
    const { projectReadModel } = createProjectionActivities(t.db);
    await projectReadModel(input(5, [event(3)], [entry('teamsamtale', '2026-04-01')]));
    expect(await projectReadModel(input(4, [event(1, 'case.opened', {}), event(3)]))).toEqual({ applied: false, audited: 1 });
    expect(await t.db.query('SELECT step_id FROM occurrences WHERE case_id = $1', ['K-2026-0101'])).toEqual([{ step_id: 'teamsamtale' }]);
    expect((await auditRows()).map((r) => r.details.eventSeq)).toEqual([3, 1]);
  });

  it('writes one audit row per event when the same projection runs twice at once', async () => {
    const other = await t.another();
    const events = [event(1, 'case.opened', {}), event(2), event(3)];
    await Promise.all([createProjectionActivities(t.db).projectReadModel(input(3, events)), createProjectionActivities(other).projectReadModel(input(3, events))]);
    expect((await auditRows()).map((r) => r.details.eventSeq).sort()).toEqual([1, 2, 3]);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 3 });
  });

  it('audits the events of a projection the read model refuses, and leaves out a detail that is not a code', async () => {
    const { projectReadModel } = createProjectionActivities(t.db);
    const refused = { ...input(1, [event(1, 'case.occurred', { what: 'Anne Hansen' })]), snapshot: { ...input(1, []).snapshot, unit: 'Nord Enhed' } };
    expect(await projectReadModel(refused)).toEqual({ applied: false, audited: 1, refused: expect.stringMatching(/unit/) });
    expect(await t.db.query('SELECT count(*) AS n FROM cases')).toEqual([{ n: 0 }]);
    expect(await auditRows()).toEqual([{ actor: 'sp-anna', action: 'case.occurred', details: { eventSeq: 1 } }]);
  });
});

describe('the daily overdue counts', () => {
  it('are taken at start, then just after each midnight in Copenhagen, until stopped', async () => {
    const db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
    await migrate(db);
    // 20:00 UTC on Saturday 27 March 2027 is 21:00 in Copenhagen; that night summer time begins.
    let now = Date.parse('2027-03-27T20:00:00Z');
    const waits: { run: () => void; ms: number }[] = [];
    const snapshots = startDailyOverdueSnapshots(db, { now: () => now, setTimer: (run, ms) => (waits.push({ run, ms }), { cancel: () => undefined }) });
    await snapshots.first;
    now += waits[0]!.ms;
    waits[0]!.run();
    await expect.poll(() => waits.length).toBe(2);
    // 3 h 5 min to 00:05; then 23 hours to the next 00:05, the night the clocks go forward.
    expect(waits.map((w) => w.ms / 60_000)).toEqual([185, 23 * 60]);
    snapshots.stop();
    expect(await db.query('SELECT day FROM overdue_snapshot_days ORDER BY day')).toEqual([{ day: '2027-03-27' }, { day: '2027-03-28' }]);
    await db.close();
  });
});
