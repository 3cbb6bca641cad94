/**
 * Where the Spædbarn lifecycle's wall time goes (the lifecycle of `workflow.bench.ts`, once): the
 * simulated team's calls to the time-skipping server by kind (sleeps, by how many notices went out
 * while the clock moved; queries; updates; describes; the clock reads before each sleep), the
 * read-model transactions the worker ran, what the case wrote to history (workflow tasks, timers,
 * activities), and the CPU of this process (client, worker, workflow thread, PGlite) and of the test
 * server's JVM over the lifecycle.
 *
 *   npx tsx bench/lifecycle-trace.ts [--no-database]
 *
 * `--no-database`: the worker without the read model (the projection activity writes nothing), to
 * see what the read model in PGlite costs beside the case.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runDiligentTeam, spaedbarnLifecycleScript } from '../tests/workflow-diligent-team.js';
import { caseWorker, loadRules, openCase, sleepUntil, startCaseTestEnv } from '../tests/workflow-harness.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const { values } = parseArgs({ options: { 'no-database': { type: 'boolean', default: false } } });

/** CPU seconds of the JVMs started below this process (the time-skipping test server). */
function jvmCpuMs(): number {
  const rows = execFileSync('ps', ['-eo', 'pid,ppid,cputimes,comm', '--no-headers'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const below = new Set([String(process.pid)]);
  for (let depth = 0; depth < 5; depth++) for (const [pid, ppid] of rows) if (below.has(ppid!)) below.add(pid!);
  return rows.filter(([pid, , , comm]) => below.has(pid!) && comm === 'java').reduce((sum, r) => sum + Number(r[2]) * 1000, 0);
}

const calls = new Map<string, number[]>();
function note(kind: string, ms: number): void {
  calls.set(kind, [...(calls.get(kind) ?? []), ms]);
}
async function timed<T>(kind: string, f: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await f();
  } finally {
    note(kind, performance.now() - started);
  }
}

const t = await startCaseTestEnv();
const tracer: WorkflowClientInterceptor = {
  query: (input, next) => timed(`query ${input.queryType}`, () => next(input)),
  startUpdate: (input, next) => timed(`update ${input.updateName}`, () => next(input)),
  describe: (input, next) => timed('describe', () => next(input)),
};
(t.env.client.workflow.options.interceptors as WorkflowClientInterceptor[]).push(tracer);
let notices: { length: number } = { length: 0 };
const sleep = t.env.sleep.bind(t.env);
t.env.sleep = async (ms) => {
  const before = notices.length;
  const started = performance.now();
  await sleep(ms);
  const sent = Math.min(notices.length - before, 2);
  note(`sleep, ${sent === 2 ? '2+ notices' : `${sent} notice${sent === 1 ? '' : 's'}`} on the way`, performance.now() - started);
};
const now = t.env.currentTimeMs.bind(t.env);
t.env.currentTimeMs = () => timed('clock read before a sleep', now);
const transaction = t.db.transaction.bind(t.db);
t.db.transaction = ((fn) => timed('read-model transaction (worker)', () => transaction(fn))) as typeof transaction;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
try {
  const { worker, taskQueue, requests } = await caseWorker(values['no-database'] ? { ...t, db: undefined as never } : t);
  notices = requests;
  await worker.runUntil(async () => {
    await sleepUntil(t.env, '2027-01-04T07:00');
    calls.clear();
    const jvmBefore = jvmCpuMs();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const handle = await openCase(t.env, taskQueue, { programme: loadRules('spaedbarnsindsatsen'), notified: '2027-01-04', dueDate: '2027-07-26' });
    await runDiligentTeam(t.env, handle, '2027-01-04', '2028-12-31', spaedbarnLifecycleScript());
    await handle.result();
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const jvmMs = jvmCpuMs() - jvmBefore;

    const events: HistoryEvent[] = [];
    let runId: string | undefined = (await handle.describe()).runId;
    while (runId) {
      const history = await t.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      events.push(...(history.events ?? []));
      runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    const count = (f: (e: HistoryEvent) => unknown) => events.filter(f).length;
    const activities: Record<string, number> = {};
    for (const e of events) {
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
      if (name) activities[name] = (activities[name] ?? 0) + 1;
    }

    console.log(`wall ${(wallMs / 1000).toFixed(1)} s; CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, of the test server ${(jvmMs / 1000).toFixed(1)} s`);
    console.log(
      `history: ${events.length} events, ${count((e) => e.workflowTaskCompletedEventAttributes)} workflow tasks, ${count((e) => e.workflowExecutionUpdateAcceptedEventAttributes)} updates, ` +
        `${count((e) => e.timerFiredEventAttributes)} timers fired (${count((e) => e.timerStartedEventAttributes)} started), ${count((e) => e.markerRecordedEventAttributes)} local activities, ` +
        `activities ${JSON.stringify(activities)}; ${requests.length} notices`,
    );
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    for (const [kind, ms] of [...calls].sort((a, b) => sum(b[1]) - sum(a[1]))) {
      console.log(`${kind.padEnd(40)} ${String(ms.length).padStart(4)} × median ${median(ms).toFixed(1).padStart(5)} ms = ${(sum(ms) / 1000).toFixed(2)} s (max ${Math.max(...ms).toFixed(0)} ms)`);
    }
  });
} finally {
  await t.env.teardown();
  await t.db.close();
}
