/**
 * The sent-log of earlier versions: `VUGGE_DATA_DIR/mail/sent.jsonl`, one line per mail the SMTP
 * server accepted, keyed by idempotency key + staff id. Mails are now claimed and marked in the
 * database (activities/db/mail-store.ts); the worker reads this file once at start to bring its
 * lines in (worker/storage/legacy-import.ts) and never writes it again.
 */
import { z } from 'zod';
import { Instant, StaffId } from '../../dsl/contract.js';
import { JsonlLog } from './jsonl-log.js';

export const SENT_LOG_FILE = 'sent.jsonl';

/** One line of `sent.jsonl`. */
export const SentRecord = z.object({
  key: z.string().min(1),
  staffId: StaffId,
  messageId: z.string().min(1),
  at: Instant,
});
export type SentRecord = z.infer<typeof SentRecord>;

/** Every line of the old sent-log (none when there is no file); a line that is not a record stops with a DataFileError. */
export async function readSentLog(dataDir: string): Promise<SentRecord[]> {
  return (await JsonlLog.readOnly(dataDir, SENT_LOG_FILE, SentRecord)).records;
}
