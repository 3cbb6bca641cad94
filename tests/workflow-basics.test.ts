/**
 * The case workflow's mechanics on the real Spædbarnsindsatsen rules: reminders at their dates,
 * validators that reject without touching history, queries and search attributes.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { fixtureProgramme } from './fixtures/planner-programme.js';
import { casePageQuery, eventLogQuery, obligationsQuery, phaseQuery, timelineQuery } from '../workflows/case-messages.js';
import { caseWorker, openCase, register, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';
import { failureSentence } from '../client/service/temporal-client.js';

const t = useCaseTestEnv();

describe('case workflow basics', () => {
  it('reminds at the rule dates, re-plans on events and answers queries', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme: fixtureProgramme, notified: '2027-01-04', dueDate: '2027-07-05' });
      await sleepUntil(t.env, '2027-01-04T09:00');
      expect(summary(requests)).toEqual(['due_today underretning_vurdering#1 @ 2027-01-04 08:00 → leder_bfr,tl-birgit']);
      await register(handle, { type: 'occurred', what: 'underretning_vurdering', at: '2027-01-04' });
      // Screening on Wednesday 20 January: the team conversation is due four weeks later, 17 February.
      await sleepUntil(t.env, '2027-01-20T15:00');
      await register(handle, { type: 'occurred', what: 'screening', at: '2027-01-20', by: 'sp-anne' });
      const teamsamtale = (await handle.query(timelineQuery)).find((e) => e.stepId === 'teamsamtale');
      expect(teamsamtale).toMatchObject({ target: '2027-02-17', ownerStaff: ['sp-anne'] });
      await sleepUntil(t.env, '2027-02-17T09:00');
      expect(summary(requests, (r) => r.stepId === 'teamsamtale')).toEqual([
        // The rules remind three days before the deadline and on the day.
        'reminder teamsamtale#1 @ 2027-02-14 08:00 → sp-anne',
        'due_today teamsamtale#1 @ 2027-02-17 08:00 → sp-anne',
      ]);
      // The request carries the planner's dates under the planner's names.
      const dueToday = requests.find((r) => r.stepId === 'teamsamtale' && r.kind === 'due_today')!;
      expect(dueToday).toMatchObject({ earliest: '2027-01-20', target: '2027-02-17', latest: '2027-02-17', at: '2027-02-17T07:00:00Z' });
      expect(dueToday).not.toHaveProperty('date');
      expect(dueToday).not.toHaveProperty('dueAt');
      expect(await handle.query(phaseQuery)).toBe(1);
      const obligations = await handle.query(obligationsQuery);
      expect(obligations.open.map((o) => o.stepId)).toContain('teamsamtale');
      // The case page and `vugge case show` read the same obligations in their one query.
      expect((await handle.query(casePageQuery)).obligations).toEqual(obligations);
      const desc = await handle.describe();
      expect(desc.typedSearchAttributes.get({ name: 'VuggeUnit', type: 'KEYWORD' } as never)).toBe('nord');
      await saveHistory(handle, 'basics-reminders');
      await handle.terminate('test done');
    });
  });

  it('rejects a bad event with one sentence and writes nothing to history', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      // Before the 08:00 reminder: nothing of the case's own happens while the events are tried.
      await sleepUntil(t.env, '2027-03-01T06:00');
      const handle = await openCase(t.env, taskQueue, { programme: fixtureProgramme, notified: '2027-03-01', dueDate: '2027-08-02' });
      await handle.query(phaseQuery);
      const attempts = [
        { type: 'occurred', what: 'birth', at: '2027-02-27' },
        { type: 'occurred', what: 'birth', at: '2027-03-02' },
        { type: 'occurred', what: 'nonsense_step', at: '2027-03-01' },
        { type: 'teleport', at: '2027-03-01' },
        { type: 'occurred', what: 'skaerpet_opmaerksomhed', at: '2027-03-01' },
      ];
      const sentences: string[] = [];
      for (const attempt of attempts) {
        const err = await register(handle, attempt as never).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        sentences.push(failureSentence(err));
      }
      expect(sentences[0]).toMatch(/^Datoen 2027-02-27 ligger før sagen begyndte \(2027-03-01\); ret datoen\. \/ /);
      expect(sentences[1]).toMatch(/^Datoen 2027-03-02 ligger efter i dag/);
      expect(sentences[2]).toMatch(/kender hverken et trin eller en hændelse 'nonsense_step'/);
      expect(sentences[3]).toMatch(/^Ukendt hændelsestype 'teleport'/);
      expect(sentences[4]).toMatch(/^Trinnet 'skaerpet_opmaerksomhed' gælder ikke for denne sag/);
      const after = (await handle.fetchHistory()).events ?? [];
      // The server may fire the case's own 08:00 timer meanwhile; no event of an update may appear.
      const updateEvents = after.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes || e.workflowExecutionUpdateAdmittedEventAttributes);
      expect(updateEvents).toEqual([]);
      expect((await handle.query(eventLogQuery)).map((e) => e.event.type)).toEqual(['opened']);
      await handle.terminate('test done');
    });
  });
});
