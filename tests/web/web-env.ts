/**
 * A running Vugge for web tests: a dev server with visibility, the case worker, three cases of the
 * example directory's units (two in nord, one in syd, each already late on some steps), the read
 * model in an in-memory PGlite filled from the cases' own queries, and the web app with the
 * embedded local OpenID provider on free ports.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { openDatabase, type Database } from '../../activities/db/driver.js';
import { migrate } from '../../activities/db/migrate.js';
import { projectRunningCases } from '../helpers/read-model.js';
import { createRecordingNotificationActivities, type RecordedNotification } from '../../activities/case-recording.js';
import { registerSearchAttributes } from '../../client/service/temporal-client.js';
import { startWeb, type RunningWeb } from '../../client/web/main.js';
import { bundleCaseWorkflows, createWorker } from '../../worker/create-worker.js';
import type { DevServer } from '../../scripts/dev-server.js';
import { startTestDevServer } from '../helpers/temporal.js';
import { loadRules } from '../workflow-harness.js';

export interface WebEnv {
  server: DevServer;
  client: Client;
  /** Vugge's own database: the read model the lists read and the audit rows (in memory). */
  db: Database;
  web: RunningWeb;
  /** Case ids by name: nord1 (Mette's), nord2 (Sofie's), syd1 (Lars's). */
  cases: { nord1: string; nord2: string; syd1: string };
  /** What the cases asked to send (the worker records notifications instead of mailing them). */
  notifications: RecordedNotification[];
  stop(): Promise<void>;
}

const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const daysAgo = (n: number) => today.minus({ days: n }).toISODate()!;

export async function startWebEnv(env: Record<string, string> = {}): Promise<WebEnv> {
  const server = await startTestDevServer();
  const taskQueue = 'vugge-web-test';
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const recording = createRecordingNotificationActivities();
  const worker: Worker = await createWorker({ connection: nativeConnection, taskQueue, activities: recording.activities, workflowBundle: await bundleCaseWorkflows() });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  await registerSearchAttributes(connection).catch(() => undefined);
  const client = new Client({ connection });

  const suffix = String(Date.now() % 100000);
  const cases = { nord1: `W-nord-1-${suffix}`, nord2: `W-nord-2-${suffix}`, syd1: `W-syd-1-${suffix}` };
  const programme = loadRules('spaedbarnsindsatsen');
  const open = [
    { caseId: cases.nord1, unit: 'nord', notified: daysAgo(20), team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' } },
    { caseId: cases.nord2, unit: 'nord', notified: daysAgo(3), team: { socialraadgiver: 'sr-sofie', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' } },
    { caseId: cases.syd1, unit: 'syd', notified: daysAgo(10), team: { socialraadgiver: 'sr-lars', sundhedsplejerske: 'sp-hanne', familieterapeut: 'ft-ida' } },
  ];
  for (const c of open) {
    await client.workflow.start('caseWorkflow', { taskQueue, workflowId: c.caseId, args: [{ ...c, programme, municipality: '0751', openedBy: 'tl-karen' }] });
  }
  // Wait until visibility has every case's overdue items and owners (the lists read only those).
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { count } = await client.workflow.count(`VuggeOverdueCount > 0 AND WorkflowId STARTS_WITH 'W-'`);
    if (count === 3) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  await migrate(db);
  await projectRunningCases(client, db, Object.values(cases));
  const web = await startWeb({ client, db, taskQueue, env: { VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0', VUGGE_STAFF_FILE: 'config/staff.example.yaml', ...env } });
  return {
    server,
    client,
    db,
    web,
    cases,
    notifications: recording.requests,
    async stop() {
      await web.close();
      await db.close();
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await server.stop();
    },
  };
}
