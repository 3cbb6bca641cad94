/**
 * The morning digest: one run per working morning (started by the schedule in
 * worker/digest-schedule.ts) sends each person with reminder preference 'digest' one e-mail with
 * everything held back for them. `sendDigest` is once per staff id + date, so a second run on the
 * same date sends nothing new; a digest that could not go out leaves its items for the next one.
 */
import { ApplicationFailure, log, proxyActivities } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { NotificationActivities } from '../activities/notifications.js';
import { sentence, type Message } from '../dsl/contract-core.js';

export const DIGEST_ZONE = 'Europe/Copenhagen';
/** Digests are sent a few at a time: a municipality has tens of digest readers, not thousands. */
const DIGEST_CONCURRENCY = 5;

const { digestRecipients } = proxyActivities<Pick<NotificationActivities, 'digestRecipients'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes' },
});
// An SMTP outage is ridden out for the working day; past that the items wait for the next digest.
const { sendDigest } = proxyActivities<Pick<NotificationActivities, 'sendDigest'>>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '10 hours',
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export interface DigestInput {
  /** The digest's date (YYYY-MM-DD); default today in Copenhagen, as the schedule starts it. */
  date?: string;
  /**
   * The closing days of the programmes' compiled calendars (public holidays and the rules' `closed
   * on` days, see `commonClosedDates`); the schedule passes them, refreshed at every worker start.
   */
  closedDates?: string[];
}

export interface DigestOutcome {
  date: string;
  /** Set when the date is not a working day: no digest then, the items wait for the next one. */
  skipped?: 'weekend' | 'closed';
  sent: string[];
  alreadySent: string[];
  /** Digest readers with nothing held back for them. */
  nothingToSend: string[];
  failed: { staffId: string; message: string }[];
}

/** Weekends, and the closing days of the compiled calendars. */
export function closedReason(date: string, closedDates: readonly string[] = []): DigestOutcome['skipped'] {
  const day = DateTime.fromISO(date, { zone: DIGEST_ZONE });
  if (day.weekday > 5) return 'weekend';
  return closedDates.includes(date) ? 'closed' : undefined;
}

export async function digestWorkflow(input: DigestInput = {}): Promise<DigestOutcome> {
  const date = input.date ?? DateTime.fromMillis(Date.now(), { zone: DIGEST_ZONE }).toISODate()!;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: DIGEST_ZONE }).isValid) {
    const message: Message = { code: 'date.invalid', da: `Datoen '${date}' skal være en gyldig dato skrevet ÅÅÅÅ-MM-DD.`, en: `The date '${date}' must be a valid date written YYYY-MM-DD.` };
    throw ApplicationFailure.create({ message: sentence(message), type: 'InvalidDate', nonRetryable: true, details: [message] });
  }
  const outcome: DigestOutcome = { date, sent: [], alreadySent: [], nothingToSend: [], failed: [] };
  outcome.skipped = closedReason(date, input.closedDates);
  if (outcome.skipped) return outcome;

  const queue = [...(await digestRecipients())];
  const next = async (): Promise<void> => {
    for (let staffId = queue.shift(); staffId !== undefined; staffId = queue.shift()) {
      try {
        const result = await sendDigest(staffId, date);
        if (result.items === 0 && !result.alreadySent) outcome.nothingToSend.push(staffId);
        else (result.alreadySent ? outcome.alreadySent : outcome.sent).push(staffId);
      } catch (err) {
        // One person's rejected address must not keep the others' digests back.
        const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
        log.warn('Digest not sent', { staffId, date, error: message });
        outcome.failed.push({ staffId, message });
      }
    }
  };
  await Promise.all(Array.from({ length: DIGEST_CONCURRENCY }, next));
  for (const list of [outcome.sent, outcome.alreadySent, outcome.nothingToSend]) list.sort();
  return outcome;
}
