/**
 * One person's overdue steps and those open or due soon up to a horizon, across their running
 * cases (`VuggeOwners` holds the staff ids of each case's team), soonest first. A person asks for
 * their own; the operator for anyone's.
 */
import type { Client } from '@temporalio/client';
import { StaffId } from '../../dsl/contract.js';
import { timelineQuery } from '../../workflows/case-messages.js';
import type { TimelineEntry } from '../../workflows/case-views.js';
import { AccessDenied, isOperator, type Acting } from './access.js';
import { failureSentence } from './temporal-client.js';

export interface OwnerSteps {
  /** How many running cases the person is on. */
  cases: number;
  steps: { caseId: string; entry: TimelineEntry }[];
  /** Cases that could not be asked, with the sentence why. */
  failures: { caseId: string; sentence: string }[];
}

/** The running cases a person is on (their team holds the staff id), in visibility order. */
export async function* casesOf(client: Client, staffId: string): AsyncGenerator<string> {
  for await (const wf of client.workflow.list({ query: `VuggeOwners = '${StaffId.parse(staffId)}' AND ExecutionStatus = 'Running'` })) yield wf.workflowId;
}

export async function ownerSteps(acting: Acting, client: Client, owner: string, horizon: string, onCase?: (n: number) => void): Promise<OwnerSteps> {
  if (!isOperator(acting) && acting.staffId !== owner) throw new AccessDenied('see_case');
  const me = StaffId.parse(owner);
  const result: OwnerSteps = { cases: 0, steps: [], failures: [] };
  for await (const caseId of casesOf(client, me)) {
    onCase?.(++result.cases);
    try {
      for (const entry of await client.workflow.getHandle(caseId).query(timelineQuery)) {
        const open = entry.status === 'overdue' || ((entry.status === 'open' || entry.status === 'due_soon') && entry.target <= horizon);
        if (open && entry.ownerStaff.includes(me)) result.steps.push({ caseId, entry });
      }
    } catch (err) {
      result.failures.push({ caseId, sentence: failureSentence(err, undefined, caseId) });
    }
  }
  result.steps.sort((a, b) => a.entry.target.localeCompare(b.entry.target));
  return result;
}
