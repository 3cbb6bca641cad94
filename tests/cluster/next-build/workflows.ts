/**
 * The next build of Vugge's workflows, as a rolling upgrade brings it to running cases: the case
 * workflow with one change behind `patched()` — a new first command (a timer) that no case started
 * on the current build has in its history. Without the patch those cases would fail to replay on the
 * new workers; with it they keep the current path, and cases opened after the upgrade take the new.
 * `buildQuery` tells which path a case is on.
 */
import { defineQuery, patched, setHandler, sleep } from '@temporalio/workflow';
import { caseWorkflow as currentCaseWorkflow } from '../../../workflows/case-workflow.js';

export { digestWorkflow, migrationBatchWorkflow, rulesRegistryWorkflow } from '../../../workflows/index.js';

export const NEXT_BUILD_PATCH = 'cluster-next-build';
export const buildQuery = defineQuery<'current' | 'next'>('clusterBuild');

export async function caseWorkflow(input: Parameters<typeof currentCaseWorkflow>[0]): ReturnType<typeof currentCaseWorkflow> {
  const next = patched(NEXT_BUILD_PATCH);
  setHandler(buildQuery, () => (next ? 'next' : 'current'));
  if (next) await sleep(1);
  return currentCaseWorkflow(input);
}
