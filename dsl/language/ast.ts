/**
 * The syntax tree of a rules file. Every node carries `loc` so validation can point at the exact
 * words an administrator wrote. Fields are optional where error recovery may leave them missing.
 */

/** 1-based line and column of the first character; end is the last character (inclusive). */
export interface Loc {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Name {
  value: string;
  loc: Loc;
}

export interface Num {
  value: number;
  loc: Loc;
}

export interface Text {
  value: string;
  loc: Loc;
}

export type DurationUnit = 'months' | 'weeks' | 'days' | 'hours';

export interface DurationNode {
  months: number;
  weeks: number;
  days: number;
  hours: number;
  /** Each number as written ("1 month 2 weeks" has two), so a range error points at its own number. */
  parts?: { value: number; unit: DurationUnit; loc: Loc }[];
  loc: Loc;
}

export type AnchorNode =
  | { kind: 'ref'; name: Name; loc: Loc } // an event or a step, resolved by validation
  | { kind: 'pregnancyWeek'; week: number; edge?: 'start' | 'end'; numberLoc?: Loc; loc: Loc }
  | { kind: 'term'; loc: Loc }
  | { kind: 'childAge'; months: number; numberLoc?: Loc; loc: Loc }
  | { kind: 'childMonthOfLife'; month: number; edge?: 'start' | 'end'; numberLoc?: Loc; loc: Loc }
  | { kind: 'interventionMonth'; months: number; numberLoc?: Loc; loc: Loc };

export interface PointNode {
  anchor: AnchorNode;
  /** Signed: "4 weeks before" is negative. */
  offset?: DurationNode;
  direction?: 'after' | 'before';
  loc: Loc;
}

export type WhenNode =
  | { kind: 'on'; point: PointNode; loc: Loc } // "on the day of X" or a bare point
  | { kind: 'latest'; point: PointNode; loc: Loc } // "at the latest …"
  | { kind: 'window'; from: PointNode; to?: PointNode; target?: PointNode; loc: Loc };

export interface SegmentNode {
  every: DurationNode;
  until: PointNode[];
  loc: Loc;
}

export type RecurrenceNode =
  | { kind: 'cadence'; from?: PointNode; segments: SegmentNode[]; planAhead?: DurationNode; loc: Loc }
  | { kind: 'afterEach'; step: Name; offset?: DurationNode; loc: Loc };

export type ConditionNode =
  | { kind: 'premature'; loc: Loc }
  | { kind: 'happened'; name: Name; negated: boolean; loc: Loc }
  | { kind: 'done'; name: Name; loc: Loc }
  | { kind: 'not'; condition: ConditionNode; loc: Loc }
  | { kind: 'all' | 'any'; conditions: ConditionNode[]; loc: Loc };

export interface ReminderNode {
  /** Unset: "on the day". */
  before?: DurationNode;
  to: Name[];
  loc: Loc;
}

export interface EscalationLevelNode {
  after: DurationNode;
  to: Name[];
  loc: Loc;
}

export interface EscalationNode {
  levels: EscalationLevelNode[];
  loc: Loc;
}

export interface PreconditionNode {
  id: Name;
  title?: Text;
  before?: DurationNode;
  by: Name[];
  loc: Loc;
}

export type StepKindName = 'task' | 'meeting' | 'visit' | 'questionnaire';

export interface StepNode {
  kind: StepKindName;
  id: Name;
  title?: Text;
  titleEn?: Text;
  phase?: Num;
  owners: Name[];
  ownersLoc?: Loc;
  instrument?: Text;
  when?: WhenNode;
  onRequest?: Loc;
  recurrence?: RecurrenceNode;
  condition?: ConditionNode;
  /** 'only before birth': the step lapses (not applicable) once the birth comes before its deadline. */
  beforeBirth?: Loc;
  reminders: ReminderNode[];
  escalation?: EscalationNode;
  preconditions: PreconditionNode[];
  keepsRunning?: Loc;
  durationMinutes?: Num;
  note?: Text;
  loc: Loc;
}

/** What the engine must know about a role (`is team leader` …). */
export type RoleDuty = 'caseworker' | 'teamLeader' | 'departmentLeader';

export interface RoleNode {
  id: Name;
  title?: Text;
  titleEn?: Text;
  duty?: { value: RoleDuty; loc: Loc };
  loc: Loc;
}

export interface GroupNode {
  id: Name;
  title?: Text;
  members: Name[];
  loc: Loc;
}

export interface EventNode {
  id: Name;
  title?: Text;
  titleEn?: Text;
  closesCase?: Loc;
  marks?: { value: LifecycleMark; loc: Loc };
  loc: Loc;
}

/** The lifecycle moment an event stands for (`marks birth` …); closing is `closes the case`. */
export type LifecycleMark = 'start' | 'intake' | 'birth' | 'discharge';

/** `visit norm to teamleder for sundhedsplejerske, familieterapeut`. */
export interface NormReportNode {
  to: Name[];
  owners: Name[];
  loc: Loc;
}

export interface PhaseNode {
  number: Num;
  title?: Text;
  startsAt?: Name;
  loc: Loc;
}

export interface NormBandNode {
  fromMonths: Num;
  toMonths?: Num;
  minHours?: Num;
  normHours?: Num;
  individual: boolean;
  loc: Loc;
}

export interface ProgrammeNode {
  id?: Name;
  title?: Text;
  titleEn?: Text;
  loc: Loc;
  version?: Text;
  timeZone?: Text;
  closedDays?: Name[];
  reminderTime?: Text;
  caseMeetingWeekday?: Num;
  roles: RoleNode[];
  groups: GroupNode[];
  events: EventNode[];
  phases: PhaseNode[];
  steps: StepNode[];
  norms: NormBandNode[];
  normReport?: NormReportNode;
  defaultReminders: ReminderNode[];
  defaultEscalation?: EscalationNode;
}
