/**
 * The compiled programme: the plain JSON model that `compile()` produces from a rules file and that
 * the planner, the case workflow and the CLI read. Written with the zod-free schema core, so the
 * case workflow checks a migration's programme without zod; `model.ts` gives everyone else the
 * same schemas as zod. Nothing here refers to source text; the model is
 * data only, so it can travel in workflow history and be hashed.
 *
 * Dates are local calendar dates in the programme's time zone ('YYYY-MM-DD'); durations are
 * calendar amounts ({ months, weeks, days }), never milliseconds, so daylight-saving changes never
 * move a date.
 */
import { LocalDate, LocalTime } from '../contract-core.js';
import { s, type Infer, type Schema } from '../schema.js';

/** A local calendar date that exists (the shared contract's `LocalDate`). */
export const IsoDate = LocalDate;
export type IsoDate = LocalDate;

export const Id = s.string().regex(/^[a-z][a-z0-9_]*$/, 'expected an id of lower-case letters, digits and _');

/** A calendar amount. Negative values count backwards. */
export const Duration = s.object({
  months: s.number().int().default(0),
  weeks: s.number().int().default(0),
  days: s.number().int().default(0),
  hours: s.number().int().default(0),
});
export type Duration = Infer<typeof Duration>;

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
export const Anchor = s.discriminatedUnion('kind', [
  s.object({ kind: s.literal('event'), event: Id }),
  s.object({ kind: s.literal('step'), step: Id, occurrence: s.number().int().positive().optional() }),
  s.object({ kind: s.literal('pregnancyWeek'), week: s.number().int().min(1).max(45), edge: s.enum(['start', 'end']).default('start') }),
  s.object({ kind: s.literal('childAge'), months: s.number().int().min(0) }),
  s.object({ kind: s.literal('childMonthOfLife'), month: s.number().int().min(1), edge: s.enum(['start', 'end']).default('start') }),
  s.object({ kind: s.literal('interventionMonth'), months: s.number().int().min(0) }),
]);
export type Anchor = Infer<typeof Anchor>;

/** A point in time: an anchor plus an offset (zero when the rule says "on the day of"). */
export const Point = s.object({ anchor: Anchor, offset: Duration });
export type Point = Infer<typeof Point>;

/**
 * When a step is due. `target` is the date people plan for; `latest` is the deadline after which
 * the step is overdue (defaults to target); `earliest` is when it opens (defaults to target).
 */
export const When = s.object({
  earliest: Point.optional(),
  target: Point,
  latest: Point.optional(),
});
export type When = Infer<typeof When>;

/** A condition on the case facts; a step with a false condition is not applicable. */
export type Condition =
  | { kind: 'premature' }
  | { kind: 'happened'; event: string }
  | { kind: 'stepDone'; step: string }
  | { kind: 'not'; condition: Condition }
  | { kind: 'all'; conditions: Condition[] }
  | { kind: 'any'; conditions: Condition[] };
export const Condition: Schema<Condition> = s.lazy(() =>
  s.discriminatedUnion('kind', [
    s.object({ kind: s.literal('premature') }),
    s.object({ kind: s.literal('happened'), event: Id }),
    s.object({ kind: s.literal('stepDone'), step: Id }),
    s.object({ kind: s.literal('not'), condition: Condition }),
    s.object({ kind: s.literal('all'), conditions: s.array(Condition) }),
    s.object({ kind: s.literal('any'), conditions: s.array(Condition) }),
  ]),
);

/** Where a recurrence stops: at a point, or at the first of several (e.g. child age 24 months or closing). */
export const Until = s.object({ points: s.array(Point).min(1) });

/**
 * A repeating step.
 * - cadence: occurrences every `every` from `from` (nominal dates), in segments: MTB's "weekly until
 *   child age 12 months, then every 2 weeks until child age 24 months" is two segments; the next
 *   segment starts where the previous one ends.
 * - afterEach: one occurrence after each occurrence (planned or done) of another step, `offset` later.
 */
export const Recurrence = s.discriminatedUnion('kind', [
  s.object({
    kind: s.literal('cadence'),
    from: Point,
    segments: s
      .array(s.object({ every: Duration, until: Until }))
      .min(1),
    /** How far ahead occurrences must be fixed (planned) — network meetings: 3 months. */
    planAhead: Duration.optional(),
  }),
  s.object({ kind: s.literal('afterEach'), step: Id, offset: Duration }),
]);
export type Recurrence = Infer<typeof Recurrence>;

export const Reminder = s.object({
  /** How long before the target date the reminder goes out (zero: "due today"). */
  before: Duration,
  to: s.array(Id).min(1),
});
export type Reminder = Infer<typeof Reminder>;

/** One level of an escalation chain: `after` counts from the deadline (latest date). */
export const EscalationLevel = s.object({ after: Duration, to: s.array(Id).min(1) });
export type EscalationLevel = Infer<typeof EscalationLevel>;

/** Something that must be done before each occurrence of a step (the status statement). */
export const Precondition = s.object({ id: Id, title: s.string(), before: Duration, owners: s.array(Id).min(1) });

export const StepKind = s.enum(['task', 'meeting', 'visit', 'questionnaire']);
export type StepKind = Infer<typeof StepKind>;

export const Step = s.object({
  id: Id,
  title: s.string(),
  /** English title, when the rules give one. */
  titleEn: s.string().optional(),
  phase: s.number().int().min(1),
  kind: StepKind,
  owners: s.array(Id).min(1),
  /** Unset for on-request steps (e.g. arbejdsmoede_adhoc) that are never due by themselves. */
  when: When.optional(),
  recurrence: Recurrence.optional(),
  condition: Condition.optional(),
  /**
   * 'only before birth': once the birth is registered on or before an occurrence's deadline, the
   * occurrence can no longer be done and is not applicable ('born_before'), unless it was done.
   */
  beforeBirth: s.literal(true).optional(),
  reminders: s.array(Reminder).default([]),
  escalation: s.array(EscalationLevel).default([]),
  preconditions: s.array(Precondition).default([]),
  /** Whether this step's dates stop while the case is paused (and move by the paused days). */
  pausable: s.boolean().default(true),
  /** Meeting length in minutes, for calendar invitations. */
  durationMinutes: s.number().int().positive().optional(),
  /** For questionnaire steps: which instrument (RFQ, PRFQ, ASQ:SE-2, FIT). */
  questionnaire: s.string().optional(),
  /** Free text the rules file attaches (the seed's own words, a municipality's choice). */
  note: s.string().optional(),
});
export type Step = Infer<typeof Step>;

export const Phase = s.object({
  number: s.number().int().min(1),
  title: s.string(),
  /** The event that starts the phase; unset for phase 1 (the case's start). */
  startsOn: s.union([s.object({ event: Id }), s.object({ step: Id })]).optional(),
});
export type Phase = Infer<typeof Phase>;

/** Minimum home-visit hours per week for a child age band [fromMonths, toMonths). */
export const VisitNorm = s.object({
  fromMonths: s.number().int().min(0),
  toMonths: s.number().int().positive().optional(),
  minHoursPerWeek: s.number().nonnegative().optional(),
  /** Upper end of the norm, shown to people ("norm 4–6"). */
  normHoursPerWeek: s.number().nonnegative().optional(),
  /** "assessed individually": no minimum is enforced. */
  individual: s.boolean().default(false),
});
export type VisitNorm = Infer<typeof VisitNorm>;

/**
 * What the engine needs to know about a programme's own words, as the rules declare them: who
 * works the case, who is escalated to, which events are its lifecycle moments, where the visit
 * norm reports go. Read it through `vocabularyOf` (vocabulary.ts), which also serves programmes
 * compiled before these declarations existed.
 */
export const Vocabulary = s.object({
  /** Roles that work the case (`is caseworker`): named on the case's team. */
  caseworkers: s.array(Id),
  /** The first escalation level, who leads the unit (`is team leader`). */
  teamLeaders: s.array(Id),
  /** The department leaders above the team leader (`is department leader`). */
  departmentLeaders: s.array(Id),
  /** Lifecycle events (`marks birth` …); closing is `closingEvent`. `start` opens the case. */
  lifecycle: s.object({ start: Id.optional(), intake: Id.optional(), birth: Id.optional(), discharge: Id.optional() }),
  /** `visit norm to <audience> for <owners>`: who hears of a shortfall, whose visits count. */
  visitNorm: s.object({ audience: s.array(Id), owners: s.array(Id) }),
});
export type Vocabulary = Infer<typeof Vocabulary>;

export const Programme = s.object({
  /** Content hash of everything below (hex); the rules version id. */
  version: s.string(),
  id: Id,
  title: s.string(),
  /** The programme's English display name, when the rules give one. */
  titleEn: s.string().optional(),
  versionLabel: s.string(),
  timeZone: s.string(),
  calendar: s.object({
    /** Non-working dates (public holidays and municipal closing days) resolved for [fromYear, toYear]. */
    fromYear: s.number().int(),
    toYear: s.number().int(),
    closedDates: s.array(IsoDate),
    /** ISO weekdays that are not working days (6 = Saturday, 7 = Sunday). */
    weekend: s.array(s.number().int().min(1).max(7)).default([6, 7]),
  }),
  /** Local time of day (HH:mm) at which date-based reminders and escalations go out. */
  reminderTime: LocalTime.default('08:00'),
  /** ISO weekday of the children's team's weekly case meeting (sagsmøde), when set. */
  caseMeetingWeekday: s.number().int().min(1).max(7).optional(),
  roles: s.array(s.object({ id: Id, title: s.string(), titleEn: s.string().optional() })),
  events: s.array(s.object({ id: Id, title: s.string(), titleEn: s.string().optional() })),
  phases: s.array(Phase),
  steps: s.array(Step),
  norms: s.array(VisitNorm).default([]),
  /** Working days after a week's end in which its home visits may still be registered before the norm judges it (unset: 2). */
  visitNormGraceDays: s.number().int().min(0).max(10).optional(),
  /** The event that ends the case (closing): recurrences stop, phase 5 starts. */
  closingEvent: Id.optional(),
  /** Unset only in programmes compiled before the rules declared it; see vocabulary.ts. */
  vocabulary: Vocabulary.optional(),
});
export type Programme = Infer<typeof Programme>;
