/**
 * Case facts: what the planner knows about one family case. The same shape is the case workflow's
 * state, the CLI's `--facts FACTS.json` file and the input of `vugge rules preview`.
 *
 * Every fact carries a local date (Europe/Copenhagen) and, where it matters, a local time. No names,
 * no CPR numbers: a case id and staff ids only.
 */
import { z } from 'zod';
import { CaseId, Hours, Instant, LocalTime, Occurrence, StaffId } from './contract.js';
import { Id, IsoDate } from './compile/model.js';

export { LocalTime };

const recorded = {
  /** Staff id of the person who registered the fact. */
  by: StaffId.optional(),
  /** ISO instant when it was registered (may be long after `date`: late registration). */
  registeredAt: Instant.optional(),
};

/** A lifecycle event declared in the programme (notification, intake, birth, discharge, closing …). */
export const LifecycleFact = z.object({
  kind: z.literal('event'),
  event: Id,
  date: IsoDate,
  ...recorded,
});

/** A step (occurrence) was done. Occurrence defaults to the first one not yet done. */
export const DoneFact = z.object({
  kind: z.literal('done'),
  step: Id,
  occurrence: Occurrence.optional(),
  date: IsoDate,
  /** Questionnaires: which instrument and who filled it in (e.g. 'mor', 'far', a staff id). */
  detail: z.string().optional(),
  ...recorded,
});

/** An occurrence of a meeting step is fixed for a date (and time): it replaces the nominal date. */
export const PlannedFact = z.object({
  kind: z.literal('planned'),
  step: Id,
  occurrence: Occurrence,
  date: IsoDate,
  time: LocalTime.optional(),
  /** Set when a planned meeting is called off. */
  cancelled: z.boolean().optional(),
  ...recorded,
});

/** A logged home visit. */
export const VisitFact = z.object({
  kind: z.literal('visit'),
  date: IsoDate,
  hours: Hours,
  ...recorded,
});

export const PauseFact = z.object({
  kind: z.literal('pause'),
  date: IsoDate,
  reason: z.string().min(1),
  ...recorded,
});

export const ResumeFact = z.object({
  kind: z.literal('resume'),
  date: IsoDate,
  ...recorded,
});

export const Fact = z.discriminatedUnion('kind', [LifecycleFact, DoneFact, PlannedFact, VisitFact, PauseFact, ResumeFact]);
export type Fact = z.infer<typeof Fact>;

export const CaseFacts = z.object({
  caseId: CaseId,
  /** Expected term date (40+0). Unknown before the first scan. */
  dueDate: IsoDate.optional(),
  /** Everything that happened, in any order; birth is the lifecycle event 'birth'. */
  facts: z.array(Fact).default([]),
});
export type CaseFacts = z.infer<typeof CaseFacts>;
