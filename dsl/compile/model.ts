/**
 * The compiled programme: the plain JSON model that `compile()` produces from a rules file and that
 * the planner, the case workflow and the CLI read. Nothing here refers to source text; the model is
 * data only, so it can travel in workflow history and be hashed.
 *
 * Dates are local calendar dates in the programme's time zone ('YYYY-MM-DD'); durations are
 * calendar amounts ({ months, weeks, days }), never milliseconds, so daylight-saving changes never
 * move a date.
 */
import { z } from 'zod';
import { LocalDate, LocalTime } from '../contract.js';

/** A local calendar date that exists (the shared contract's `LocalDate`). */
export const IsoDate = LocalDate;
export type IsoDate = LocalDate;

export const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected an id of lower-case letters, digits and _');

/** A calendar amount. Negative values count backwards. */
export const Duration = z.object({
  months: z.number().int().default(0),
  weeks: z.number().int().default(0),
  days: z.number().int().default(0),
  hours: z.number().int().default(0),
});
export type Duration = z.infer<typeof Duration>;

/**
 * What a date is counted from.
 * - event:            the date a lifecycle event happened (notification, intake, birth, discharge …)
 * - step:             the date a step was done (its first occurrence unless `occurrence` is given)
 * - pregnancyWeek:    the first day of pregnancy week N: dueDate − (40 − N) weeks; edge 'end' is
 *                     the last day of that week
 * - childAge:         birth + N calendar months
 * - childMonthOfLife: the month that begins at child age N − 1 months (edge 'end': its last day)
 * - interventionMonth: intake + N calendar months
 */
export const Anchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), event: Id }),
  z.object({ kind: z.literal('step'), step: Id, occurrence: z.number().int().positive().optional() }),
  z.object({ kind: z.literal('pregnancyWeek'), week: z.number().int().min(1).max(45), edge: z.enum(['start', 'end']).default('start') }),
  z.object({ kind: z.literal('childAge'), months: z.number().int().min(0) }),
  z.object({ kind: z.literal('childMonthOfLife'), month: z.number().int().min(1), edge: z.enum(['start', 'end']).default('start') }),
  z.object({ kind: z.literal('interventionMonth'), months: z.number().int().min(0) }),
]);
export type Anchor = z.infer<typeof Anchor>;

/** A point in time: an anchor plus an offset (zero when the rule says "on the day of"). */
export const Point = z.object({ anchor: Anchor, offset: Duration });
export type Point = z.infer<typeof Point>;

/**
 * When a step is due. `target` is the date people plan for; `latest` is the deadline after which
 * the step is overdue (defaults to target); `earliest` is when it opens (defaults to target).
 */
export const When = z.object({
  earliest: Point.optional(),
  target: Point,
  latest: Point.optional(),
});
export type When = z.infer<typeof When>;

/** A condition on the case facts; a step with a false condition is not applicable. */
export type Condition =
  | { kind: 'premature' }
  | { kind: 'happened'; event: string }
  | { kind: 'stepDone'; step: string }
  | { kind: 'not'; condition: Condition }
  | { kind: 'all'; conditions: Condition[] }
  | { kind: 'any'; conditions: Condition[] };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('premature') }),
    z.object({ kind: z.literal('happened'), event: Id }),
    z.object({ kind: z.literal('stepDone'), step: Id }),
    z.object({ kind: z.literal('not'), condition: Condition }),
    z.object({ kind: z.literal('all'), conditions: z.array(Condition) }),
    z.object({ kind: z.literal('any'), conditions: z.array(Condition) }),
  ]),
);

/** Where a recurrence stops: at a point, or at the first of several (e.g. child age 24 months or closing). */
export const Until = z.object({ points: z.array(Point).min(1) });

/**
 * A repeating step.
 * - cadence: occurrences every `every` from `from` (nominal dates), in segments: MTB's "weekly until
 *   child age 12 months, then every 2 weeks until child age 24 months" is two segments; the next
 *   segment starts where the previous one ends.
 * - afterEach: one occurrence after each occurrence (planned or done) of another step, `offset` later.
 */
export const Recurrence = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('cadence'),
    from: Point,
    segments: z
      .array(z.object({ every: Duration, until: Until }))
      .min(1),
    /** How far ahead occurrences must be fixed (planned) — network meetings: 3 months. */
    planAhead: Duration.optional(),
  }),
  z.object({ kind: z.literal('afterEach'), step: Id, offset: Duration }),
]);
export type Recurrence = z.infer<typeof Recurrence>;

export const Reminder = z.object({
  /** How long before the target date the reminder goes out (zero: "due today"). */
  before: Duration,
  to: z.array(Id).min(1),
});
export type Reminder = z.infer<typeof Reminder>;

/** One level of an escalation chain: `after` counts from the deadline (latest date). */
export const EscalationLevel = z.object({ after: Duration, to: z.array(Id).min(1) });
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** Something that must be done before each occurrence of a step (the status statement). */
export const Precondition = z.object({ id: Id, title: z.string(), before: Duration, owners: z.array(Id).min(1) });

export const StepKind = z.enum(['task', 'meeting', 'visit', 'questionnaire']);
export type StepKind = z.infer<typeof StepKind>;

export const Step = z.object({
  id: Id,
  title: z.string(),
  /** English title, when the rules give one. */
  titleEn: z.string().optional(),
  phase: z.number().int().min(1),
  kind: StepKind,
  owners: z.array(Id).min(1),
  /** Unset for on-request steps (e.g. arbejdsmoede_adhoc) that are never due by themselves. */
  when: When.optional(),
  recurrence: Recurrence.optional(),
  condition: Condition.optional(),
  /**
   * 'only before birth': once the birth is registered on or before an occurrence's deadline, the
   * occurrence can no longer be done and is not applicable ('born_before'), unless it was done.
   */
  beforeBirth: z.literal(true).optional(),
  reminders: z.array(Reminder).default([]),
  escalation: z.array(EscalationLevel).default([]),
  preconditions: z.array(Precondition).default([]),
  /** Whether this step's dates stop while the case is paused (and move by the paused days). */
  pausable: z.boolean().default(true),
  /** Meeting length in minutes, for calendar invitations. */
  durationMinutes: z.number().int().positive().optional(),
  /** For questionnaire steps: which instrument (RFQ, PRFQ, ASQ:SE-2, FIT). */
  questionnaire: z.string().optional(),
  /** Free text the rules file attaches (the seed's own words, a municipality's choice). */
  note: z.string().optional(),
});
export type Step = z.infer<typeof Step>;

export const Phase = z.object({
  number: z.number().int().min(1),
  title: z.string(),
  /** The event that starts the phase; unset for phase 1 (the case's start). */
  startsOn: z.union([z.object({ event: Id }), z.object({ step: Id })]).optional(),
});
export type Phase = z.infer<typeof Phase>;

/** Minimum home-visit hours per week for a child age band [fromMonths, toMonths). */
export const VisitNorm = z.object({
  fromMonths: z.number().int().min(0),
  toMonths: z.number().int().positive().optional(),
  minHoursPerWeek: z.number().nonnegative().optional(),
  /** Upper end of the norm, shown to people ("norm 4–6"). */
  normHoursPerWeek: z.number().nonnegative().optional(),
  /** "assessed individually": no minimum is enforced. */
  individual: z.boolean().default(false),
});
export type VisitNorm = z.infer<typeof VisitNorm>;

/**
 * What the engine needs to know about a programme's own words, as the rules declare them: who
 * works the case, who is escalated to, which events are its lifecycle moments, where the visit
 * norm reports go. Read it through `vocabularyOf` (vocabulary.ts), which also serves programmes
 * compiled before these declarations existed.
 */
export const Vocabulary = z.object({
  /** Roles that work the case (`is caseworker`): named on the case's team. */
  caseworkers: z.array(Id),
  /** The first escalation level, who leads the unit (`is team leader`). */
  teamLeaders: z.array(Id),
  /** The department leaders above the team leader (`is department leader`). */
  departmentLeaders: z.array(Id),
  /** Lifecycle events (`marks birth` …); closing is `closingEvent`. `start` opens the case. */
  lifecycle: z.object({ start: Id.optional(), intake: Id.optional(), birth: Id.optional(), discharge: Id.optional() }),
  /** `visit norm to <audience> for <owners>`: who hears of a shortfall, whose visits count. */
  visitNorm: z.object({ audience: z.array(Id), owners: z.array(Id) }),
});
export type Vocabulary = z.infer<typeof Vocabulary>;

export const Programme = z.object({
  /** Content hash of everything below (hex); the rules version id. */
  version: z.string(),
  id: Id,
  title: z.string(),
  /** The programme's English display name, when the rules give one. */
  titleEn: z.string().optional(),
  versionLabel: z.string(),
  timeZone: z.string(),
  calendar: z.object({
    /** Non-working dates (public holidays and municipal closing days) resolved for [fromYear, toYear]. */
    fromYear: z.number().int(),
    toYear: z.number().int(),
    closedDates: z.array(IsoDate),
    /** ISO weekdays that are not working days (6 = Saturday, 7 = Sunday). */
    weekend: z.array(z.number().int().min(1).max(7)).default([6, 7]),
  }),
  /** Local time of day (HH:mm) at which date-based reminders and escalations go out. */
  reminderTime: LocalTime.default('08:00'),
  /** ISO weekday of the children's team's weekly case meeting (sagsmøde), when set. */
  caseMeetingWeekday: z.number().int().min(1).max(7).optional(),
  roles: z.array(z.object({ id: Id, title: z.string(), titleEn: z.string().optional() })),
  events: z.array(z.object({ id: Id, title: z.string(), titleEn: z.string().optional() })),
  phases: z.array(Phase),
  steps: z.array(Step),
  norms: z.array(VisitNorm).default([]),
  /** Working days after a week's end in which its home visits may still be registered before the norm judges it (unset: 2). */
  visitNormGraceDays: z.number().int().min(0).max(10).optional(),
  /** The event that ends the case (closing): recurrences stop, phase 5 starts. */
  closingEvent: Id.optional(),
  /** Unset only in programmes compiled before the rules declared it; see vocabulary.ts. */
  vocabulary: Vocabulary.optional(),
});
export type Programme = z.infer<typeof Programme>;
