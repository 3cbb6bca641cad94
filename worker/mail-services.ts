/**
 * What runs beside the worker when Vugge sends real e-mail: the morning digest's schedule
 * (created or updated at every start) and the personal calendar feed (when VUGGE_FEED_SECRET is
 * set). Both talk to Temporal through a client with the worker's data converter, so they read the
 * cases' encrypted payloads the way the worker writes them.
 */
import { Client, Connection, type DataConverter } from '@temporalio/client';
import { loadMailConfig } from '../activities/mail/config.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import { connectionOptions, type TemporalConfig } from '../temporal.config.js';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from './digest-schedule.js';
import { startCalendarFeed } from './feed.js';

export async function startMailServices(config: TemporalConfig, dataConverter?: DataConverter, log: (line: string) => void = console.log): Promise<{ close(): Promise<void> }> {
  const mail = loadMailConfig();
  const connection = await Connection.connect(connectionOptions(config));
  const client = new Client({ connection, namespace: config.namespace, dataConverter });
  const done = await ensureDigestSchedule(client, { taskQueue: config.taskQueue });
  log(`[worker] Morgenoversigten '${DIGEST_SCHEDULE_ID}' er ${done === 'created' ? 'oprettet' : 'opdateret'} (hverdage kl. ${process.env.VUGGE_DIGEST_TIME || '07:00'}).`);
  const feed = await startCalendarFeed({ client, directory: await loadStaffDirectory(mail.staffFile), config: mail, log });
  return {
    async close() {
      await feed?.close();
      await connection.close();
    },
  };
}
