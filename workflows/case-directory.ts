/**
 * A reassignment names a person the staff directory knows. Validators are synchronous and cannot
 * ask the directory, so the registerEvent handler asks it (a local activity: the answer is recorded
 * in history) before it changes anything, and refuses a staff id nobody has — otherwise the new
 * owner's mails would fail for want of a recipient and show up nowhere.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications.js';
import type { CaseEvent } from './case-input.js';
import { reject } from './case-reject.js';
import type { CaseState } from './case-state.js';

const { resolveRoles } = proxyLocalActivities<Pick<NotificationActivities, 'resolveRoles'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});

/** Resolves when the directory has the staff member; otherwise rejects and the case is unchanged. */
export async function checkStaffInDirectory(state: CaseState, event: Extract<CaseEvent, { type: 'reassign' }>): Promise<void> {
  let found: boolean;
  try {
    const resolved = await resolveRoles({ toRoles: [event.role], team: { [event.role]: event.staff }, unit: state.unit });
    found = resolved.recipients.some((r) => r.staffId === event.staff);
  } catch {
    reject({
      code: 'staff.lookup_failed',
      da: `Medarbejderkartoteket kunne ikke slås op, så ${event.staff} er ikke sat på sagen; prøv igen om lidt.`,
      en: `The staff directory could not be looked up, so ${event.staff} was not put on the case; try again shortly.`,
    });
  }
  if (!found) {
    reject({
      code: 'staff.not_in_directory',
      da: `Medarbejderkartoteket har ingen med id'et ${event.staff}, så sagen kan ikke gives til vedkommende; ret id'et eller opret personen i kartoteket.`,
      en: `The staff directory has no one with the id ${event.staff}, so the case cannot be given to them; correct the id or add the person to the directory.`,
    });
  }
}
