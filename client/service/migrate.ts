/**
 * Moving running cases, one by one from the command line, to a published version of their programme
 * (the registry's reference goes with the model; the case checks both). The dry run asks each case
 * for its facts and plans both versions here, so nothing changes until the person has seen what
 * would move. Only the operator migrates: it changes cases across units.
 */
import type { Client } from '@temporalio/client';
import type { Programme } from '../../dsl/compile/model.js';
import type { PlanDiff } from '../../dsl/plan/index.js';
import { migrateUpdate, programmeQuery, snapshotQuery } from '../../workflows/case-messages.js';
import { casesNotOnVersion, type RulesReference } from '../../workflows/rules-registry-messages.js';
import { AccessDenied, isOperator, type Acting } from './access.js';
import { planDiff } from './rules-preview.js';
import { failureSentence } from './temporal-client.js';

export interface MigrateRequest {
  /** One case, or every running case of the programme not yet on the new version. */
  caseId?: string;
  next: Programme;
  /** The registry's reference to the published version `next` is. */
  reference: RulesReference;
  dryRun: boolean;
  /** Who is recorded as having moved the cases (not needed for a dry run). */
  by: string;
}

/** What became of one case: the would-be changes (dry run), the versions it moved between, or why it failed. */
export type MigrateOutcome =
  | { caseId: string; diff: PlanDiff }
  | { caseId: string; moved: { from: string; to: string } }
  | { caseId: string; failure: string };

async function casesToMove(client: Client, request: MigrateRequest): Promise<string[]> {
  if (request.caseId) return [request.caseId];
  const ids: string[] = [];
  for await (const wf of client.workflow.list({ query: casesNotOnVersion(request.next.id, request.next.version) })) ids.push(wf.workflowId);
  return ids;
}

/** Moves (or, dry, compares) the cases one at a time; `onCase` hears of each as it is done. */
export async function migrateCases(acting: Acting, client: Client, request: MigrateRequest, onCase: (outcome: MigrateOutcome, index: number, total: number) => void): Promise<MigrateOutcome[]> {
  if (!isOperator(acting)) throw new AccessDenied('change_case');
  const { next, reference, dryRun, by } = request;
  const ids = await casesToMove(client, request);
  const now = new Date().toISOString();
  const outcomes: MigrateOutcome[] = [];
  for (const [i, caseId] of ids.entries()) {
    const handle = client.workflow.getHandle(caseId);
    let outcome: MigrateOutcome;
    try {
      if (dryRun) {
        const [snapshot, current] = await Promise.all([handle.query(snapshotQuery), handle.query(programmeQuery)]);
        if (current.id !== next.id) throw new Error(`sagen kører på '${current.id}', ikke '${next.id}' / the case runs '${current.id}'`);
        outcome = { caseId, diff: planDiff(current, next, snapshot.facts, now) };
      } else {
        outcome = { caseId, moved: await handle.executeUpdate(migrateUpdate, { args: [{ programme: next, by, reference }] }) };
      }
    } catch (err) {
      outcome = { caseId, failure: failureSentence(err, undefined, caseId) };
    }
    outcomes.push(outcome);
    onCase(outcome, i, ids.length);
  }
  return outcomes;
}
