/**
 * A migration batch: moves running cases to a published rules version one case at a time, at most
 * `perSecond` cases a second, so the worker keeps up with the cases' own work. Each move is the
 * case's own migrate update (its validator and the registry decide); the batch records the answer.
 * It is durable like any workflow: after a worker crash it carries on with the next case, and the
 * update id per case makes sure a case interrupted mid-move is not moved twice.
 */
import { condition, allHandlersFinished, continueAsNew, defineQuery, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Programme } from '../dsl/compile/model.js';
import type { CaseMigration, RegistryActivities } from '../activities/rules-registry.js';
import type { MigrationCases, OrderSource, RulesReference } from './rules-registry-messages.js';

export interface MigrationBatchInput {
  batchId: string;
  reference: RulesReference;
  programme: Programme;
  by: string;
  cases: MigrationCases;
  /** Where the migration was ordered, for each moved case's audit row. */
  source?: OrderSource;
  /** Default 5. */
  perSecond?: number;
}

export interface MigrationProgress {
  batchId: string;
  reference: RulesReference;
  by: string;
  startedAt: string;
  finishedAt?: string;
  /** Cases still to move (undefined until the running cases have been listed). */
  remaining?: string[];
  results: CaseMigration[];
}

export const migrationProgressQuery = defineQuery<MigrationProgress>('migrationProgress');

const { listCasesToMigrate, migrateCase } = proxyActivities<Pick<RegistryActivities, 'listCasesToMigrate' | 'migrateCase'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const MAX_HISTORY_EVENTS = 2_000;

export async function migrationBatchWorkflow(input: MigrationBatchInput & { continued?: MigrationProgress }): Promise<MigrationProgress> {
  const progress: MigrationProgress = input.continued ?? {
    batchId: input.batchId,
    reference: input.reference,
    by: input.by,
    startedAt: new Date(Date.now()).toISOString(),
    ...(input.cases === 'all' ? {} : { remaining: [...new Set(input.cases)] }),
    results: [],
  };
  setHandler(migrationProgressQuery, () => progress);
  const pause = Math.ceil(1000 / (input.perSecond ?? 5));

  progress.remaining ??= await listCasesToMigrate({ programmeId: input.reference.programmeId, hash: input.reference.hash });
  while (progress.remaining.length > 0) {
    const caseId = progress.remaining[0]!;
    progress.results.push(await migrateCase({ batchId: input.batchId, caseId, programme: input.programme, reference: input.reference, by: input.by, ...(input.source ? { source: input.source } : {}) }));
    progress.remaining.shift();
    if (progress.remaining.length > 0) await sleep(pause);
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof migrationBatchWorkflow>({ ...input, cases: [], continued: progress });
    }
  }
  progress.finishedAt = new Date(Date.now()).toISOString();
  return progress;
}
