/**
 * Rebuilding the read model from the running cases: each case is listed through visibility, asked
 * for its read-model state (its own query, with its current sequence number) and written with
 * `projectCase` — so a case that projected something newer meanwhile keeps it. A few cases at a
 * time; a case that cannot answer is named in one sentence and the others go on.
 */
import type { Client } from '@temporalio/client';
import type { Database } from '../../activities/db/index.js';
import { projectionOf } from '../../activities/db/projection.js';
import { projectCase } from '../../activities/db/read-model.js';
import { readModelQuery } from '../../workflows/case-projection.js';
import { failureSentence } from '../service/temporal-client.js';

export const RUNNING_CASES = "WorkflowType = 'caseWorkflow' AND ExecutionStatus = 'Running'";

export interface RebuildOptions {
  /** The cases to rebuild; default every running case, listed through visibility. */
  caseIds?: Iterable<string> | AsyncIterable<string>;
  /** Cases asked at the same time (default 8). */
  concurrency?: number;
  /** After each case: how many are done of how many. */
  onProgress?: (done: number, total: number) => void;
}

export interface RebuildResult {
  total: number;
  /** Cases whose rows were written (the others already held this or a newer state). */
  written: number;
  failed: { caseId: string; sentence: string }[];
}

async function* runningCases(client: Client): AsyncIterable<string> {
  for await (const wf of client.workflow.list({ query: RUNNING_CASES })) yield wf.workflowId;
}

export async function rebuildReadModel(client: Client, db: Database, options: RebuildOptions = {}): Promise<RebuildResult> {
  // The ids first (small even for 10,000 cases): the progress line knows the total.
  const caseIds: string[] = [];
  for await (const caseId of options.caseIds ?? runningCases(client)) caseIds.push(caseId);
  const total = caseIds.length;
  const result: RebuildResult = { total, written: 0, failed: [] };
  let done = 0;
  const rebuildOne = async (caseId: string) => {
    try {
      const state = await client.workflow.getHandle(caseId).query(readModelQuery);
      const { applied } = await projectCase(db, projectionOf(state.snapshot, state.obligations, state.asOf, state.escalationLevels), state.seq);
      if (applied) result.written++;
    } catch (err) {
      result.failed.push({ caseId, sentence: `Sag ${caseId}: ${failureSentence(err, undefined, caseId)}` });
    }
    options.onProgress?.(++done, total);
  };
  const running = new Set<Promise<void>>();
  for (const caseId of caseIds) {
    const one: Promise<void> = rebuildOne(caseId).finally(() => running.delete(one));
    running.add(one);
    if (running.size >= (options.concurrency ?? 8)) await Promise.race(running);
  }
  await Promise.all(running);
  return result;
}
