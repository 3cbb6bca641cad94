/**
 * Opening a case and registering what happened on it, in domain words. Each function takes who
 * acts and checks, once, that they may change the case: a person on its team or leading its unit,
 * or the operator at the command line.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Programme } from '../../dsl/compile/model.js';
import { acknowledgeEscalationUpdate, programmeQuery, registerEventUpdate, snapshotQuery } from '../../workflows/case-messages.js';
import type { Message } from '../../dsl/contract.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { CaseEvent, CaseStartFields } from '../../workflows/case-input.js';
import { isOperator, requireActing, requireActingOnCase, type Acting, type Actor, type CaseScope } from './access.js';

/** A case with this id is running already (or ran). */
export class CaseExists extends Error {
  override name = 'CaseExists';
  constructor(readonly caseId: string) {
    super(`Sagen '${caseId}' findes allerede. / Case '${caseId}' already exists.`);
  }
}

/** Vugge refuses the change before the case is asked; `problem` says why, in both languages. */
export class ChangeRefused extends Error {
  override name = 'ChangeRefused';
  constructor(readonly problem: Message) {
    super(`${problem.da} / ${problem.en}`);
  }
}

/**
 * A role on a case goes to a person of the case's unit who holds that role in the staff directory.
 * (The case itself refuses a staff id the directory does not know; this also keeps a case from being
 * handed to another unit's people or to someone without the role.)
 */
export function checkReassignment(directory: StaffDirectory, scope: CaseScope, role: string, staffId: string): void {
  const person = directory.person(staffId);
  if (!person || person.unit !== scope.unit || !person.roles.includes(role)) {
    throw new ChangeRefused({ code: 'reassign.not_for_role', da: 'Vælg en medarbejder fra sagens enhed, som har denne rolle.', en: 'Choose a staff member of the case’s unit who holds this role.' });
  }
}

/** What is registered on a case: an event, or a leader acknowledging an escalation. */
export type CaseChange = CaseEvent | { acknowledge: { stepId: string; occurrence: number; by: string } };

/** Starts the case workflow on the compiled programme, for someone who may open cases in its unit. */
export async function openCase(acting: Acting, client: Client, taskQueue: string, fields: CaseStartFields, programme: Programme): Promise<void> {
  requireActing(acting, 'open_case', { unit: fields.unit, team: fields.team });
  try {
    await client.workflow.start('caseWorkflow', { taskQueue, workflowId: fields.caseId, args: [{ ...fields, programme }] });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new CaseExists(fields.caseId);
    throw err;
  }
}

/** The rules the case runs on, for someone who may see it. */
export async function caseProgramme(acting: Acting, client: Client, caseId: string): Promise<Programme> {
  await requireActingOnCase(acting, 'see_case', () => client.workflow.getHandle(caseId).query(snapshotQuery));
  return client.workflow.getHandle(caseId).query(programmeQuery);
}

/**
 * Registers the change; the case's own validator may still refuse it (an update failure, as thrown).
 * An acknowledgement is a leader's: only a leader of the case's unit may send one. A person hands a
 * role only to someone of the case's unit who holds it (`ChangeRefused` otherwise).
 */
export async function registerOnCase(acting: Acting, client: Client, caseId: string, change: CaseChange): Promise<{ seq: number; phase: number }> {
  const action = 'acknowledge' in change ? 'acknowledge_escalation' : 'change_case';
  let scope: CaseScope | undefined;
  await requireActingOnCase(acting, action, async () => (scope = await client.workflow.getHandle(caseId).query(snapshotQuery)));
  // The operator acts with their own authority (and the case still checks the directory).
  if (scope && !isOperator(acting) && !('acknowledge' in change) && change.type === 'reassign') checkReassignment(acting.directory, scope, change.role, change.staff);
  const handle = client.workflow.getHandle(caseId);
  return 'acknowledge' in change
    ? handle.executeUpdate(acknowledgeEscalationUpdate, { args: [change.acknowledge] })
    : handle.executeUpdate(registerEventUpdate, { args: [change] });
}

/** An event as a signed-in person sends it: everything but its author. */
export type PersonEvent = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'by'> : never) : never;

/**
 * Registers an event as the signed-in person: the author (`by`) is always that person, whatever
 * the event carried, and the access check is the one every change makes.
 */
export function registerAsPerson(actor: Actor, client: Client, caseId: string, event: PersonEvent): Promise<{ seq: number; phase: number }> {
  return registerOnCase(actor, client, caseId, { ...event, by: actor.staffId } as CaseEvent);
}

/** A leader acknowledges the escalation of one overdue step occurrence, as themselves. */
export function acknowledgeAsLeader(actor: Actor, client: Client, caseId: string, escalation: { stepId: string; occurrence: number }): Promise<{ seq: number; phase: number }> {
  return registerOnCase(actor, client, caseId, { acknowledge: { stepId: escalation.stepId, occurrence: escalation.occurrence, by: actor.staffId } });
}
