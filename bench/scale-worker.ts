/**
 * The worker processes of bench/scale.ts, one per role (VUGGE_SCALE_ROLE):
 *  - `cases`: the case worker as worker/create-worker.ts builds it, with notification activities that
 *    send nothing and keep only each mail's idempotency key and the moment it was asked for (so the
 *    bench's own bookkeeping does not weigh on the worker's memory);
 *  - `timers`: a one-timer worker for the server's own rate, in a process of its own, so its cached
 *    one-timers are not counted in the case worker's memory.
 * Each answers the bench over IPC.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import type { NotificationRequest, NotificationResult } from '../activities/notification-types.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { openVuggeDatabase } from '../activities/db/index.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const role = process.env.VUGGE_SCALE_ROLE;

/** Each mail's key once, and when each was asked for: all the bench reads of the mails. */
const asked: { caseId: string; ms: number }[] = [];
const sentKeys = new Set<string>();
const activities = {
  resolveRoles: createRecordingNotificationActivities().activities.resolveRoles,
  async sendNotification(request: NotificationRequest): Promise<NotificationResult> {
    asked.push({ caseId: request.caseId, ms: Date.now() });
    const sentTo = request.toRoles.map((r) => request.team[r] ?? r);
    if (sentKeys.has(request.idempotencyKey)) return { sentTo, alreadySent: true };
    sentKeys.add(request.idempotencyKey);
    return { sentTo, alreadySent: false };
  },
};

const worker =
  role === 'timers'
    ? await Worker.create({
        connection,
        taskQueue: 'scale-timers',
        workflowBundle: await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../tests/fixtures/foundation-workflows.ts', import.meta.url)), logger: new DefaultLogger('ERROR') }),
        // The one-timers stay cached (they are tiny): the bench counts them done by the cache.
        maxCachedWorkflows: Number(process.env.VUGGE_SCALE_CACHE),
      })
    : await createWorker({
        connection,
        database: await openVuggeDatabase(),
        taskQueue: 'scale-cases',
        activities,
        workflowBundle: await bundleCaseWorkflows(),
        maxCachedWorkflows: Number(process.env.VUGGE_SCALE_CACHE),
      });
const running = worker.run();
const gc = (globalThis as { gc?: () => void }).gc!;

const status = () => {
  const s = worker.getStatus();
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const mb = (x: number) => x / 2 ** 20;
  return {
    cached: s.numCachedWorkflows,
    inFlight: s.numInFlightWorkflowActivations + s.numInFlightActivities + s.numInFlightLocalActivities,
    rssMb: mb(mem.rss),
    heapMb: mb(mem.heapUsed),
    heapTotalMb: mb(mem.heapTotal),
    externalMb: mb(mem.external),
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
    case 'woken': {
      const { prefix, since } = m.arg!;
      const after = asked.filter((a) => a.caseId.startsWith(prefix) && a.ms >= since);
      return reply({ woke: new Set(after.map((a) => a.caseId)).size, lastMs: Math.max(0, ...after.map((a) => a.ms)) });
    }
    case 'stop':
      worker.shutdown();
      await running;
      await connection.close();
      reply(true);
      process.exit(0);
  }
});
