/**
 * The catch-up policy (docs/notifications.md) on the time-skipping server: a case opened months
 * after the notification, and a birth registered weeks late. Each owner gets one catch-up mail
 * listing their overdue steps; escalation goes level by level from the first, the next level only
 * after its interval since the previous one; nothing goes straight to the three leaders.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedNotification } from '../activities/case-recording.js';
import { caseWorker, loadRules, localOf, openCase, register, saveHistory, sleepUntil, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');
const THREE = 'leder_bfr,leder_familiecenter,leder_sundhedspleje';

/** `kind level → recipients: step#occ, …` — what each mail says, in the order sent. */
function mails(requests: RecordedNotification[], filter: (r: RecordedNotification) => boolean = () => true): string[] {
  return requests.filter(filter).map((r) => {
    const steps = r.items ? r.items.map((i) => `${i.stepId}#${i.occurrence}`).join(',') : `${r.stepId}#${r.occurrence}`;
    const level = r.escalationLevel ? ` ${r.escalationLevel}` : '';
    return `${r.kind}${level}${r.catchUp ? ' (catch-up)' : ''} @ ${localOf(r.at)} → ${r.recipients.join(',')}: ${steps}`;
  });
}

describe('catch-up policy', () => {
  it('a case opened months after the notification: one catch-up mail per owner, escalation level by level', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      // Notified Monday 4 January, registered in Vugge on Monday 5 April 2027.
      await sleepUntil(t.env, '2027-04-05T09:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-04', dueDate: '2027-07-26' });
      await sleepUntil(t.env, '2027-04-05T10:00');
      // Each owner once, listing their overdue steps; no single reminder for a step long overdue; the
      // first escalation level only — the team leader for the case's steps, the three leaders for the
      // notification's assessment, whose first level is theirs in the rules.
      expect(mails(requests).sort()).toEqual([
        'catch_up (catch-up) @ 2027-04-05 09:00 → leder_bfr: underretning_vurdering#1',
        'catch_up (catch-up) @ 2027-04-05 09:00 → sp-anne: screening#1',
        'catch_up (catch-up) @ 2027-04-05 09:00 → sr-mette: sagsmoede#1',
        'catch_up (catch-up) @ 2027-04-05 09:00 → tl-birgit: underretning_vurdering#1',
        `escalation 1 (catch-up) @ 2027-04-05 09:00 → ${THREE}: underretning_vurdering#1`,
        'escalation 1 (catch-up) @ 2027-04-05 09:00 → tl-birgit: sagsmoede#1,screening#1',
      ]);
      const catchUps = requests.filter((r) => r.kind === 'catch_up');

      // The second level ("after 1 week", 6 days after the first) counts from the catch-up.
      await sleepUntil(t.env, '2027-04-10T12:00');
      expect(requests.filter((r) => r.kind === 'escalation' && r.escalationLevel === 2)).toEqual([]);
      await sleepUntil(t.env, '2027-04-11T12:00');
      const second = requests.filter((r) => r.kind === 'escalation' && r.escalationLevel === 2);
      expect(mails(second)).toEqual([`escalation 2 @ 2027-04-11 09:00 → ${THREE}: sagsmoede#1,screening#1`]);
      expect(requests.filter((r) => r.kind === 'catch_up')).toHaveLength(catchUps.length);
      await saveHistory(handle, 'spaedbarn-catch-up');
      await handle.terminate('test done');
    });
  });

  it('a birth registered three weeks late: the owners get one catch-up each, the team leader the first level only', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-10-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-10-04', dueDate: '2027-11-29' });
      for (const day of ['2027-10-18', '2027-11-01', '2027-11-15', '2027-11-29']) await sleepUntil(t.env, `${day}T12:00`);
      await sleepUntil(t.env, '2027-12-13T09:00');
      const before = requests.length;
      // Born 22 November, discharged 24 November; registered on 13 December.
      await register(handle, { type: 'occurred', what: 'birth', at: '2027-11-22' });
      await register(handle, { type: 'occurred', what: 'discharge', at: '2027-11-24' });
      await sleepUntil(t.env, '2027-12-13T10:00');
      // The two registrations are caught up together, ten quiet minutes after the last: one mail per
      // owner, and one first-level escalation to the team leader — none to the three leaders.
      expect(mails(requests.slice(before), (r) => r.catchUp === true).sort()).toEqual([
        'catch_up (catch-up) @ 2027-12-13 09:10 → ft-lars: netvaerksmoede__statusudtalelse#1,fit#1,hjemmebesoeg_udskrivning#1,arbejdsmoede#1',
        'catch_up (catch-up) @ 2027-12-13 09:10 → leder_bfr: arbejdsmoede#1',
        'catch_up (catch-up) @ 2027-12-13 09:10 → leder_familiecenter: arbejdsmoede#1',
        'catch_up (catch-up) @ 2027-12-13 09:10 → leder_sundhedspleje: arbejdsmoede#1',
        'catch_up (catch-up) @ 2027-12-13 09:10 → sp-anne: netvaerksmoede__statusudtalelse#1,hjemmebesoeg_udskrivning#1,udskrivningskonference#1,arbejdsmoede#1',
        'catch_up (catch-up) @ 2027-12-13 09:10 → sr-mette: netvaerksmoede#1,udskrivningskonference#1,arbejdsmoede#1',
        'escalation 1 (catch-up) @ 2027-12-13 09:10 → tl-birgit: netvaerksmoede#1,netvaerksmoede__statusudtalelse#1,fit#1,hjemmebesoeg_udskrivning#1,udskrivningskonference#1,arbejdsmoede#1',
      ]);
      expect(requests.slice(before).filter((r) => r.kind === 'escalation' && (r.escalationLevel ?? 1) > 1)).toEqual([]);
      await handle.terminate('test done');
    });
  });
});
