/**
 * What a case is started with and what may be sent to it, as zod schemas for the CLI and the web
 * app. The events and acknowledgements are made from the one definition in `case-input-schema.ts`,
 * which the case workflow's update validators check without zod, so a person gets the same sentence
 * from both. Payloads carry ids and dates only — a case id, staff ids, step ids — never a name or
 * CPR number.
 */
import { z } from 'zod';
import { CaseId, Code, firstProblem, sentence, StaffId } from '../dsl/contract.js';
import { Id, IsoDate } from '../dsl/compile/model.js';
import { toZod } from '../dsl/schema-zod.js';
import * as events from './case-input-schema.js';
import { PAUSE_REASONS } from './case-input-schema.js';
import { checkDueDate } from './case-bounds.js';

export { CaseId, Code, StaffId };
export { CASE_EVENT_TYPES } from './case-input-schema.js';
export type CaseEvent = events.CaseEvent;
export type Acknowledge = events.Acknowledge;

export const Team = z.record(Id, StaffId);

export const PauseReason = z.enum(PAUSE_REASONS);
export const CaseEvent = toZod(events.CaseEvent);
export const Acknowledge = toZod(events.Acknowledge);

/**
 * What a case is started with. The programme travels in the input: a running case keeps its version.
 * A due date must be plausible for the notification (see `checkDueDate`).
 */
export const CaseStartFields = z
  .object({
    caseId: CaseId,
    unit: Code,
    municipality: Code,
    team: Team,
    notified: IsoDate,
    dueDate: IsoDate.optional(),
    openedBy: StaffId,
  })
  .superRefine((fields, ctx) => {
    const problem = fields.dueDate === undefined ? undefined : checkDueDate(fields.dueDate, fields.notified);
    if (problem) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: sentence(problem), params: { ...problem } });
  });
export type CaseStartFields = z.infer<typeof CaseStartFields>;

/** The first zod issue as one sentence naming the field, Danish first and English after. */
export function firstIssue(error: z.ZodError): string {
  return sentence(firstProblem(error));
}
