/**
 * What runs beside the worker when Vugge sends real e-mail: the morning digest's schedule
 * (created or updated at every start) and the resending of mails an SMTP outage held back
 * (worker/redelivery.ts). Both talk to Temporal through a client with the worker's data converter,
 * so they read the cases' encrypted payloads the way the worker writes them. (The personal calendar
 * feed is the web app's: client/web/routes/calendar.ts.)
 */
import { Client, Connection, type DataConverter } from '@temporalio/client';
import { loadMailConfig } from '../activities/mail/config.js';
import { isOpen } from './storage/undeliverable.js';
import type { NotificationDeps } from '../activities/notifications.js';
import { resendUndeliverable } from './notification-resend.js';
import { rulesProgrammes } from '../activities/staff/load.js';
import { commonClosedDates } from '../dsl/compile/holidays.js';
import { connectionOptions, type TemporalConfig } from '../temporal.config.js';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from './digest-schedule.js';
import { caseRelevance, startRedelivery } from './redelivery.js';

export async function startMailServices(config: TemporalConfig, deps: NotificationDeps, dataConverter?: DataConverter, log: (line: string) => void = console.log): Promise<{ close(): Promise<void> }> {
  const mail = loadMailConfig();
  const connection = await Connection.connect(connectionOptions(config));
  const client = new Client({ connection, namespace: config.namespace, dataConverter });
  const today = new Date().toISOString().slice(0, 10);
  const closedDates = commonClosedDates(rulesProgrammes().map((p) => p.calendar), today);
  const done = await ensureDigestSchedule(client, { taskQueue: config.taskQueue, closedDates });
  log(`[worker] Morgenoversigten '${DIGEST_SCHEDULE_ID}' er ${done === 'created' ? 'oprettet' : 'opdateret'} (hverdage kl. ${process.env.VUGGE_DIGEST_TIME || '07:00'}).`);
  const relevance = caseRelevance(client);
  const redelivery = startRedelivery({
    resend: () => resendUndeliverable(deps, { relevance, reasons: ['smtp_unavailable'] }),
    waiting: () => deps.undeliverable.list().some((r) => r.reason === 'smtp_unavailable' && r.request !== undefined && isOpen(r)),
    everyMs: mail.resendEveryMs,
    log: (line) => log(`[worker] ${line}`),
  });
  deps.onDelivered = redelivery.kick;
  redelivery.kick();
  return {
    async close() {
      await redelivery.close();
      await connection.close();
    },
  };
}
