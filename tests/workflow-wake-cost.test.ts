/**
 * What one wake costs the server ('notices-in-one-activity', 'project-read-model-locally'): a case
 * opened months after its notification sends its catch-up and escalation mails in one activity and
 * projects its read model in a local activity, both in its first workflow task beside its timer.
 * A notice the mail server could not take yet goes again on its own; a business failure is logged.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { notificationBatch } from '../activities/notification-batch.js';
import type { NotificationRequest } from '../activities/notification-types.js';
import { createWorker } from '../worker/create-worker.js';
import { caseWorker, loadRules, localActivityTypes, openCase, register, sleepUntil, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const scheduled = (events: HistoryEvent[]) => events.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);

/** The events the first workflow task wrote: from its completion to the next task or the end. */
function firstTask(events: HistoryEvent[]): HistoryEvent[] {
  const done = events.findIndex((e) => e.workflowTaskCompletedEventAttributes);
  const next = events.findIndex((e, i) => i > done && e.workflowTaskScheduledEventAttributes);
  return events.slice(done + 1, next < 0 ? undefined : next);
}

describe('one wake, one notification activity', () => {
  it('a case opened months late sends its six mails in one activity and projects without a task to the server', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-04-05T09:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-04', dueDate: '2027-07-26' });
      await sleepUntil(t.env, '2027-04-05T10:00');
      expect(requests).toHaveLength(6);
      const events = (await handle.fetchHistory()).events ?? [];
      expect(scheduled(events)).toEqual(['sendNotifications']);
      // The mails, the timer to the next moment and the read model (a local activity's marker), in one task.
      const first = firstTask(events);
      expect(scheduled(first)).toEqual(['sendNotifications']);
      expect(first.some((e) => e.timerStartedEventAttributes)).toBe(true);
      expect(localActivityTypes(first)).toEqual(['resolveRoles', 'projectReadModel']);
      expect(localActivityTypes(events)).toEqual(['resolveRoles', 'projectReadModel']);
      const levels = await t.db.query<{ escalation_level: number }>('SELECT escalation_level FROM occurrences WHERE case_id = $1 AND escalation_level > 0', [handle.workflowId]);
      expect(levels.map((r) => r.escalation_level)).toEqual([1, 1, 1]);
      await handle.terminate('test done');
    });
  });

  it('a mail the server could not take goes again on its own; a mail nobody can receive is logged, not retried', async () => {
    const recording = createRecordingNotificationActivities();
    let unavailable: string | undefined;
    const sendNotification = async (request: NotificationRequest) => {
      if (request.kind === 'escalation') throw ApplicationFailure.nonRetryable('nobody to send to', 'NoRecipients');
      if (request.kind === 'catch_up' && unavailable === undefined) {
        unavailable = request.idempotencyKey;
        throw ApplicationFailure.retryable('mail server down', 'SmtpUnavailable');
      }
      return recording.activities.sendNotification(request);
    };
    const taskQueue = `cases-retry-${Date.now()}`;
    const worker = await createWorker({ connection: t.env.nativeConnection, taskQueue, activities: { ...recording.activities, sendNotification }, database: t.db, workflowBundle: t.bundle });
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-04-06T09:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-05', dueDate: '2027-07-27' });
      await sleepUntil(t.env, '2027-04-06T10:00');
      const events = (await handle.fetchHistory()).events ?? [];
      expect(scheduled(events)).toEqual(['sendNotifications', 'sendNotification']);
      const alone = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendNotification');
      expect(Buffer.from(alone!.activityTaskScheduledEventAttributes!.input!.payloads![0]!.data!).toString()).toContain(unavailable);
      // Four catch-up mails, the one that failed at first among them; the two escalations never.
      expect(requests(recording).map((r) => r.kind)).toEqual(['catch_up', 'catch_up', 'catch_up', 'catch_up']);
      expect(requests(recording).map((r) => r.idempotencyKey)).toContain(unavailable);
      await handle.terminate('test done');
    });
  });

  it('projects locally on its own wakes, and through the regular activity after an event, whose answer does not wait for the database', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-04-07T09:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-04-07', dueDate: '2027-09-27' });
      await sleepUntil(t.env, '2027-04-07T10:00');
      await register(handle, { type: 'occurred', what: 'underretning_vurdering', at: '2027-04-07' });
      await sleepUntil(t.env, '2027-04-07T11:00');
      const events = (await handle.fetchHistory()).events ?? [];
      expect(localActivityTypes(events).filter((type) => type === 'projectReadModel')).toHaveLength(1);
      expect(scheduled(events).filter((type) => type === 'projectReadModel')).toHaveLength(1);
      const [row] = await t.db.query<{ status: string }>("SELECT status FROM occurrences WHERE case_id = $1 AND step_id = 'underretning_vurdering'", [handle.workflowId]);
      expect(row).toBeUndefined();
      await handle.terminate('test done');
    });
  });

  it('the batch reports each notice: sent, failed for good, or to be sent again', async () => {
    const { sendNotifications } = notificationBatch(async (request) => {
      if (request.kind === 'escalation') throw ApplicationFailure.nonRetryable('nobody to send to', 'NoRecipients');
      if (request.kind === 'overdue') throw new Error('connection reset');
      return { sentTo: ['sp-anne'], alreadySent: false };
    });
    const asked = (kind: NotificationRequest['kind']) => ({ kind }) as NotificationRequest;
    expect(await sendNotifications([asked('reminder'), asked('escalation'), asked('overdue')])).toEqual([
      { outcome: 'sent', sentTo: ['sp-anne'] },
      { outcome: 'failed', type: 'NoRecipients', message: 'nobody to send to' },
      { outcome: 'retry' },
    ]);
  });
});

const requests = (recording: ReturnType<typeof createRecordingNotificationActivities>) => recording.requests;
