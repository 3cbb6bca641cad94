/**
 * The case worker process (`npm start` runs it): reads the Temporal and mail settings once, builds
 * the notification activities with their dependencies, bundles the case workflow and runs until
 * SIGINT/SIGTERM. Logs name case ids only, never people.
 *
 *   VUGGE_NOTIFICATIONS=recording   keep notifications in memory instead of sending e-mail
 *                                   (a demo without a staff file or mail server)
 *
 * `runCaseWorker` is the same process for a script that brings its own workflow entry point (the
 * cluster test's next build, tests/cluster/next-build/); run as a script, this file runs it as is.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection } from '@temporalio/worker';
import { openVuggeDatabase, type Database } from '../activities/db/index.js';
import { loadMailConfig } from '../activities/mail/config.js';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { openNotificationDeps } from './notification-deps.js';
import { createNotificationActivities, type NotificationDeps } from '../activities/notifications.js';
import { connectionOptions, dataConverter, loadTemporalConfig } from '../temporal.config.js';
import { startUiCodecServer } from './codec-server.js';
import { bundleCaseWorkflows, createWorker, type CaseActivities } from './create-worker.js';
import { startMailServices } from './mail-services.js';
import { startDailyOverdueSnapshots } from '../activities/db/overdue-daily.js';
import { createLogger } from '../activities/log.js';
import { installRuntime, loadWorkerHttpConfig, startWorkerHealth } from './health.js';
import { createWorkerMetrics, measuredActivities } from './metrics.js';

const log = createLogger({ name: 'worker' });

async function notificationActivities(db: Database): Promise<{ activities: CaseActivities; deps?: NotificationDeps; close(): Promise<void> }> {
  if (process.env.VUGGE_NOTIFICATIONS === 'recording') {
    log.info('Beskeder gemmes kun i hukommelsen (VUGGE_NOTIFICATIONS=recording); der sendes ingen e-mail. / Notifications are kept in memory; no e-mail is sent.');
    return { activities: createRecordingNotificationActivities().activities, close: async () => undefined };
  }
  // One database handle for the whole worker: mail claims and the digest queue live there.
  const deps = await openNotificationDeps(loadMailConfig(), { db });
  return { activities: createNotificationActivities(deps), deps, close: () => deps.close() };
}

export interface RunCaseWorkerOptions {
  /** The workflows' entry point to bundle; default workflows/index.ts. */
  workflowsPath?: string;
}

export async function runCaseWorker(options: RunCaseWorkerOptions = {}): Promise<void> {
  const config = loadTemporalConfig();
  const http = loadWorkerHttpConfig();
  installRuntime(log, http);
  // Vugge's own database, opened once: the cases' read model and audit rows, the daily overdue counts,
  // and the mail sent (once across workers) and queued for digests.
  const database = await openVuggeDatabase();
  const snapshots = startDailyOverdueSnapshots(database);
  const notifications = await notificationActivities(database);
  const metrics = createWorkerMetrics({ db: database });
  const connection = await NativeConnection.connect({ ...connectionOptions(config), apiKey: config.apiKey }).catch(() => {
    throw new Error(`Kan ikke forbinde til Temporal på ${config.address}; start serveren (npm start) eller ret TEMPORAL_ADDRESS. / Cannot connect to Temporal at ${config.address}.`);
  });
  // With keys configured, every payload is encrypted before it reaches Temporal's history.
  const converter = dataConverter(config);
  const codec = converter?.payloadCodecs?.[0];
  // Bundled here with a quiet bundler log: webpack's module listing means nothing to the people running Vugge.
  // The case worker refuses what arrives unencrypted; its mail client and the Web UI's codec server read old histories too.
  const workerConverter = dataConverter(config, { worker: true });
  const workflowBundle = await bundleCaseWorkflows(workerConverter, options.workflowsPath);
  const worker = await createWorker({ connection, namespace: config.namespace, taskQueue: config.taskQueue, activities: measuredActivities(notifications.activities, metrics), database, dataConverter: workerConverter, workflowBundle });
  if (codec) log.info(`Data i historikken krypteres med nøglen '${config.payloadKeys![0]!.id}'. / Payloads are encrypted.`);
  else log.warn('ADVARSEL: ingen VUGGE_PAYLOAD_KEYS / VUGGE_PAYLOAD_KEY_FILE — data i historikken er ukrypteret. / WARNING: payloads are not encrypted.');
  const codecServer = codec ? await startUiCodecServer(codec, (line) => log.info(line)) : undefined;
  // The morning digest's schedule and resending after an outage go with real e-mail only.
  const mailServices = notifications.deps ? await startMailServices(config, notifications.deps, converter, (line) => log.info(line)) : undefined;
  const health = await startWorkerHealth({
    config: http,
    registry: metrics.registry,
    log,
    checks: {
      temporal: async () => Boolean(await connection.workflowService.getSystemInfo({})),
      worker: async () => worker.getState() === 'RUNNING',
      database: async () => (await database.query('SELECT 1')).length === 1,
    },
  });
  log.info({ address: config.address, namespace: config.namespace, taskQueue: config.taskQueue, port: health.port }, `Kører på ${config.address}, namespace ${config.namespace}, kø ${config.taskQueue}; sundhed og målinger på port ${health.port}. / Running; health and metrics on port ${health.port}.`);
  try {
    await worker.run();
  } finally {
    await health.close();
    await mailServices?.close();
    await codecServer?.close();
    await notifications.close();
    await connection.close();
    snapshots.stop();
    await database.close();
  }
}

/** Runs the worker until SIGINT/SIGTERM; a failure to start is one line in the log and exit code 1. */
export function runCaseWorkerProcess(options: RunCaseWorkerOptions = {}): void {
  runCaseWorker(options).catch((err: unknown) => {
    log.fatal(err instanceof Error ? err.message : String(err));
    log.flush();
    process.exit(1);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runCaseWorkerProcess();
