/**
 * What the planner answers: every occurrence of every step for one case, with its dates, owners,
 * reminder and escalation moments and status. Pure data, safe to return from a workflow query.
 */
import type { IsoDate } from '../compile/model.js';

export type OccurrenceStatus =
  | 'not_yet_open' // earliest date is in the future
  | 'open' // open, target not yet near
  | 'due_soon' // within the first reminder's lead time of the target
  | 'overdue' // past the latest date and not done
  | 'done'
  | 'not_applicable'; // condition false, born before a before-birth step's deadline, or the case closed before it was due

/** A moment something must be sent: an ISO instant (UTC, 'Z') and to whom (role ids). */
export interface Moment {
  at: string;
  to: string[];
}

export interface ReminderMoment extends Moment {
  kind: 'reminder' | 'due_today';
}

export interface EscalationMoment extends Moment {
  /** 1 = first level of the chain. */
  level: number;
}

export interface Occurrence {
  stepId: string;
  /** 1-based; non-recurring steps have occurrence 1 only. */
  occurrence: number;
  phase: number;
  title: string;
  kind: 'task' | 'meeting' | 'visit' | 'questionnaire';
  owners: string[];
  /** Dates after the working-day rule (a non-working day moves to the next working day). */
  earliest: IsoDate;
  target: IsoDate;
  latest: IsoDate;
  /** The date before the working-day rule; cadences count from these. */
  nominal: IsoDate;
  /** Local time when the occurrence was planned with a time (meetings). */
  time?: string;
  status: OccurrenceStatus;
  doneOn?: IsoDate;
  /** Reminders and escalations; escalations only when not done. Empty when not applicable. */
  reminders: ReminderMoment[];
  escalations: EscalationMoment[];
  /** Set for 'not_applicable': why ('condition', 'born_before', 'closed'; see plan/labels.ts). */
  reason?: string;
  /** Whether the date came from a 'planned' fact rather than the rules. */
  planned?: boolean;
}

/** A week in which logged home-visit hours fell short of the programme's minimum. */
export interface VisitShortfall {
  weekStart: IsoDate;
  weekEnd: IsoDate;
  requiredHours: number;
  loggedHours: number;
}

/** A cadence step whose fixed (planned) occurrences reach less far ahead than the rules require. */
export interface PlanHorizonWarning {
  stepId: string;
  /** Last planned date, if any. */
  plannedUntil?: IsoDate;
  /** The date the plan must reach (as-of + planAhead). */
  requiredUntil: IsoDate;
}

export interface Plan {
  /** The phase the case is in at `now`. */
  phase: number;
  /** Ordered by target date, then step order in the rules file, then occurrence. */
  occurrences: Occurrence[];
  visitShortfalls: VisitShortfall[];
  planHorizon: PlanHorizonWarning[];
  paused: boolean;
  closed: boolean;
}
