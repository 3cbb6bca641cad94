/**
 * What a rules change does to one case: the plans of the old and new programme for the same facts
 * and the same day, compared occurrence by occurrence (step id + occurrence number).
 */
import type { Occurrence, OccurrenceStatus, Plan } from './types.js';

export interface MovedOccurrence {
  stepId: string;
  occurrence: number;
  from: { earliest: string; target: string; latest: string };
  to: { earliest: string; target: string; latest: string };
}

export interface StatusChange {
  stepId: string;
  occurrence: number;
  from: OccurrenceStatus;
  to: OccurrenceStatus;
}

export interface PlanDiff {
  added: Occurrence[];
  dropped: Occurrence[];
  moved: MovedOccurrence[];
  statusChanged: StatusChange[];
  /** Status changes into 'overdue': what the new rules would flag at once. */
  newlyOverdue: StatusChange[];
  phase?: { from: number; to: number };
}

const key = (o: Occurrence) => `${o.stepId}#${o.occurrence}`;
const dates = (o: Occurrence) => ({ earliest: o.earliest, target: o.target, latest: o.latest });

export function diffPlans(before: Plan, after: Plan): PlanDiff {
  const old = new Map(before.occurrences.map((o) => [key(o), o]));
  const now = new Map(after.occurrences.map((o) => [key(o), o]));
  const diff: PlanDiff = { added: [], dropped: [], moved: [], statusChanged: [], newlyOverdue: [] };
  for (const [k, o] of now) {
    const was = old.get(k);
    if (!was) {
      diff.added.push(o);
      continue;
    }
    if (was.earliest !== o.earliest || was.target !== o.target || was.latest !== o.latest) {
      diff.moved.push({ stepId: o.stepId, occurrence: o.occurrence, from: dates(was), to: dates(o) });
    }
    if (was.status !== o.status) {
      const change = { stepId: o.stepId, occurrence: o.occurrence, from: was.status, to: o.status };
      diff.statusChanged.push(change);
      if (o.status === 'overdue') diff.newlyOverdue.push(change);
    }
  }
  for (const [k, o] of old) if (!now.has(k)) diff.dropped.push(o);
  for (const o of diff.added) if (o.status === 'overdue') diff.newlyOverdue.push({ stepId: o.stepId, occurrence: o.occurrence, from: 'not_yet_open', to: 'overdue' });
  if (before.phase !== after.phase) diff.phase = { from: before.phase, to: after.phase };
  return diff;
}

export function isEmptyDiff(d: PlanDiff): boolean {
  return d.added.length + d.dropped.length + d.moved.length + d.statusChanged.length === 0 && !d.phase;
}
