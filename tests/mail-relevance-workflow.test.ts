/**
 * Whether an undeliverable notification is still worth sending, asked of the running case on the
 * time-skipping server: open step → yes; done step, moved date, ended or unknown case → no.
 */
import { describe, expect, it } from 'vitest';
import { caseRelevance } from '../worker/redelivery.js';
import { fixtureProgramme } from './fixtures/planner-programme.js';
import { caseWorker, openCase, register, sleepUntil, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();

describe('caseRelevance', () => {
  it('answers from the case: open, done, another date, ended', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    const relevance = caseRelevance(t.env.client);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme: fixtureProgramme, notified: '2027-01-04', dueDate: '2027-07-05' });
      await sleepUntil(t.env, '2027-01-04T09:00');
      const dueToday = requests.find((r) => r.stepId === 'underretning_vurdering' && r.kind === 'due_today')!;
      expect(await relevance(dueToday)).toEqual({ relevant: true });
      expect(await relevance({ ...dueToday, target: '2027-01-03' })).toEqual({ relevant: false, why: 'superseded' });
      await register(handle, { type: 'occurred', what: 'underretning_vurdering', at: '2027-01-04' });
      expect(await relevance(dueToday)).toEqual({ relevant: false, why: 'done' });
      await handle.terminate('test done');
      expect(await relevance(dueToday)).toEqual({ relevant: false, why: 'case_ended' });
      expect(await relevance({ ...dueToday, caseId: 'K-2099-0001' })).toEqual({ relevant: false, why: 'case_ended' });
    });
  });
});
