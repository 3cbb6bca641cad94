/**
 * What a case costs Temporal. Medians over --runs (default 3):
 *  - history events of the full Spædbarnsindsatsen lifecycle, and the least this design could write
 *    (start + end, each update, each wake the notifications need, each activity);
 *  - wall time of that lifecycle on the time-skipping server (goal ≤ 10 s);
 *  - opening --cases (default 1,000) cases on a dev server: cases per second until the worker has
 *    run every first workflow task, against a one-timer workflow in the same run (goal ratio ≥ 0.8, issue 12),
 *    and the process RSS with those cases cached (client and worker share the process).
 *
 *    With --backdated the cases are notified 0–18 months back (seeded, as bench/scale.ts opens them), so
 *    each first task catches up on what is overdue. Either way the bench prints what one case's opening
 *    wrote to history (medians over the cases): events, workflow tasks, activity tasks.
 *
 *   NODE_OPTIONS=--expose-gc npx tsx bench/workflow.bench.ts [--runs N] [--cases N] [--only lifecycle|start] [--backdated]
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import proto, { type temporal } from '@temporalio/proto';
import { DateTime } from 'luxon';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { runDiligentTeam, spaedbarnLifecycleScript } from '../tests/workflow-diligent-team.js';
import { caseWorker, loadRules, openCase, sleepUntil, startCaseTestEnv, TEAM } from '../tests/workflow-harness.js';
import { startTestDevServer } from '../tests/helpers/temporal.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, cases: { type: 'string', default: '1000' }, only: { type: 'string' }, backdated: { type: 'boolean', default: false } } });
const runs = Number(values.runs);
const cases = Number(values.cases);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The floor for this design: every update, wake and activity needs its own events and a workflow task. */
function minimumEvents(events: HistoryEvent[], wakes: number): number {
  const updates = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  const activities = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
  const WFT = 3;
  return 2 + WFT + updates * (2 + WFT) + wakes * (2 + WFT) + activities * 3;
}

async function lifecycleOnce() {
  const t = await startCaseTestEnv();
  try {
    const { worker, taskQueue, requests } = await caseWorker(t);
    return await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const started = performance.now();
      const handle = await openCase(t.env, taskQueue, { programme: loadRules('spaedbarnsindsatsen'), notified: '2027-01-04', dueDate: '2027-07-26' });
      await runDiligentTeam(t.env, handle, '2027-01-04', '2028-12-31', spaedbarnLifecycleScript());
      await handle.result();
      const wallMs = performance.now() - started;
      // Follow continue-as-new back to the first run.
      const events: HistoryEvent[] = [];
      let runId: string | undefined = (await handle.describe()).runId;
      let runsSeen = 0;
      while (runId) {
        const history = await t.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        events.push(...(history.events ?? []));
        runsSeen++;
        runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
      }
      const wakes = new Set(requests.map((r) => r.at)).size;
      return { wallMs, events: events.length, minimum: minimumEvents(events, wakes), runs: runsSeen, notifications: requests.length };
    });
  } finally {
    await t.env.teardown();
  }
}

/** What opening one case wrote to history: all of it (and its size), the workflow tasks, the activity tasks. */
function historyShape(events: HistoryEvent[]) {
  return {
    events: events.length,
    kilobytes: proto.temporal.api.history.v1.History.encode({ events }).finish().length / 1024,
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
  };
}

/** A seeded random source, so two runs open the same cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function startMany(client: Client, connection: NativeConnection, bundle: WorkflowBundleWithSourceMap, kind: 'case' | 'timer', n: number) {
  const taskQueue = `bench-${kind}-${randomUUID().slice(0, 8)}`;
  const options = { connection, taskQueue, workflowBundle: bundle, maxCachedWorkflows: n + 100 };
  // The case worker as production builds it (the projection activity registered; no database here).
  const worker =
    kind === 'case' ? await createWorker({ ...options, activities: createRecordingNotificationActivities().activities }) : await Worker.create(options);
  const running = worker.run();
  const programme = kind === 'case' ? loadRules('spaedbarnsindsatsen') : undefined;
  const zone = 'Europe/Copenhagen';
  const today = DateTime.now().setZone(zone);
  const rnd = random(12);
  const caseArgs = Array.from({ length: n }, (_, i) => {
    const caseId = `B-${kind}-${taskQueue.slice(-8)}-${i}`;
    if (!values.backdated) return { caseId, programme, unit: 'nord', municipality: 'jammerbugt', team: TEAM, notified: today.toISODate()!, openedBy: 'sr-mette' };
    const notified = today.minus({ days: Math.floor(rnd() * 548) });
    const dueDate = notified.plus({ days: 20 + Math.floor(rnd() * 200) }).toISODate()!;
    return { caseId, programme, unit: 'nord', municipality: 'jammerbugt', team: TEAM, notified: notified.toISODate()!, dueDate, openedBy: 'sr-mette' };
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  const startOne = async () => {
    for (let i = next++; i < n; i = next++) {
      const args = caseArgs[i]!;
      if (kind === 'case') {
        await client.workflow.start('caseWorkflow', { taskQueue, workflowId: args.caseId, args: [args] });
      } else {
        await client.workflow.start('sleepThirtyDays', { taskQueue, workflowId: args.caseId });
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, startOne));
  const settled = () => {
    const s = worker.getStatus();
    return s.numCachedWorkflows >= n && s.numInFlightWorkflowActivations === 0 && s.numInFlightActivities === 0 && s.numInFlightLocalActivities === 0;
  };
  while (!settled()) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // With NODE_OPTIONS=--expose-gc the garbage of the burst is collected first: RSS then shows what the cases hold.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) for (let i = 0; i < 3; i++) gc();
  const rss = process.memoryUsage().rss;
  const sample = caseArgs.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0);
  const shapes = await Promise.all(sample.map(async (a) => historyShape((await client.workflow.getHandle(a.caseId).fetchHistory()).events ?? [])));
  worker.shutdown();
  await running;
  const per = (k: keyof ReturnType<typeof historyShape>) => median(shapes.map((x) => x[k]));
  return { perSecond: n / seconds, rssMb: rss / 1024 / 1024, cpuMsEach: (cpu.user + cpu.system) / 1000 / n, events: per('events'), kilobytes: per('kilobytes'), workflowTasks: per('workflowTasks'), activities: per('activities') };
}

async function main() {
  if (values.only !== 'start') {
    const results = [];
    for (let i = 0; i < runs; i++) {
      results.push(await lifecycleOnce());
      console.error(`lifecycle run ${i + 1}/${runs}: ${JSON.stringify(results.at(-1))}`);
    }
    console.log(`Spædbarn lifecycle: history events median ${median(results.map((r) => r.events))} (minimum for this design ${median(results.map((r) => r.minimum))}), runs ${median(results.map((r) => r.runs))}, notifications ${median(results.map((r) => r.notifications))}`);
    console.log(`Spædbarn lifecycle wall time on the time-skipping server: median ${(median(results.map((r) => r.wallMs)) / 1000).toFixed(1)} s (goal ≤ 10 s)`);
  }
  if (values.only !== 'lifecycle') {
    const caseBundle = await bundleCaseWorkflows();
    const timerBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../tests/fixtures/foundation-workflows.ts', import.meta.url)), logger: new DefaultLogger('ERROR') });
    const rates: { ratio: number; cases: number; timers: number; rss: number; timerRss: number; cpu: number; timerCpu: number; events: number; kilobytes: number; workflowTasks: number; activities: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const server = await startTestDevServer();
      try {
        const connection = await NativeConnection.connect({ address: server.address });
        const client = new Client({ connection: await Connection.connect({ address: server.address }) });
        const timers = await startMany(client, connection, timerBundle, 'timer', cases);
        const opened = await startMany(client, connection, caseBundle, 'case', cases);
        rates.push({ ratio: opened.perSecond / timers.perSecond, cases: opened.perSecond, timers: timers.perSecond, rss: opened.rssMb, timerRss: timers.rssMb, cpu: opened.cpuMsEach, timerCpu: timers.cpuMsEach, events: opened.events, kilobytes: opened.kilobytes, workflowTasks: opened.workflowTasks, activities: opened.activities });
        console.error(`start run ${i + 1}/${runs}: ${JSON.stringify(rates.at(-1))}`);
        await client.connection.close();
        await connection.close();
      } finally {
        await server.stop();
      }
    }
    const kind = values.backdated ? 'backdated cases (notified 0–18 months back)' : 'cases (notified today)';
    console.log(`Opening ${cases} ${kind} on the dev server: median ${median(rates.map((r) => r.cases)).toFixed(0)}/s vs one-timer workflow ${median(rates.map((r) => r.timers)).toFixed(0)}/s, ratio ${median(rates.map((r) => r.ratio)).toFixed(2)} (goal ≥ 0.8)`);
    console.log(`Process CPU (client + worker) per case: median ${median(rates.map((r) => r.cpu)).toFixed(1)} ms (a one-timer workflow: ${median(rates.map((r) => r.timerCpu)).toFixed(1)} ms)`);
    console.log(`One case's opening in history (median): ${median(rates.map((r) => r.events))} events (${median(rates.map((r) => r.kilobytes)).toFixed(0)} KB), ${median(rates.map((r) => r.workflowTasks))} workflow tasks, ${median(rates.map((r) => r.activities))} activity tasks (a one-timer workflow: 1 workflow task)`);
    console.log(`Process RSS with ${cases} cases cached (client + worker): median ${median(rates.map((r) => r.rss)).toFixed(0)} MB (after the one-timer workflows: ${median(rates.map((r) => r.timerRss)).toFixed(0)} MB)`);
  }
}

await main();
