/**
 * Earlier versions kept the sent-log and the digest queue in files under `VUGGE_DATA_DIR/mail/`.
 * At every start the worker brings what they hold into the database (idempotent: rows already
 * there stay) and makes the files read-only (0400): they are kept as they were, and nothing writes
 * them again. A file with a line that cannot be read stops the start, as it always did — a sent-log
 * read wrongly would mail people twice.
 */
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '../../activities/db/driver.js';
import { importMailRecords } from '../../activities/db/mail-store.js';
import { DIGEST_QUEUE_FILE, readDigestQueue } from './digest-queue.js';
import { readSentLog, SENT_LOG_FILE } from './sent-log.js';

const READ_ONLY = 0o400;

/** Imports the old files of `dataDir`; returns how many lines it brought in (0 when there are none). */
export async function importLegacyMailFiles(db: Database, dataDir: string): Promise<{ sent: number; digestItems: number }> {
  const sent = await readSentLog(dataDir);
  const queue = await readDigestQueue(dataDir);
  if (!sent.length && !queue.items.length && !queue.sent.length) return { sent: 0, digestItems: 0 };
  await importMailRecords(db, { sent, digestItems: queue.items, digestsSent: queue.sent });
  for (const file of [SENT_LOG_FILE, DIGEST_QUEUE_FILE]) await chmod(join(dataDir, 'mail', file), READ_ONLY).catch(() => undefined);
  return { sent: sent.length, digestItems: queue.items.length };
}
