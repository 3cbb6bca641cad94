/**
 * A case moves only to a published version of its own programme, by an administrator: the migrate
 * update refuses a move without the registry's reference, another programme's model, a model changed
 * after it was published, a version still waiting for approval and a person who is no administrator.
 * A migration batch moves the chosen cases one by one and reports what moved.
 */
import { describe, expect, it } from 'vitest';
import { eventLogQuery, migrateUpdate, timelineQuery } from '../workflows/case-messages.js';
import { migrationProgressQuery, type MigrationProgress } from '../workflows/migration-batch.js';
import { registryId } from '../workflows/rules-registry-messages.js';
import { caseWorker, loadRules, openCase, register, sleepUntil, useCaseTestEnv } from './workflow-harness.js';
import { createAuditTrail } from '../client/service/audit.js';
import { sourceDigest } from '../client/service/rules-registry.js';
import { verifyAudit } from '../activities/db/audit.js';
import { BO, compiled, registryFor, threeWeekSource, ULLA, refusal } from './registry-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');


describe('migrating a case through the registry', () => {
  it('refuses a move without a reference, to another programme, with a changed model, to an unpublished version or by a non-administrator', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      const registry = registryFor(t.env, taskQueue);
      await sleepUntil(t.env, '2029-01-08T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2029-01-08', dueDate: '2029-06-04' });
      const proposed = await registry.propose(ULLA, 'spaedbarnsindsatsen', { source: threeWeekSource(), message: '3 uger' });
      const next = compiled(threeWeekSource());
      const reference = { programmeId: 'spaedbarnsindsatsen', version: proposed.version, hash: next.version };
      const move = (request: object) => handle.executeUpdate(migrateUpdate, { args: [request as never] });

      expect(await refusal(move({ programme: next, by: 'adm-bo' }))).toBe('migration.unpublished');
      const mtb = loadRules('minding-the-baby');
      expect(await refusal(move({ programme: mtb, by: 'adm-bo', reference: { programmeId: mtb.id, version: 1, hash: mtb.version } }))).toBe('migration.other_programme');
      expect(await refusal(move({ programme: next, by: 'adm-bo', reference: { ...reference, programmeId: 'minding_the_baby' } }))).toBe('migration.other_programme');
      const tampered = { ...next, steps: next.steps.map((s, i) => (i === 0 ? { ...s, title: 'Ændret' } : s)) };
      expect(await refusal(move({ programme: tampered, by: 'adm-bo', reference }))).toBe('migration.tampered');
      expect(await refusal(move({ programme: next, by: 'adm-bo', reference }))).toBe('migration.unpublished');

      await registry.approve(BO, 'spaedbarnsindsatsen', proposed.version);
      expect(await refusal(move({ programme: next, by: 'sr-mette', reference }))).toBe('migration.not_administrator');
      expect(await refusal(move({ programme: next, by: 'adm-bo', reference: { ...reference, version: 1 } }))).toBe('migration.unpublished');
      expect((await handle.query(eventLogQuery)).filter((e) => e.event.type === 'migrated')).toEqual([]);

      expect(await move({ programme: next, by: 'adm-bo', reference })).toEqual({ from: programme.version, to: next.version });
      expect((await handle.query(eventLogQuery)).filter((e) => e.event.type === 'migrated')).toMatchObject([{ event: { by: 'adm-bo', to: next.version } }]);
      // Quiet first: a run terminated with its projection in flight makes the next test's clock crawl.
      for (const id of [handle.workflowId, registryId('spaedbarnsindsatsen')]) await t.env.client.workflow.getHandle(id).terminate('test done');
    });
  });

  it('a batch moves the chosen cases one by one and reports what moved', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      // Ordered at the command line: the order's rows and each moved case's row say `cli`.
      const registry = registryFor(t.env, taskQueue, createAuditTrail(t.db, 'cli'));
      await sleepUntil(t.env, '2029-06-04T07:00');
      const cases = [await openCase(t.env, taskQueue, { programme, notified: '2029-06-04', dueDate: '2029-12-03' }), await openCase(t.env, taskQueue, { programme, notified: '2029-06-04', dueDate: '2029-12-10' })];
      await sleepUntil(t.env, '2029-06-19T12:00');
      for (const handle of cases) await register(handle, { type: 'occurred', what: 'screening', at: '2029-06-19', by: 'sp-anne' });
      const teamsamtale = async (handle: (typeof cases)[number]) => (await handle.query(timelineQuery)).find((o) => o.stepId === 'teamsamtale')?.latest;
      expect(await teamsamtale(cases[0]!)).toBe('2029-07-17');

      const v = await registry.propose(ULLA, 'spaedbarnsindsatsen', { source: threeWeekSource(), message: '3 uger' });
      await registry.approve(BO, 'spaedbarnsindsatsen', v.version);
      const ids = cases.map((c) => c.workflowId);
      const record = await registry.migrate(BO, 'spaedbarnsindsatsen', v.version, [...ids, 'K-2029-9999']);
      expect(record).toMatchObject({ version: v.version, by: 'adm-bo', cases: [...ids, 'K-2029-9999'] });
      const report = (await t.env.client.workflow.getHandle(record.batchId).result()) as MigrationProgress;

      expect(report.remaining).toEqual([]);
      expect(report.finishedAt).toBeDefined();
      expect(report.results.map((r) => ('moved' in r ? `${r.caseId} moved ${r.changes.moved}` : `${r.caseId} failed`))).toEqual([`${ids[0]} moved 1`, `${ids[1]} moved 1`, 'K-2029-9999 failed']);
      expect(await teamsamtale(cases[0]!)).toBe('2029-07-10');
      expect(await teamsamtale(cases[1]!)).toBe('2029-07-10');
      expect(await t.env.client.workflow.getHandle(record.batchId).query(migrationProgressQuery)).toEqual(report);
      expect((await registry.version(BO, 'spaedbarnsindsatsen', v.version)).migrations).toEqual([record]);

      // The audit log: who proposed, approved and ordered the move, and each case the batch moved (or could not).
      const rows = await t.db.query<{ actor: string; action: string; caseId: string | null; source: string; details: Record<string, unknown> }>(
        `SELECT actor, action, case_id AS "caseId", source, details FROM audit_log WHERE action LIKE 'rules.%' ORDER BY id`,
      );
      const P = 'spaedbarnsindsatsen';
      expect(rows).toEqual([
        { actor: 'adm-ulla', action: 'rules.propose', caseId: null, source: 'cli', details: { programme: P, sourceDigest: sourceDigest(threeWeekSource()) } },
        { actor: 'adm-bo', action: 'rules.approve', caseId: null, source: 'cli', details: { programme: P, version: v.version } },
        { actor: 'adm-bo', action: 'rules.migrate', caseId: null, source: 'cli', details: { programme: P, version: v.version, cases: [...ids, 'K-2029-9999'] } },
        ...ids.map((caseId) => ({ actor: 'adm-bo', action: 'rules.case_migrated', caseId, source: 'cli', details: { batch: record.batchId, programme: P, version: v.version, from: programme.version, to: v.hash } })),
        { actor: 'adm-bo', action: 'rules.case_not_migrated', caseId: 'K-2029-9999', source: 'cli', details: { batch: record.batchId, programme: P, version: v.version } },
      ]);
      expect((await verifyAudit(t.db)).ok).toBe(true);
      for (const id of [...ids, registryId('spaedbarnsindsatsen')]) await t.env.client.workflow.getHandle(id).terminate('test done');
    });
  });
});
