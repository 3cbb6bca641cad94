/**
 * What may be sent to a case: the events and acknowledgements the case workflow's update validators
 * check, written once with the zod-free schema core. `case-input.ts` gives the CLI and the web app
 * the same schemas as zod, so a person gets the same sentence from both; the workflow checks these
 * directly and the worker shares them among its cached cases. Payloads carry ids and dates only — a
 * case id, staff ids, step ids — never a name or CPR number.
 */
import { s, type Infer } from '../dsl/schema.js';
import { Hours, LocalTime, Occurrence, StaffId } from '../dsl/contract-core.js';
import { Id, IsoDate } from '../dsl/compile/model-schema.js';

/**
 * Why a case is paused. A code rather than free text, so no personal detail (a diagnosis, an
 * address) ends up in workflow history, which is not encrypted.
 */
export const PAUSE_REASONS = ['hospitalsophold', 'fraflytning', 'anbringelse', 'andet'] as const;
export const PauseReason = s.enum(PAUSE_REASONS);

const by = StaffId;

/**
 * An event the case receives. `occurred` covers every lifecycle event and every step that was done
 * (the programme decides which ids exist: 'birth', 'discharge', 'teamsamtale', 'netvaerksmoede' …);
 * the other types carry data of their own.
 */
export const CaseEvent = s.discriminatedUnion('type', [
  s.object({
    type: s.literal('occurred'),
    what: Id,
    at: IsoDate,
    /** For recurring steps; unset completes the first occurrence not yet done. */
    occurrence: Occurrence.optional(),
    /** Questionnaires: who filled it in ('mor', 'far', or a staff id). */
    detail: s.string().regex(/^[A-Za-z0-9._-]{1,40}$/).optional(),
    by,
  }),
  s.object({
    type: s.literal('planned'),
    step: Id,
    occurrence: Occurrence,
    at: IsoDate,
    time: LocalTime.optional(),
    cancelled: s.boolean().optional(),
    by,
  }),
  s.object({ type: s.literal('visit'), at: IsoDate, hours: Hours, step: Id.optional(), by }),
  s.object({ type: s.literal('pause'), at: IsoDate, reason: PauseReason, by }),
  s.object({ type: s.literal('resume'), at: IsoDate, by }),
  s.object({ type: s.literal('reassign'), at: IsoDate, role: Id, staff: StaffId, by }),
  s.object({ type: s.literal('due_date'), dueDate: IsoDate, by }),
]);
export type CaseEvent = Infer<typeof CaseEvent>;
export const CASE_EVENT_TYPES = ['occurred', 'planned', 'visit', 'pause', 'resume', 'reassign', 'due_date'] as const;

export const Acknowledge = s.object({ stepId: Id, occurrence: Occurrence, by });
export type Acknowledge = Infer<typeof Acknowledge>;
