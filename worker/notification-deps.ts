/**
 * Builds the notification activities' dependencies from validated config, as the worker does at
 * start: the staff directory, a pooled SMTP transport, Vugge's database (the sent-mail claims and
 * the digest queue, shared by every worker) and the undeliverable log under the data directory.
 * Pass the worker's own `db` to share one handle with the rest of the worker; without one, the
 * database of VUGGE_DATABASE_URL (or PGlite under the data directory) is opened and closed here.
 * Files an earlier version wrote (sent-log, digest queue) are brought into the database first.
 */
import { loadDatabaseConfig } from '../activities/db/config.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import { loadMailConfig, type MailConfig } from '../activities/mail/config.js';
import { createSmtpTransport } from '../activities/mail/smtp.js';
import { UndeliverableLog } from './storage/undeliverable.js';
import type { NotificationDeps } from '../activities/notifications.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import { importLegacyMailFiles } from './storage/legacy-import.js';

export async function openNotificationDeps(config: MailConfig = loadMailConfig(), overrides: Partial<NotificationDeps> = {}): Promise<NotificationDeps & { close(): Promise<void> }> {
  const directory = overrides.directory ?? (await loadStaffDirectory(config.staffFile));
  const ownDb = overrides.db ? undefined : await openVuggeDatabase(loadDatabaseConfig({ ...process.env, VUGGE_DATA_DIR: config.dataDir }));
  const db = overrides.db ?? ownDb!;
  try {
    await importLegacyMailFiles(db, config.dataDir);
  } catch (err) {
    await ownDb?.close();
    throw err;
  }
  const undeliverable = overrides.undeliverable ?? (await UndeliverableLog.open(config.dataDir));
  const transport = overrides.transport ?? createSmtpTransport(config.smtp);
  return {
    config: { from: config.from, caseUrl: config.caseUrl, undeliverableAfterMs: config.undeliverableAfterMs, dataDir: config.dataDir },
    ...overrides,
    directory,
    db,
    undeliverable,
    transport,
    async close() {
      transport.close?.();
      await undeliverable.close();
      await ownDb?.close();
    },
  };
}
