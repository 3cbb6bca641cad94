/**
 * The worker process of bench/scale.ts: the case worker as worker/create-worker.ts builds it, with
 * the recording notification activities (every mail kept in memory with the moment it was asked
 * for), and a one-timer worker for the server's own rate. Answers the bench over IPC.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import type { NotificationRequest } from '../activities/notification-types.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { openVuggeDatabase } from '../activities/db/index.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const recording = createRecordingNotificationActivities();
const asked: { caseId: string; ms: number }[] = [];
const activities = {
  ...recording.activities,
  sendNotification: (request: NotificationRequest) => {
    asked.push({ caseId: request.caseId, ms: Date.now() });
    return recording.activities.sendNotification(request);
  },
};
const database = await openVuggeDatabase();
const caseWorker = await createWorker({
  connection,
  database,
  taskQueue: 'scale-cases',
  activities,
  workflowBundle: await bundleCaseWorkflows(),
  maxCachedWorkflows: Number(process.env.VUGGE_SCALE_CACHE),
});
const timerBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../tests/fixtures/foundation-workflows.ts', import.meta.url)), logger: new DefaultLogger('ERROR') });
// The one-timers stay cached (they are tiny): the bench counts them done by the cache.
const timerWorker = await Worker.create({ connection, taskQueue: 'scale-timers', workflowBundle: timerBundle, maxCachedWorkflows: Number(process.env.VUGGE_SCALE_TIMER_CACHE) });
const running = [caseWorker.run(), timerWorker.run()];
const gc = (globalThis as { gc?: () => void }).gc!;

const status = () => {
  const c = caseWorker.getStatus();
  const t = timerWorker.getState() === 'RUNNING' ? timerWorker.getStatus() : undefined;
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    caseCached: c.numCachedWorkflows,
    timerCached: t?.numCachedWorkflows ?? 0,
    inFlight: c.numInFlightWorkflowActivations + (t?.numInFlightWorkflowActivations ?? 0) + c.numInFlightActivities + c.numInFlightLocalActivities,
    rssMb: mem.rss / 2 ** 20,
    heapMb: mem.heapUsed / 2 ** 20,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
};

process.on('message', async (m: { id: number; cmd: string; arg?: { prefix: string; since: number } }) => {
  const reply = (value: unknown) => process.send!({ id: m.id, value });
  switch (m.cmd) {
    case 'ready':
      return reply(true);
    case 'status':
      return reply(status());
    case 'gc-status':
      for (let i = 0; i < 4; i++) gc();
      return reply(status());
    case 'stop-timers':
      timerWorker.shutdown();
      await running[1];
      return reply(true);
    case 'woken': {
      const { prefix, since } = m.arg!;
      const after = asked.filter((a) => a.caseId.startsWith(prefix) && a.ms >= since);
      return reply({ woke: new Set(after.map((a) => a.caseId)).size, lastMs: Math.max(0, ...after.map((a) => a.ms)) });
    }
    case 'stop':
      caseWorker.shutdown();
      if (timerWorker.getState() === 'RUNNING') timerWorker.shutdown();
      await Promise.allSettled(running);
      await connection.close();
      reply(true);
      process.exit(0);
  }
});
