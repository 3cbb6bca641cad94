/**
 * Reminders held back for people who asked for one morning digest instead of single e-mails: what
 * an item holds, and the queue file of earlier versions (`VUGGE_DATA_DIR/mail/digest-queue.jsonl`).
 * The queue now lives in the database (activities/db/mail-store.ts: an item belongs to the first
 * digest dated after the day it was queued, so a retried `sendDigest` sends the same thing); the
 * worker reads the file once at start to bring its lines in and never writes it again.
 */
import { z } from 'zod';
import { Instant, LocalDate, StaffId } from '../../dsl/contract.js';
import { JsonlLog } from './jsonl-log.js';
import type { NotificationRequest } from '../../activities/notification-types.js';
import { withCurrentDateNames } from '../../activities/mail/request-schema.js';

/** What a digest line shows: the request's case and step fields, for one person. */
export interface DigestItem
  extends Pick<NotificationRequest, 'caseId' | 'programmeId' | 'stepId' | 'stepTitle' | 'stepTitleEn' | 'earliest' | 'target' | 'time' | 'latest' | 'plannedUntil' | 'requiredUntil' | 'items'> {
  key: string;
  staffId: string;
  kind: string;
  queuedAt: string;
}

/** A stored digest item; one queued before the dates took the planner's names is read under today's names. */
export function storedDigestItem(stored: DigestItem): DigestItem {
  return withCurrentDateNames(stored) as DigestItem;
}

export const DIGEST_QUEUE_FILE = 'digest-queue.jsonl';

/** Marks that the digest of `date` went out, so the next digest starts where it ended. */
interface DigestSent {
  digestSent: string;
  staffId: string;
}

/** A line of `digest-queue.jsonl`: an item (fields beyond these are kept as they are) or a digest-sent marker. */
const DigestLine = z.union([
  z.looseObject({ digestSent: LocalDate, staffId: StaffId }),
  z.looseObject({ key: z.string().min(1), staffId: StaffId, kind: z.string().min(1), caseId: z.string().min(1), programmeId: z.string().min(1), queuedAt: Instant }),
]) as unknown as z.ZodType<DigestItem | DigestSent>;

/** The items and sent-digest markers of the old queue file (none when there is no file). */
export async function readDigestQueue(dataDir: string): Promise<{ items: DigestItem[]; sent: { staffId: string; date: string }[] }> {
  const { records } = await JsonlLog.readOnly(dataDir, DIGEST_QUEUE_FILE, DigestLine);
  return {
    items: records.filter((r): r is DigestItem => !('digestSent' in r)).map(storedDigestItem),
    sent: records.filter((r): r is DigestSent => 'digestSent' in r).map((r) => ({ staffId: r.staffId, date: r.digestSent })),
  };
}
