/**
 * Planned meetings on the time-skipping server: a meeting moved after its reminder is reminded again
 * before its new date and its calendar invitation is updated (same UID, higher SEQUENCE); a cancelled
 * meeting sends a cancellation and no more reminders for its date. Nothing goes out twice.
 */
import { describe, expect, it } from 'vitest';
import { occurrenceUid } from '../activities/mail/ics.js';
import type { RecordedNotification } from '../activities/case-recording.js';
import { timelineQuery } from '../workflows/case-messages.js';
import { caseWorker, loadRules, localOf, openCase, register, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');

const firstMeeting = (r: RecordedNotification) => r.stepId === 'netvaerksmoede_1' && r.kind !== 'escalation';
/** The invitation's key without its sequence: the part that names the calendar event. */
const eventKey = (r: RecordedNotification) => r.idempotencyKey.replace(/:\d+$/, '');

describe('planned meetings', () => {
  it('reminds a moved network meeting again before its new date and updates the invitation', async () => {
    const { worker, taskQueue, requests, repeated } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-04', dueDate: '2027-07-26' });
      await sleepUntil(t.env, '2027-01-18T12:00');
      await register(handle, { type: 'occurred', what: 'intake', at: '2027-01-18' });
      await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-01-27', time: '10:00' });
      // Reminded on the 24th; on the 25th the meeting is moved two weeks, still before its deadline (15 February).
      await sleepUntil(t.env, '2027-01-25T12:00');
      await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-02-10', time: '10:00' });
      await sleepUntil(t.env, '2027-02-10T12:00');
      await register(handle, { type: 'occurred', what: 'netvaerksmoede_1', occurrence: 1, at: '2027-02-10' });
      await sleepUntil(t.env, '2027-02-20T12:00');

      expect(summary(requests, firstMeeting)).toEqual([
        'invitation netvaerksmoede_1#1 @ 2027-01-27 10:00 → sr-mette',
        'reminder netvaerksmoede_1#1 @ 2027-01-24 08:00 → sr-mette',
        'invitation netvaerksmoede_1#1 @ 2027-02-10 10:00 → sr-mette',
        'reminder netvaerksmoede_1#1 @ 2027-02-07 08:00 → sr-mette',
        'due_today netvaerksmoede_1#1 @ 2027-02-10 08:00 → sr-mette',
      ]);
      const invitations = requests.filter((r) => firstMeeting(r) && r.kind === 'invitation');
      expect(invitations.map((r) => r.sequence)).toEqual([0, 1]);
      expect(new Set(invitations.map(eventKey)).size).toBe(1);
      expect(new Set(invitations.map((r) => occurrenceUid(r.caseId, r.stepId!, r.occurrence!))).size).toBe(1);
      expect(invitations.map((r) => r.meeting && localOf(r.meeting.start))).toEqual(['2027-01-27 10:00', '2027-02-10 10:00']);
      // The two reminders are two keys, each bearing its own date; nothing was asked for twice.
      const reminderKeys = requests.filter((r) => firstMeeting(r) && r.kind === 'reminder').map((r) => r.idempotencyKey.split(':').at(-1));
      expect(reminderKeys).toEqual(['2027-01-27', '2027-02-10']);
      expect(repeated).toEqual([]);
      expect(new Set(requests.map((r) => r.idempotencyKey)).size).toBe(requests.length);
      await saveHistory(handle, 'spaedbarn-moved-meeting');
      await handle.terminate('test done');
    });
  });

  it('sends a cancellation for a cancelled meeting and no more reminders for its date', async () => {
    const { worker, taskQueue, requests, repeated } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-03-01T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-03-01', dueDate: '2027-09-06' });
      await sleepUntil(t.env, '2027-03-08T12:00');
      await register(handle, { type: 'occurred', what: 'intake', at: '2027-03-08' });
      await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-03-24', time: '13:00' });
      await sleepUntil(t.env, '2027-03-22T12:00');
      await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-03-24', time: '13:00', cancelled: true });
      await sleepUntil(t.env, '2027-03-30T12:00');

      expect(summary(requests, firstMeeting)).toEqual([
        'invitation netvaerksmoede_1#1 @ 2027-03-24 13:00 → sr-mette',
        'reminder netvaerksmoede_1#1 @ 2027-03-21 08:00 → sr-mette',
        'invitation netvaerksmoede_1#1 @ 2027-03-24 13:00 → sr-mette',
      ]);
      const cancellation = requests.filter((r) => firstMeeting(r) && r.kind === 'invitation').at(-1);
      expect(cancellation).toMatchObject({ sequence: 1, meeting: { cancelled: true } });
      // Without a meeting date the step is back on its rule's deadline: 4 weeks after intake.
      const timeline = await handle.query(timelineQuery);
      expect(timeline.find((o) => o.stepId === 'netvaerksmoede_1')).toMatchObject({ target: '2027-04-05', status: 'open' });
      expect(timeline.find((o) => o.stepId === 'netvaerksmoede_1')?.planned).toBeUndefined();
      expect(repeated).toEqual([]);
      await handle.terminate('test done');
    });
  });
});
