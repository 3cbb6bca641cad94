/**
 * What a case is started with and what may be sent to it: the zod schemas that both the case
 * workflow's update validators and the CLI use, so a person gets the same sentence from both.
 * Payloads carry ids and dates only — a case id, staff ids, step ids — never a name or CPR number.
 */
import { z } from 'zod';
import { Id, IsoDate } from '../dsl/model.js';
import { LocalTime } from '../dsl/facts.js';

/** A case id is the workflow id: short, and never a CPR number (ten digits, with or without a dash). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9-]{3,40}$/;
const CPR_LIKE = /^\d{6}-?\d{4}$/;

export const CaseId = z
  .string()
  .regex(CASE_ID_PATTERN, 'sags-id skal være 3–40 tegn af bogstaver, tal og - / a case id is 3–40 letters, digits and -')
  .refine((id) => !CPR_LIKE.test(id), 'et sags-id må ikke ligne et CPR-nummer / a case id must not look like a CPR number');

export const StaffId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{2,40}$/, 'medarbejder-id skal være 2–40 tegn af bogstaver, tal, ., - og _ / a staff id is 2–40 letters, digits, ., - and _');

/** Unit and municipality codes (e.g. 'nord', 'jammerbugt'), not names of people. */
export const Code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'koder skrives med små bogstaver, tal, - og _ / codes are lower-case letters, digits, - and _');

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
    occurrence: z.number().int().positive().optional(),
    /** Questionnaires: who filled it in ('mor', 'far', or a staff id). */
    detail: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/).optional(),
    by,
  }),
  z.object({
    type: z.literal('planned'),
    step: Id,
    occurrence: z.number().int().positive(),
    at: IsoDate,
    time: LocalTime.optional(),
    cancelled: z.boolean().optional(),
    by,
  }),
  z.object({ type: z.literal('visit'), at: IsoDate, hours: z.number().positive().max(24), step: Id.optional(), by }),
  z.object({ type: z.literal('pause'), at: IsoDate, reason: PauseReason, by }),
  z.object({ type: z.literal('resume'), at: IsoDate, by }),
  z.object({ type: z.literal('reassign'), at: IsoDate, role: Id, staff: StaffId, by }),
  z.object({ type: z.literal('due_date'), dueDate: IsoDate, by }),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export const CASE_EVENT_TYPES = ['occurred', 'planned', 'visit', 'pause', 'resume', 'reassign', 'due_date'] as const;

export const Acknowledge = z.object({ stepId: Id, occurrence: z.number().int().positive(), by });
export type Acknowledge = z.infer<typeof Acknowledge>;

/** What a case is started with. The programme travels in the input: a running case keeps its version. */
export const CaseStartFields = z.object({
  caseId: CaseId,
  unit: Code,
  municipality: Code,
  team: Team,
  notified: IsoDate,
  dueDate: IsoDate.optional(),
  openedBy: StaffId,
});
export type CaseStartFields = z.infer<typeof CaseStartFields>;

/** The first zod issue as one sentence naming the field. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'ugyldigt input / invalid input';
  const field = issue.path.length ? issue.path.join('.') : 'input';
  return `feltet '${field}': ${issue.message}`;
}
