/**
 * The contract between the case workflow and the notification activities: what to send, to which
 * roles, about which occurrence. The activity resolves roles to people through the staff directory
 * (the case's own team for caseworker roles, the unit's leaders for leader roles) and is idempotent
 * on `idempotencyKey`.
 */
export const NOTIFICATION_KINDS = [
  'reminder', // before a step
  'due_today',
  'overdue',
  'escalation', // to a leader, `escalationLevel` ≥ 1
  'plan_short', // network meetings are planned less than 3 months ahead
  'invitation', // calendar invitation for a meeting occurrence (METHOD:REQUEST / CANCEL)
  'catch_up', // one mail per owner listing the overdue steps a case learned of late (opening, late registration)
  'digest',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One step in a mail that names several (a catch-up, or escalations of one level due together).
 * Dates keep the planner's names from the rule to the e-mail: `earliest`, `target`, `latest`.
 */
export interface NoticeItem {
  stepId: string;
  stepTitle?: string;
  /** The step's English title, when the rules give one (English mails fall back to `stepTitle`). */
  stepTitleEn?: string;
  occurrence: number;
  /** The step's deadline (local date). */
  latest: string;
  ownerRoles?: string[];
}

/** A name in both languages. */
export interface Titles {
  da: string;
  en: string;
}

export interface NotificationRequest {
  /**
   * `${caseId}:${stepId}:${occurrence}:${kind}:${sequence}` — the same request twice sends once.
   * Reminders and due-today notices add `:${date}` (the occurrence's date): a moved meeting is
   * reminded again before its new date.
   */
  idempotencyKey: string;
  kind: NotificationKind;
  caseId: string;
  programmeId: string;
  unit: string;
  municipality: string;
  /** The case team: role id → staff id. */
  team: Record<string, string>;
  /** The programme's display name from its rules, per language (mails never show the bare id). */
  programmeTitle?: Titles;
  /** Each role's title from the rules, per language: mails name roles by these, not by their ids. */
  roleTitles?: Record<string, Titles>;
  /** Role ids to notify, as the programme's rules name them. */
  toRoles: string[];
  stepId?: string;
  stepTitle?: string;
  /** The step's English title, when the rules give one (English mails fall back to `stepTitle`). */
  stepTitleEn?: string;
  occurrence?: number;
  /**
   * The occurrence's dates under the planner's names (local dates, YYYY-MM-DD): it may be done
   * from `earliest`, is planned for `target` (a planned meeting's date) at `time` (HH:mm) if fixed,
   * and must be done by `latest`. A visit-norm week runs from `earliest` to `latest`.
   */
  earliest?: string;
  target?: string;
  time?: string;
  latest?: string;
  /** plan_short: the last planned meeting, and the date the plan must reach (the planner's names). */
  plannedUntil?: string;
  requiredUntil?: string;
  /** Roles responsible for the step (looked up in `team`), shown as staff id + role in the text. */
  ownerRoles?: string[];
  escalationLevel?: number;
  /** The steps a catch-up or grouped escalation names; the single-step fields are then unset. */
  items?: NoticeItem[];
  /**
   * The steps were already past their deadline when the case learned of them (opened late, or a
   * late registration): the mail says so, and the escalation starts at its first level from now.
   */
  catchUp?: boolean;
  /** For meetings: invitation details. `sequence` rises on each reschedule. */
  meeting?: { start: string; durationMinutes: number; cancelled?: boolean };
  sequence: number;
  /** The moment this notification was due (ISO instant): the planner's reminder or escalation `at`. */
  at: string;
}

export interface NotificationResult {
  /** Staff ids that were sent to (or had already been sent to, on a retry). */
  sentTo: string[];
  /** True when every recipient had already been sent this key: nothing went out this time. */
  alreadySent: boolean;
  /** Staff ids whose reminder was held for their morning digest instead of sent now. */
  queuedForDigest?: string[];
  /** Roles that nobody fills for this case (not on the team, or not in the directory). */
  missingRoles?: string[];
}
