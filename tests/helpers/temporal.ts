/**
 * Real Temporal servers for tests: the time-skipping test server (JVM, from Maven Central) and the
 * CLI dev server on a SQLite file. `npm test` provisions both before vitest starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceError, type WorkflowClientInterceptor } from '@temporalio/client';
import { TestWorkflowEnvironment, type ClientOptionsForTestEnv } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { startDevServer, type DevServer } from '../../scripts/dev-server.js';
import { temporalCliPath, testServerWrapper } from '../../scripts/tools.js';

export { testServerWrapper };

/**
 * A time-skipping environment on the provisioned test server; `client` e.g. `{ dataConverter }`.
 * The SDK gives a server it starts itself a fixed five seconds to listen, which a JVM on a loaded
 * machine can miss; so the test server is started here and waited for as long as it takes (up to
 * two minutes), then the SDK connects to it as an existing time-skipping server. Teardown stops it.
 */
export async function createTimeSkippingEnv(client?: ClientOptionsForTestEnv): Promise<TestWorkflowEnvironment> {
  const port = await freePort();
  const server = spawn(testServerWrapper, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const stop = () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  };
  process.once('exit', stop);
  try {
    await waitForPort(port, server, () => stderr);
    // The SDK's own constructor for a server it did not start, with time skipping switched on.
    const create = (TestWorkflowEnvironment as unknown as { create(o: object): Promise<TestWorkflowEnvironment> }).create.bind(TestWorkflowEnvironment);
    const held: { env?: TestWorkflowEnvironment } = {};
    const interceptors = { ...client?.interceptors, workflow: [...((client?.interceptors?.workflow as WorkflowClientInterceptor[] | undefined) ?? []), askAgainWhenLost(held)] };
    const env = await create({ server: { type: 'existing' }, address: `127.0.0.1:${port}`, supportsTimeSkipping: true, client: { ...client, interceptors } });
    held.env = env;
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      await teardown();
      stop();
      process.removeListener('exit', stop);
    };
    return env;
  } catch (err) {
    stop();
    process.removeListener('exit', stop);
    throw err;
  }
}

/** How long one query may go unanswered before it is asked again. */
const QUERY_ATTEMPT_MS = 20_000;
const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * The time-skipping test server (1.38) loses a query that arrives while the workflow task in progress
 * ends the run with continue-as-new: the query is never answered, and the server keeps one
 * time-skipping lock of that workflow task, so the test clock never moves again (every later
 * `env.sleep` hangs), and the ended run's history lacks its close event (so tests read a case's
 * outcome from its latest run: `outcomeOf` in tests/workflow-harness.ts). Tests meet it by chance: the window is a few milliseconds, wider on a busy
 * machine. A query changes nothing, so when one goes unanswered for 20 s it is asked again (at most
 * four attempts); and if the case continued as new within that time, the lock that run's last
 * workflow task left is released once (once per run, however many queries it lost). A query the
 * server answers with CANCELLED — it was waiting on a workflow task that a worker caching no case
 * gave up, seen under load in tests/workflow-read-model.test.ts — is asked again at once.
 */
function askAgainWhenLost(held: { env?: TestWorkflowEnvironment }): WorkflowClientInterceptor {
  const released = new Set<string>();
  return {
    async query(input, next) {
      for (let attempt = 1; ; attempt++) {
        const env = held.env!;
        try {
          return await env.connection.withDeadline(Date.now() + QUERY_ATTEMPT_MS, () => next(input));
        } catch (err) {
          const code = err instanceof ServiceError ? (err.cause as { code?: number } | undefined)?.code : undefined;
          if ((code !== GRPC_DEADLINE_EXCEEDED && code !== GRPC_CANCELLED) || attempt >= 4) throw err;
          if (code === GRPC_DEADLINE_EXCEEDED) await releaseLockLeftByContinueAsNew(env, input.workflowExecution.workflowId, released);
        }
      }
    },
    /**
     * The test server takes one time-skipping lock for a workflow task from when it is scheduled
     * until it completes, and one for an activity from when it is scheduled until it ends; a
     * terminate releases neither, and a completion arriving after it is refused without releasing
     * (temporalio/sdk-java#1138). The leaked lock stops the clock, so the next test's `env.sleep` of
     * months runs at wall-clock speed. A terminate therefore waits (at most 10 s) until nothing of the
     * workflow is in flight, and then releases one lock for each thing the history shows was still
     * in flight when the run was terminated.
     */
    async terminate(input, next) {
      const env = held.env!;
      const workflowId = input.workflowExecution.workflowId;
      for (let i = 0; i < 200; i++) {
        const history = await rawHistory(env, workflowId).catch(() => undefined);
        if (!history || inFlightAtEnd(history) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const response = await next(input);
      const history = await rawHistory(env, workflowId).catch(() => undefined);
      const terminated = history?.findIndex((e) => e.workflowExecutionTerminatedEventAttributes) ?? -1;
      if (history && terminated >= 0) {
        for (let left = inFlightAtEnd(history.slice(0, terminated)); left > 0; left--) await env.connection.testService?.unlockTimeSkipping({});
      }
      return response;
    },
  };
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The latest run's history as the server stores it, without any data converter in between. */
export async function rawHistory(env: TestWorkflowEnvironment, workflowId: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await env.connection.workflowService.getWorkflowExecutionHistory({ namespace: env.namespace ?? 'default', execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** How many time-skipping locks the events leave held: an unfinished workflow task, and each activity scheduled but not ended. */
export function inFlightAtEnd(events: HistoryEvent[]): number {
  let workflowTask = false;
  const activities = new Set<string>();
  for (const e of events) {
    if (e.workflowTaskScheduledEventAttributes || e.workflowTaskStartedEventAttributes) workflowTask = true;
    if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) workflowTask = false;
    if (e.activityTaskScheduledEventAttributes) activities.add(String(e.eventId));
    const ended =
      e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
    if (ended?.scheduledEventId != null) activities.delete(String(ended.scheduledEventId));
  }
  return (workflowTask ? 1 : 0) + activities.size;
}

async function releaseLockLeftByContinueAsNew(env: TestWorkflowEnvironment, workflowId: string, released: Set<string>): Promise<void> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const first = history.events?.[0];
  const previousRun = first?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
  if (!first || !previousRun || released.has(previousRun)) return;
  const startedMs = Number(first.eventTime?.seconds ?? 0) * 1000 + Math.floor((first.eventTime?.nanos ?? 0) / 1e6);
  if ((await env.currentTimeMs()) - startedMs > QUERY_ATTEMPT_MS + 10_000) return;
  released.add(previousRun);
  await env.connection.testService?.unlockTimeSkipping({});
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, server: ChildProcess, stderr: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`The time-skipping test server stopped before it listened (${server.exitCode ?? server.signalCode}): ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`The time-skipping test server did not listen on ${port} within ${timeoutMs / 1000} s: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh dev server on a SQLite file in a temporary folder (or the given file). */
export function startTestDevServer(dbFile?: string, port?: number): Promise<DevServer> {
  const cli = temporalCliPath();
  if (!cli) throw new Error('Temporal CLI is not provisioned: run `npm run provision`.');
  const file = dbFile ?? join(mkdtempSync(join(tmpdir(), 'vugge-dev-')), 'temporal.sqlite');
  return startDevServer({ cli, dbFile: file, port, uiPort: false });
}

export function tempDir(prefix = 'vugge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
