/**
 * Visit-norm mails are judged calmly: a week only after it has ended plus the registration grace
 * (2 working days by default), never a week that a pause registered within the grace touches, and
 * on the hours known at the moment of sending. Also the judging moment itself, as a table.
 */
import { describe, expect, it } from 'vitest';
import { localOf, caseWorker, loadRules, openCase, register, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';
import { normJudgedAt } from '../workflows/notify-norm.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');

describe('the judging moment of a norm week', () => {
  it.each([
    { weekEnd: '2028-12-03', grace: undefined, judged: '2028-12-06 08:00', why: 'Monday and Tuesday to register, judged Wednesday' },
    { weekEnd: '2028-04-09', grace: undefined, judged: '2028-04-12 08:00', why: 'the week before Easter: Monday and Tuesday' },
    { weekEnd: '2028-04-16', grace: undefined, judged: '2028-04-20 08:00', why: 'Easter Monday is no working day: Tuesday and Wednesday' },
    { weekEnd: '2028-12-03', grace: 0, judged: '2028-12-04 08:00', why: 'no grace: the first working day after the week' },
    { weekEnd: '2028-12-03', grace: 5, judged: '2028-12-11 08:00', why: 'a programme that gives a whole working week' },
  ])('week ending $weekEnd, grace $grace: $why', ({ weekEnd, grace, judged }) => {
    expect(localOf(new Date(normJudgedAt({ ...programme, visitNormGraceDays: grace }, weekEnd)).toISOString())).toBe(judged);
  });
});

describe('visit-norm mails', () => {
  it('count hours registered within the grace, leave out a week a pause registered late touches, and mail a real shortfall once', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    const norm = () => summary(requests, (r) => r.stepId === 'besoegsnorm');
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2028-09-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2028-09-04', dueDate: '2028-12-04' });
      // Born Monday 27 November; each week from then needs 6 hours.
      await sleepUntil(t.env, '2028-11-27T12:00');
      await register(handle, { type: 'occurred', what: 'birth', at: '2028-11-27' });
      // Week 48 (27 Nov – 3 Dec): the visits are registered on Tuesday 5 December, within the grace.
      await sleepUntil(t.env, '2028-12-05T16:00');
      await register(handle, { type: 'visit', at: '2028-11-29', hours: 6, by: 'sp-anne' });
      await sleepUntil(t.env, '2028-12-06T12:00');
      expect(norm()).toEqual([]);
      // Week 49 (4–10 Dec): the family went to hospital on Friday 8th; the pause is registered on Monday 11th.
      await register(handle, { type: 'visit', at: '2028-12-04', hours: 2, by: 'sp-anne' });
      await sleepUntil(t.env, '2028-12-11T10:00');
      await register(handle, { type: 'pause', at: '2028-12-08', reason: 'hospitalsophold' });
      await register(handle, { type: 'resume', at: '2028-12-11' });
      // Week 50 (11–17 Dec): 2 of 6 hours, nothing more registered — mailed once, on Wednesday 20th.
      await sleepUntil(t.env, '2028-12-12T12:00');
      await register(handle, { type: 'visit', at: '2028-12-12', hours: 2, by: 'sp-anne' });
      await sleepUntil(t.env, '2028-12-19T12:00');
      expect(norm()).toEqual([]);
      await sleepUntil(t.env, '2028-12-20T12:00');
      expect(norm()).toEqual(['escalation besoegsnorm#202850 @ 2028-12-20 08:00 → tl-birgit']);
      expect(requests.find((r) => r.stepId === 'besoegsnorm')?.stepTitle).toBe('Besøgsnorm: 2 af 6 timer');
      // The steps overdue before the pause were known: the resume is no late registration to catch up.
      expect(requests.filter((r) => r.kind === 'catch_up' && r.at > '2028-12-11')).toEqual([]);
      await saveHistory(handle, 'spaedbarn-visit-norm');
      await handle.terminate('test done');
    });
  });
});
