/**
 * A recording implementation of `sendNotification`: it keeps every request in memory, sends
 * nothing, and honours the idempotency key the way the e-mail activity does. The workflow tests
 * read `requests` to check what a case sent and when; a worker without mail settings can run on it.
 */
import type { NotificationRequest, NotificationResult } from './notification-types.js';

export interface RecordedNotification extends NotificationRequest {
  /** Staff ids the roles resolved to on the case's team (leaders are outside the team: role ids). */
  recipients: string[];
}

export function createRecordingNotificationActivities() {
  const requests: RecordedNotification[] = [];
  const keys = new Set<string>();
  return {
    requests,
    activities: {
      async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
        const recipients = request.toRoles.map((role) => request.team[role] ?? role);
        if (keys.has(request.idempotencyKey)) return { sentTo: recipients, alreadySent: true };
        keys.add(request.idempotencyKey);
        requests.push({ ...request, recipients });
        return { sentTo: recipients, alreadySent: false };
      },
    },
  };
}
