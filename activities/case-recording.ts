/**
 * A recording implementation of `sendNotification`: it keeps every request in memory, sends
 * nothing, and honours the idempotency key the way the e-mail activity does. The workflow tests
 * read `requests` to check what a case sent and when; a worker without mail settings can run on it.
 * Its `resolveRoles` is a fake backed by the example staff directory, not the configured one.
 */
import { fileURLToPath } from 'node:url';
import type { NotificationRequest, NotificationResult } from './notification-types.js';
import { loadStaffDirectory } from './staff/load.js';
import { resolveRoleIds, type ResolvedRoleIds, type ResolveRolesInput } from './staff/resolve.js';
import type { StaffDirectory } from './staff/schema.js';

export interface RecordedNotification extends NotificationRequest {
  /** Staff ids the roles resolved to on the case's team (leaders are outside the team: role ids). */
  recipients: string[];
}

/** Units nord and syd with their team leaders and the three department leaders. */
const exampleStaffFile = fileURLToPath(new URL('../config/staff.example.yaml', import.meta.url));

/** A fake of the `resolveRoles` activity on a staff file read once (default: the example directory). */
function fakeResolveRoles(staffFile: string = exampleStaffFile): (input: ResolveRolesInput) => Promise<ResolvedRoleIds> {
  let directory: Promise<StaffDirectory> | undefined;
  return async (input) => resolveRoleIds(await (directory ??= loadStaffDirectory(staffFile)), input);
}

export function createRecordingNotificationActivities(options: { staffFile?: string } = {}) {
  const requests: RecordedNotification[] = [];
  /** Idempotency keys asked for again after they were recorded: a case that repeats itself shows here. */
  const repeated: string[] = [];
  const keys = new Set<string>();
  return {
    requests,
    repeated,
    activities: {
      async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
        const recipients = request.toRoles.map((role) => request.team[role] ?? role);
        if (keys.has(request.idempotencyKey)) {
          repeated.push(request.idempotencyKey);
          return { sentTo: recipients, alreadySent: true };
        }
        keys.add(request.idempotencyKey);
        requests.push({ ...request, recipients });
        return { sentTo: recipients, alreadySent: false };
      },
      resolveRoles: fakeResolveRoles(options.staffFile),
    },
  };
}
