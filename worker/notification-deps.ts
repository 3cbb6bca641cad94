/**
 * Builds the notification activities' dependencies from validated config, as the worker does at
 * start: the staff directory, a pooled SMTP transport and the logs under the data directory.
 */
import { loadMailConfig, type MailConfig } from '../activities/mail/config.js';
import { DigestQueue } from './storage/digest-queue.js';
import { SentLog } from './storage/sent-log.js';
import { createSmtpTransport } from '../activities/mail/smtp.js';
import { UndeliverableLog } from './storage/undeliverable.js';
import type { NotificationDeps } from '../activities/notifications.js';
import { loadStaffDirectory } from '../activities/staff/load.js';

export async function openNotificationDeps(config: MailConfig = loadMailConfig(), overrides: Partial<NotificationDeps> = {}): Promise<NotificationDeps & { close(): Promise<void> }> {
  const directory = overrides.directory ?? (await loadStaffDirectory(config.staffFile));
  const sentLog = overrides.sentLog ?? (await SentLog.open(config.dataDir));
  const undeliverable = overrides.undeliverable ?? (await UndeliverableLog.open(config.dataDir));
  const digestQueue = overrides.digestQueue ?? (await DigestQueue.open(config.dataDir));
  const transport = overrides.transport ?? createSmtpTransport(config.smtp);
  return {
    config: { from: config.from, caseUrl: config.caseUrl, undeliverableAfterMs: config.undeliverableAfterMs, dataDir: config.dataDir },
    ...overrides,
    directory,
    sentLog,
    undeliverable,
    digestQueue,
    transport,
    async close() {
      transport.close?.();
      await Promise.all([sentLog.close(), undeliverable.close(), digestQueue.close()]);
    },
  };
}
