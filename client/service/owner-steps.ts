/**
 * One person's steps — "my tasks" on the web and `vugge cases --owner` at the command line, with
 * one selection rule (`staffTasks` in the read model): every overdue step they own, and every step
 * they own whose target date falls within the next `days` days (14 by default), whether or not its
 * window has opened yet. Overdue first, then by target date. A person asks for their own, and sees
 * only steps of cases access.ts lets them see; the operator asks for anyone's.
 */
import type { Queryable } from '../../activities/db/index.js';
import { openCasesOfStaff, staffTasks } from '../../activities/db/read-model.js';
import { StaffId } from '../../dsl/contract.js';
import type { TimelineEntry } from '../../workflows/case-views.js';
import { AccessDenied, isOperator, may, type Acting } from './access.js';

/** "My tasks" shows what is late and what falls due within this many days. */
export const TASK_DAYS = 14;

/** One of the person's steps, in the timeline's own words, with the case it belongs to. */
export interface OwnerStep {
  caseId: string;
  unit: string;
  programme: string;
  /** The case's rules version: its compiled programme has the step's words in each language. */
  rulesVersion: string;
  entry: Pick<TimelineEntry, 'stepId' | 'occurrence' | 'phase' | 'title' | 'kind' | 'status' | 'target' | 'latest' | 'time' | 'owners' | 'ownerStaff'>;
  daysLate: number;
}

export interface OwnerSteps {
  /** How many open cases the person is on. */
  cases: number;
  steps: OwnerStep[];
}

export async function ownerSteps(acting: Acting, db: Queryable, owner: string, query: { today: string; days?: number }): Promise<OwnerSteps> {
  if (!isOperator(acting) && acting.staffId !== owner) throw new AccessDenied('see_case');
  const me = StaffId.parse(owner);
  const [rows, cases] = await Promise.all([staffTasks(db, { staffId: me, today: query.today, days: query.days ?? TASK_DAYS }), openCasesOfStaff(db, me)]);
  const steps = rows
    .filter((r) => isOperator(acting) || may(acting.directory, me, 'see_case', { unit: r.unit, team: r.team }))
    .map((r) => ({
      caseId: r.caseId,
      unit: r.unit,
      programme: r.programmeId,
      rulesVersion: r.rulesVersion,
      daysLate: r.daysLate,
      entry: {
        stepId: r.stepId,
        occurrence: r.occurrence,
        phase: r.stepPhase,
        title: r.title,
        kind: r.kind as TimelineEntry['kind'],
        status: r.status,
        target: r.target,
        latest: r.latest,
        time: r.time ?? undefined,
        owners: r.owners,
        ownerStaff: r.ownerStaff,
      },
    }));
  return { cases, steps };
}
