/**
 * What queries and search attributes show about a case, derived from its plan: the timeline,
 * the open obligations, the overdue items and the search-attribute values. Pure and shared by the
 * workflow and the CLI (which renders the same shapes).
 */
import type { Occurrence, OccurrenceStatus, Plan } from '../dsl/plan/index.js';
import type { CaseState } from './case-state.js';
import { vocabularyOf } from '../dsl/plan/index.js';
import { isoWeekNumber, VISIT_NORM_STEP } from './case-notify.js';
import { lastEscalated, occurrenceKey } from './notify-escalation.js';

/** Overdue items per case in the search attribute: enough for any real case, bounded for visibility. */
const MAX_OVERDUE_ITEMS = 50;
/** Visit-norm shortfalls stay on the overdue list for this many weeks. */
const SHORTFALL_WEEKS_SHOWN = 4;

export interface TimelineEntry {
  stepId: string;
  occurrence: number;
  phase: number;
  title: string;
  kind: Occurrence['kind'];
  status: OccurrenceStatus;
  /**
   * The planner's dates under its own names: may be done from `earliest`, planned for `target`,
   * due by `latest`. (`earliest` is absent from timelines stored before it was shown.)
   */
  earliest?: string;
  target: string;
  latest: string;
  /** The rule's date before the working-day move; cadences count from these. */
  nominal: string;
  time?: string;
  doneOn?: string;
  /** Role ids, and the staff ids holding them on this case's team (leaders are resolved per unit). */
  owners: string[];
  ownerStaff: string[];
  planned?: boolean;
  reason?: string;
}

export interface Obligations {
  phase: number;
  paused: boolean;
  closed: boolean;
  open: TimelineEntry[];
  planShort: Plan['planHorizon'];
  visitShortfalls: Plan['visitShortfalls'];
  /** The roles whose home visits the norm counts (`visit norm … for <roles>` in the rules). */
  visitNormOwners?: string[];
  /** Steps not yet open within the read model's horizon (only in what the case projects). */
  upcoming?: TimelineEntry[];
}

export interface CaseSearchAttributes {
  phase: number;
  overdueCount: number;
  nextDue?: string;
  owners: string[];
  unit: string;
  municipality: string;
  programme: string;
  rulesVersion: string;
  overdueItems: string[];
}

/**
 * Staff ids holding the roles on this case. A leader role is the unit's leader from the directory
 * (who also gets its e-mails); the case team's own entry only stands in when the directory has none.
 */
export function staffFor(state: CaseState, roles: readonly string[]): string[] {
  const ids = roles.map((r) => state.leaders?.[r] ?? state.team[r]).filter((s): s is string => Boolean(s));
  return [...new Set(ids)];
}

export function timeline(state: CaseState, current: Plan): TimelineEntry[] {
  return current.occurrences.map((o) => ({
    stepId: o.stepId,
    occurrence: o.occurrence,
    phase: o.phase,
    title: o.title,
    kind: o.kind,
    status: o.status,
    earliest: o.earliest,
    target: o.target,
    latest: o.latest,
    nominal: o.nominal,
    time: o.time,
    doneOn: o.doneOn,
    owners: o.owners,
    ownerStaff: staffFor(state, o.owners),
    planned: o.planned,
    reason: o.reason,
  }));
}

const OPEN: OccurrenceStatus[] = ['open', 'due_soon', 'overdue'];

export function obligations(state: CaseState, current: Plan): Obligations {
  return {
    phase: current.phase,
    paused: current.paused,
    closed: current.closed,
    open: timeline(state, current).filter((t) => OPEN.includes(t.status)),
    planShort: current.planHorizon,
    visitShortfalls: current.visitShortfalls.slice(-SHORTFALL_WEEKS_SHOWN),
    visitNormOwners: vocabularyOf(state.programme).visitNorm.owners,
  };
}

/** An overdue occurrence whose escalation has gone out and that no leader has acknowledged yet. */
export interface WaitingEscalation {
  stepId: string;
  occurrence: number;
  latest: string;
  /** The level last notified, when (ISO instant), and the roles it went to. */
  level: number;
  at: string;
  to: string[];
}

/** What the leaders' *Kvittér* list shows: the escalations sent and not acknowledged. */
export function waitingEscalations(state: CaseState, current: Plan): WaitingEscalation[] {
  const sent = new Set(state.sent);
  const acknowledged = new Set(state.acknowledged);
  return current.occurrences.flatMap((o) => {
    if (o.status !== 'overdue' || acknowledged.has(occurrenceKey(o))) return [];
    const last = lastEscalated(state, o, sent);
    if (!last) return [];
    const to = o.escalations.find((e) => e.level === last.level)?.to ?? [];
    return [{ stepId: o.stepId, occurrence: o.occurrence, latest: o.latest, level: last.level, at: new Date(last.atMs).toISOString(), to: [...to] }];
  });
}

/** `stepId|occurrence|latestDate|ownerStaffIds` — the overdue list reads these without asking the case. */
export function overdueItems(state: CaseState, current: Plan): string[] {
  const items = current.occurrences
    .filter((o) => o.status === 'overdue')
    .map((o) => `${o.stepId}|${o.occurrence}|${o.latest}|${staffFor(state, o.owners).join(',')}`);
  const normOwners = staffFor(state, vocabularyOf(state.programme).visitNorm.owners).join(',');
  for (const s of current.visitShortfalls.slice(-SHORTFALL_WEEKS_SHOWN)) items.push(`${VISIT_NORM_STEP}|${isoWeekNumber(s.weekStart)}|${s.weekEnd}|${normOwners}`);
  return items.slice(0, MAX_OVERDUE_ITEMS);
}

export function searchAttributesOf(state: CaseState, current: Plan): CaseSearchAttributes {
  const upcoming = current.occurrences.filter((o) => o.status === 'open' || o.status === 'due_soon' || o.status === 'not_yet_open');
  const nextDue = upcoming.map((o) => o.target).sort()[0];
  const items = overdueItems(state, current);
  return {
    phase: current.phase,
    overdueCount: items.length,
    nextDue,
    owners: [...new Set([...Object.values(state.team), ...Object.values(state.leaders ?? {})])].sort(),
    unit: state.unit,
    municipality: state.municipality,
    programme: state.programme.id,
    rulesVersion: state.programme.version,
    overdueItems: items,
  };
}

/** Parses one overdue item keyword back into its parts (the CLI's overdue list). */
export function parseOverdueItem(item: string): { stepId: string; occurrence: number; latest: string; owners: string[] } | undefined {
  const [stepId, occurrence, latest, owners] = item.split('|');
  if (!stepId || !occurrence || !latest) return undefined;
  return { stepId, occurrence: Number(occurrence), latest, owners: owners ? owners.split(',').filter(Boolean) : [] };
}
