/**
 * What has been sent, so that a retried activity never mails anyone twice. Keyed by idempotency
 * key + staff id; an entry is written (and fsync'd) right after the SMTP server accepts the mail.
 *
 * The one window left is a crash between SMTP acceptance and that write: the retry sends again,
 * but with the same Message-ID (activities/mail/message-id.ts), so a mail server or client that de-duplicates on
 * Message-ID (many do, e.g. Exchange/Outlook and Gmail for a mailbox) shows one message.
 */
import { z } from 'zod';
import { messageIdFor } from '../../activities/mail/message-id.js';
import { Instant, StaffId } from '../../dsl/contract.js';
import { JsonlLog } from './jsonl-log.js';

/** One line of `sent.jsonl`. */
export const SentRecord = z.object({
  key: z.string().min(1),
  staffId: StaffId,
  messageId: z.string().min(1),
  at: Instant,
});
export type SentRecord = z.infer<typeof SentRecord>;

export class SentLog {
  private readonly sent = new Set<string>();
  private readonly byStaff = new Map<string, SentRecord[]>();

  private constructor(private readonly log: JsonlLog<SentRecord>) {}

  static async open(dataDir: string): Promise<SentLog> {
    const { log, records } = await JsonlLog.open(dataDir, 'sent.jsonl', SentRecord);
    const sentLog = new SentLog(log);
    records.forEach((r) => sentLog.remember(r));
    return sentLog;
  }

  /** Reads the file again, so sends another process logged meanwhile count as sent here too. */
  async refresh(): Promise<void> {
    for (const r of await this.log.reread()) if (!this.has(r.key, r.staffId)) this.remember(r);
  }

  has(key: string, staffId: string): boolean {
    return this.sent.has(id(key, staffId));
  }

  /** Everything sent to one person whose key starts with `prefix`. */
  sentTo(staffId: string, prefix: string): SentRecord[] {
    return (this.byStaff.get(staffId) ?? []).filter((r) => r.key.startsWith(prefix));
  }

  async record(key: string, staffId: string, at: Date): Promise<void> {
    const record = { key, staffId, messageId: messageIdFor(key, staffId), at: at.toISOString() };
    await this.log.append(record);
    this.remember(record);
  }

  private remember(r: SentRecord): void {
    this.sent.add(id(r.key, r.staffId));
    const list = this.byStaff.get(r.staffId) ?? [];
    list.push(r);
    this.byStaff.set(r.staffId, list);
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

function id(key: string, staffId: string): string {
  return `${key}\u0000${staffId}`;
}
