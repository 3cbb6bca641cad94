/**
 * All of one wake's notices in one activity: the case asks once, not once per notice, so a
 * backdated case's catch-up and escalation levels cost one round trip to the server instead of six
 * or seven. Each notice is still sent by `sendNotification`, under its own idempotency key and
 * exactly-once claim. The batch itself never fails for one notice: a business failure (nobody to
 * send to, an address rejected) is reported back for the case to log, and a notice that may succeed
 * later (mail server down, another worker sending it) is handed back for the case to send on its own
 * with the activity's usual retries — so one unreachable mail server never holds the others back,
 * and a retry of the batch sends nothing twice.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { NotificationRequest, NotificationResult } from './notification-types.js';

export type NoticeOutcome =
  /** Staff ids it went to (or had gone to, or was queued for in a digest), as `sendNotification` answered. */
  | { outcome: 'sent'; sentTo: string[] }
  /** Will not succeed on a retry: the case logs it and counts the notice as handled. */
  | { outcome: 'failed'; type: string; message: string }
  /** May succeed later: the case sends this notice again on its own, with retries. */
  | { outcome: 'retry' };

/** `sendNotifications` over any `sendNotification` (the SMTP one, the recording one, a measured one). */
export function notificationBatch(sendNotification: (request: NotificationRequest) => Promise<NotificationResult>) {
  return {
    async sendNotifications(requests: NotificationRequest[]): Promise<NoticeOutcome[]> {
      return Promise.all(
        requests.map(async (request): Promise<NoticeOutcome> => {
          try {
            const result = await sendNotification(request);
            return { outcome: 'sent', sentTo: [...result.sentTo, ...(result.queuedForDigest ?? [])] };
          } catch (err) {
            if (err instanceof ApplicationFailure && err.nonRetryable) return { outcome: 'failed', type: err.type ?? 'Error', message: err.message };
            return { outcome: 'retry' };
          }
        }),
      );
    },
  };
}

export type NotificationBatchActivities = ReturnType<typeof notificationBatch>;
