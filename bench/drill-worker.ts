/**
 * One worker process of the exactly-once drill (bench/drill.ts): the real notification activities on
 * the shared PostgreSQL, the case workflow from a bundle the drill made once, one task queue.
 * Prints `ready` once it polls; the drill kills it with SIGKILL or SIGTERM.
 *   argv: <temporalAddress> <taskQueue> <bundleFile>
 *   env:  VUGGE_DATABASE_URL, VUGGE_SMTP_PORT, VUGGE_STAFF_FILE, VUGGE_DATA_DIR
 */
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openVuggeDatabase } from '../activities/db/index.js';
import { loadMailConfig } from '../activities/mail/config.js';
import { createNotificationActivities } from '../activities/notifications.js';
import { createWorker } from '../worker/create-worker.js';
import { openNotificationDeps } from '../worker/notification-deps.js';

const [address, taskQueue, bundleFile] = process.argv.slice(2);
Runtime.install({ logger: new DefaultLogger('WARN') });
const db = await openVuggeDatabase();
const deps = await openNotificationDeps(loadMailConfig(), { db });
const connection = await NativeConnection.connect({ address: address! });
const workflowBundle = JSON.parse(readFileSync(bundleFile!, 'utf8')) as { code: string; sourceMap: string };
const worker = await createWorker({ connection, taskQueue: taskQueue!, activities: createNotificationActivities(deps), workflowBundle });
process.once('SIGTERM', () => worker.shutdown());
const running = worker.run();
console.log('ready');
await running;
await deps.close();
await db.close();
await connection.close();
