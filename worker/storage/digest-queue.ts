/**
 * Reminders held back for people who asked for one morning digest instead of single e-mails.
 * An item belongs to the first digest dated after the day it was queued, which makes a digest's
 * content fixed once its date has begun — so a retried `sendDigest` sends the same thing.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { Instant, LocalDate, StaffId } from '../../dsl/contract.js';
import { JsonlLog } from './jsonl-log.js';
import { ZONE } from '../../activities/mail/labels.js';
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

export class DigestQueue {
  private constructor(
    private readonly log: JsonlLog<DigestItem | DigestSent>,
    private readonly items: DigestItem[],
    private readonly sent: DigestSent[],
  ) {}

  static async open(dataDir: string): Promise<DigestQueue> {
    const { log, records } = await JsonlLog.open(dataDir, 'digest-queue.jsonl', DigestLine);
    const sent = records.filter((r): r is DigestSent => 'digestSent' in r);
    const items = records.filter((r): r is DigestItem => !('digestSent' in r)).map(storedDigestItem);
    return new DigestQueue(log, items, sent);
  }

  has(key: string, staffId: string): boolean {
    return this.items.some((i) => i.key === key && i.staffId === staffId);
  }

  async add(item: DigestItem): Promise<void> {
    if (this.has(item.key, item.staffId)) return;
    await this.log.append(item);
    this.items.push(item);
  }

  /** Items for the digest of `date` (YYYY-MM-DD): queued on or after the previous digest's day, before `date`. */
  itemsFor(staffId: string, date: string): DigestItem[] {
    const previousDigestDate = this.sent
      .filter((s) => s.staffId === staffId && s.digestSent < date)
      .reduce<string | undefined>((max, s) => (!max || s.digestSent > max ? s.digestSent : max), undefined);
    return this.items.filter((i) => {
      if (i.staffId !== staffId) return false;
      const day = DateTime.fromISO(i.queuedAt).setZone(ZONE).toISODate()!;
      return day < date && (!previousDigestDate || day >= previousDigestDate);
    });
  }

  async markSent(staffId: string, date: string): Promise<void> {
    if (this.sent.some((s) => s.staffId === staffId && s.digestSent === date)) return;
    const marker: DigestSent = { digestSent: date, staffId };
    await this.log.append(marker);
    this.sent.push(marker);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
