/**
 * What `npm start` waits for before it says "Vugge kører": the case worker polling its task queue
 * (it bundles the workflow code first, which takes a while) and the codec server answering. And
 * an example case id that is not taken yet, so the suggested command works after a restart too.
 */
import { hostname } from 'node:os';
import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

export type ReadinessCheck = () => Promise<boolean>;

export interface WaitOptions {
  /** Give up after this long (default 3 minutes: a first start bundles and may build tools). */
  timeoutMs?: number;
  /** Time between polls (default 500 ms). */
  intervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls every check until all have answered yes once; throws naming those that never did. A check
 * that throws counts as "not yet".
 */
export async function waitUntilReady(checks: Record<string, ReadinessCheck>, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 180_000, intervalMs = 500, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), now = Date.now } = options;
  const pending = new Set(Object.keys(checks));
  const deadline = now() + timeoutMs;
  for (;;) {
    for (const name of [...pending]) if (await checks[name]!().catch(() => false)) pending.delete(name);
    if (!pending.size) return;
    if (now() >= deadline) throw new Error(`${[...pending].join(' og ')} blev ikke klar inden for ${Math.round(timeoutMs / 1000)} s; se loggen ovenfor. / Not ready in time: ${[...pending].join(', ')}.`);
    await sleep(intervalMs);
  }
}

/** Whether the worker process `pid` on this machine polls `taskQueue` (Temporal remembers old pollers for a while). */
export function workerPolls(connection: Connection, namespace: string, taskQueue: string, pid: number): ReadinessCheck {
  const identity = `${pid}@${hostname()}`;
  return async () => {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    return (pollers ?? []).some((p) => p.identity === identity);
  };
}

/** Whether an HTTP server answers at `url` at all (any status). */
export function httpAnswers(url: string): ReadinessCheck {
  return async () => {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  };
}

/** The example case id `npm start` suggests is the one *Ny sag* would give: the first unused this year. */
export { caseExists, firstFreeCaseId as freeExampleCaseId } from '../client/service/new-case.js';
