/**
 * What a case projects into the read model: the case's settings and its open occurrences, as the
 * case workflow's own queries already show them (`snapshotQuery` for the case, `obligationsQuery`
 * for phase, paused/closed, open occurrences and visit-norm shortfalls). `projectionOf` is the
 * whole mapping, so the projection activity and `vugge db rebuild` are thin callers of it.
 */
import { z } from 'zod';
import { CaseId, Code, LocalDate, LocalTime, StaffId } from '../../dsl/contract.js';
import type { CaseSnapshot } from '../../workflows/case-messages.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { isoWeekNumber, VISIT_NORM_STEP } from '../../workflows/case-notify.js';

const OpenStatus = z.enum(['not_yet_open', 'open', 'due_soon', 'overdue']);
export type OpenStatus = z.infer<typeof OpenStatus>;
const RoleId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const StepId = z.string().regex(/^[a-z][a-z0-9_]{0,79}$/);

export const ProjectedOccurrence = z.object({
  stepId: StepId,
  /** 1, 2, 3 … — or, for a visit-norm shortfall, its ISO week as yyyyww (as the overdue items have it). */
  occurrence: z.number().int().min(1),
  phase: z.number().int().min(0),
  title: z.string().min(1).max(200),
  kind: z.enum(['task', 'meeting', 'visit', 'questionnaire']),
  earliest: LocalDate.optional(),
  target: LocalDate,
  latest: LocalDate,
  time: LocalTime.optional(),
  status: OpenStatus,
  owners: z.array(RoleId),
  ownerStaff: z.array(StaffId),
  /** The highest escalation level sent for it; 0 when none. */
  escalationLevel: z.number().int().min(0).default(0),
});
export type ProjectedOccurrence = z.input<typeof ProjectedOccurrence>;

export const CaseProjection = z.object({
  caseId: CaseId,
  programmeId: StepId,
  rulesVersion: z.string().min(1).max(100),
  unit: Code,
  municipality: Code,
  phase: z.number().int().min(0),
  team: z.record(RoleId, StaffId),
  leaders: z.record(RoleId, StaffId).default({}),
  paused: z.boolean(),
  closed: z.boolean(),
  /** The case's 'today' (Copenhagen) when the snapshot was taken. */
  asOf: LocalDate,
  occurrences: z.array(ProjectedOccurrence),
});
export type CaseProjection = z.input<typeof CaseProjection>;
export type ValidCaseProjection = z.output<typeof CaseProjection>;

/** What `projectionOf` reads of the case's snapshot (the rest of `CaseSnapshot` it leaves alone). */
export type ProjectedSnapshot = Pick<CaseSnapshot, 'caseId' | 'programmeId' | 'rulesVersion' | 'unit' | 'municipality' | 'team' | 'leaders'>;

/** Staff holding `roles` on the case: the unit's leader for a leader role, else the team's member. */
function staffOf(roles: readonly string[], team: Record<string, string>, leaders: Record<string, string>): string[] {
  return [...new Set(roles.map((r) => leaders[r] ?? team[r]).filter((s): s is string => Boolean(s)))];
}

function occurrenceOf(entry: TimelineEntry, escalationLevel: number): ProjectedOccurrence {
  return {
    stepId: entry.stepId,
    occurrence: entry.occurrence,
    phase: entry.phase,
    title: entry.title,
    kind: entry.kind,
    target: entry.target,
    latest: entry.latest,
    time: entry.time,
    status: entry.status as OpenStatus,
    owners: entry.owners,
    ownerStaff: entry.ownerStaff,
    escalationLevel,
  };
}

/**
 * The projection of one case from its snapshot and obligations queries, as of `asOf` (its
 * Copenhagen date). `escalationLevels` maps `stepId:occurrence` to the highest level sent.
 */
export function projectionOf(snapshot: ProjectedSnapshot, obligations: Obligations, asOf: string, escalationLevels: Record<string, number> = {}): CaseProjection {
  const leaders = snapshot.leaders ?? {};
  const shortfallOwners = (obligations.visitNormOwners ?? []).filter((r) => snapshot.team[r] || leaders[r]);
  const shortfalls: ProjectedOccurrence[] = obligations.visitShortfalls.map((s) => ({
    stepId: VISIT_NORM_STEP,
    occurrence: isoWeekNumber(s.weekStart),
    phase: obligations.phase,
    title: 'Besøgsnorm',
    kind: 'visit',
    earliest: s.weekStart,
    target: s.weekEnd,
    latest: s.weekEnd,
    status: 'overdue',
    owners: shortfallOwners,
    ownerStaff: staffOf(shortfallOwners, snapshot.team, leaders),
    escalationLevel: escalationLevels[`${VISIT_NORM_STEP}:${isoWeekNumber(s.weekStart)}`] ?? 0,
  }));
  return {
    caseId: snapshot.caseId,
    programmeId: snapshot.programmeId,
    rulesVersion: snapshot.rulesVersion,
    unit: snapshot.unit,
    municipality: snapshot.municipality,
    phase: obligations.phase,
    team: snapshot.team,
    leaders,
    paused: obligations.paused,
    closed: obligations.closed,
    asOf,
    occurrences: [...[...obligations.open, ...(obligations.upcoming ?? [])].map((e) => occurrenceOf(e, escalationLevels[`${e.stepId}:${e.occurrence}`] ?? 0)), ...shortfalls],
  };
}
