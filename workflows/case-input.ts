/**
 * What a case is started with and what may be sent to it: the zod schemas that both the case
 * workflow's update validators and the CLI use, so a person gets the same sentence from both.
 * Payloads carry ids and dates only — a case id, staff ids, step ids — never a name or CPR number.
 */
import { z } from 'zod';
import { CaseId, Code, firstProblem, Hours, LocalTime, Occurrence, sentence, StaffId } from '../dsl/contract.js';
import { Id, IsoDate } from '../dsl/compile/model.js';
import { checkDueDate } from './case-bounds.js';

export { CaseId, Code, StaffId };

export const Team = z.record(Id, StaffId);

/**
 * Why a case is paused. A code rather than free text, so no personal detail (a diagnosis, an
 * address) ends up in workflow history, which is not encrypted.
 */
export const PauseReason = z.enum(['hospitalsophold', 'fraflytning', 'anbringelse', 'andet']);

const by = StaffId;

/**
 * An event the case receives. `occurred` covers every lifecycle event and every step that was done
 * (the programme decides which ids exist: 'birth', 'discharge', 'teamsamtale', 'netvaerksmoede' …);
 * the other types carry data of their own.
 */
export const CaseEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('occurred'),
    what: Id,
    at: IsoDate,
    /** For recurring steps; unset completes the first occurrence not yet done. */
    occurrence: Occurrence.optional(),
    /** Questionnaires: who filled it in ('mor', 'far', or a staff id). */
    detail: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/).optional(),
    by,
  }),
  z.object({
    type: z.literal('planned'),
    step: Id,
    occurrence: Occurrence,
    at: IsoDate,
    time: LocalTime.optional(),
    cancelled: z.boolean().optional(),
    by,
  }),
  z.object({ type: z.literal('visit'), at: IsoDate, hours: Hours, step: Id.optional(), by }),
  z.object({ type: z.literal('pause'), at: IsoDate, reason: PauseReason, by }),
  z.object({ type: z.literal('resume'), at: IsoDate, by }),
  z.object({ type: z.literal('reassign'), at: IsoDate, role: Id, staff: StaffId, by }),
  z.object({ type: z.literal('due_date'), dueDate: IsoDate, by }),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export const CASE_EVENT_TYPES = ['occurred', 'planned', 'visit', 'pause', 'resume', 'reassign', 'due_date'] as const;

export const Acknowledge = z.object({ stepId: Id, occurrence: Occurrence, by });
export type Acknowledge = z.infer<typeof Acknowledge>;

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
