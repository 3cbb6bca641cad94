/**
 * The rules registry on the time-skipping server: it starts with the bundled rules as version 1,
 * takes proposals from administrators, publishes with a second administrator's approval only,
 * never changes a published version, and carries its versions across continue-as-new.
 */
import { describe, expect, it } from 'vitest';
import { currentVersionQuery, registryId, versionsQuery } from '../workflows/rules-registry-messages.js';
import { caseWorker, useCaseTestEnv } from './workflow-harness.js';
import { BO, METTE, registryFor, spaedbarnSource, threeWeekSource, ULLA, refusal } from './registry-harness.js';

const t = useCaseTestEnv();


describe('rules registry', () => {
  it('starts with the bundled rules; publishes a proposal only with another administrator’s approval; published versions never change', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      const registry = registryFor(t.env, taskQueue);
      const first = await registry.currentVersion('spaedbarnsindsatsen');
      expect(first).toMatchObject({ version: 1, source: spaedbarnSource() });
      expect((await registry.versions(ULLA, 'spaedbarnsindsatsen'))[0]).toMatchObject({ author: 'system', status: 'published' });

      const proposed = await registry.propose(ULLA, 'spaedbarnsindsatsen', { source: threeWeekSource(), message: 'Teamsamtale senest 3 uger efter screening' });
      expect(proposed).toMatchObject({ version: 2, status: 'pending', author: 'adm-ulla', errors: 0 });
      expect(proposed.hash).toMatch(/^[0-9a-f]{16}$/);
      expect((await registry.currentVersion('spaedbarnsindsatsen')).version).toBe(1);

      expect(await refusal(registry.approve(ULLA, 'spaedbarnsindsatsen', 2))).toBe('rules.self_approval');
      expect(await refusal(registry.approve(METTE, 'spaedbarnsindsatsen', 2))).toBe('rules.not_administrator');
      expect(await refusal(registry.propose(METTE, 'spaedbarnsindsatsen', { source: threeWeekSource(), message: 'x' }))).toBe('rules.not_administrator');
      expect(await refusal(registry.propose(ULLA, 'spaedbarnsindsatsen', { source: spaedbarnSource(), message: 'samme' }))).toBe('rules.unchanged');
      const mtb = spaedbarnSource().replace(/programme spaedbarnsindsatsen/, 'programme andet_program');
      expect(await refusal(registry.propose(ULLA, 'spaedbarnsindsatsen', { source: mtb, message: 'andet' }))).toBe('rules.other_programme');

      const published = await registry.approve(BO, 'spaedbarnsindsatsen', 2);
      expect(published).toMatchObject({ version: 2, status: 'published', author: 'adm-ulla', approver: 'adm-bo' });
      expect(await registry.currentVersion('spaedbarnsindsatsen')).toMatchObject({ version: 2, source: threeWeekSource(), hash: proposed.hash });
      expect(await refusal(registry.approve(BO, 'spaedbarnsindsatsen', 2))).toBe('rules.already_published');
      expect(await refusal(registry.reject(BO, 'spaedbarnsindsatsen', 2, 'for sent'))).toBe('rules.already_published');

      const broken = await registry.propose(BO, 'spaedbarnsindsatsen', { source: threeWeekSource().replace('owner leder_bfr, teamleder', 'owner leder_bfx, teamleder'), message: 'stavefejl' });
      expect(broken.errors).toBeGreaterThan(0);
      expect(await refusal(registry.approve(ULLA, 'spaedbarnsindsatsen', 3))).toBe('rules.does_not_compile');
      expect(await registry.reject(ULLA, 'spaedbarnsindsatsen', 3, 'Rollen er stavet forkert')).toMatchObject({ status: 'rejected', rejectedBy: 'adm-ulla', reason: 'Rollen er stavet forkert' });
      expect(await refusal(registry.approve(BO, 'spaedbarnsindsatsen', 3))).toBe('rules.already_rejected');
      expect(await refusal(registry.approve(BO, 'spaedbarnsindsatsen', 9))).toBe('rules.no_such_version');
      expect((await registry.versions(ULLA, 'spaedbarnsindsatsen')).map((v) => `${v.version} ${v.status}`)).toEqual(['1 published', '2 published', '3 rejected']);
      await t.env.client.workflow.getHandle(registryId('spaedbarnsindsatsen')).terminate('test done');
    });
  });

  it('continues as new before its history grows large, carrying every version', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      const workflowId = `${registryId('spaedbarnsindsatsen')}-${taskQueue}`;
      const handle = await t.env.client.workflow.start('rulesRegistryWorkflow', { workflowId, taskQueue, args: [{ programmeId: 'spaedbarnsindsatsen', bundledSource: spaedbarnSource(), maxHistoryEvents: 30 }] });
      const { proposeRulesUpdate, rejectRulesUpdate } = await import('../workflows/rules-registry-messages.js');
      for (let i = 0; i < 4; i++) {
        const v = await handle.executeUpdate(proposeRulesUpdate, { args: [{ source: `${threeWeekSource()}\n# ${i}\n`, message: `forslag ${i}`, by: 'adm-ulla' }] });
        await handle.executeUpdate(rejectRulesUpdate, { args: [{ version: v.version, by: 'adm-bo', reason: 'prøve' }] });
      }
      const latest = t.env.client.workflow.getHandle(workflowId);
      expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
      expect((await latest.query(versionsQuery)).map((v) => v.status)).toEqual(['published', 'rejected', 'rejected', 'rejected', 'rejected']);
      expect((await latest.query(currentVersionQuery))?.version).toBe(1);
      await latest.terminate('test done');
    });
  });
});
