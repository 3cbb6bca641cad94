/**
 * What a signed-in person sees of cases, in domain words: my tasks, one case, the overdue steps of
 * the units I lead. Every function takes the acting person and asks access.ts before it returns
 * anything of a case (or changes one); the web app and any other face call these, never Temporal directly.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { CaseId, StaffId } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import { casePageQuery, escalationsQuery, programmeQuery, snapshotQuery, timelineQuery, type CaseSnapshot } from '../../workflows/case-messages.js';
import type { LoggedEvent } from '../../workflows/case-state.js';
import type { TimelineEntry, WaitingEscalation } from '../../workflows/case-views.js';
import { daysLateOn, overdueSteps, type OverdueRow } from './overdue.js';
import { acknowledgeAsLeader, registerAsPerson, type PersonEvent } from './case-changes.js';
import { AccessDenied, ledUnits, may, requireAccess, type Actor } from './access.js';
import { casesOf } from './owner-steps.js';

export const ZONE = 'Europe/Copenhagen';
/** "Mine opgaver" shows what is late and what falls due within this many days. */
export const TASK_DAYS = 14;

export interface Task {
  caseId: string;
  programme: Programme;
  entry: TimelineEntry;
}

export interface CaseView {
  caseId: string;
  snapshot: CaseSnapshot;
  programme: Programme;
  phase: number;
  timeline: TimelineEntry[];
  log: LoggedEvent[];
  mayChange: boolean;
}

export interface OverdueView {
  units: string[];
  rows: (Omit<OverdueRow, 'programme'> & { rules?: Programme })[];
  /** Escalations sent to the units' leaders and not acknowledged yet, the most overdue first. */
  escalations: EscalationRow[];
}

export interface EscalationRow extends WaitingEscalation {
  caseId: string;
  unit: string;
  daysLate: number;
  rules?: Programme;
}

/** The case does not exist (or its id is not a case id). */
export class CaseNotFound extends Error {
  override name = 'CaseNotFound';
}

function todayIn(zone = ZONE, now = DateTime.now()): string {
  return now.setZone(zone).toISODate()!;
}

export interface CaseService {
  myTasks(actor: Actor, today?: string): Promise<Task[]>;
  caseView(actor: Actor, caseId: string): Promise<CaseView>;
  overdueForUnits(actor: Actor, today?: string): Promise<OverdueView>;
  /** Registers what happened on the case, authored by the person; the case's validator has the last word. */
  register(actor: Actor, caseId: string, event: PersonEvent): Promise<{ seq: number; phase: number }>;
  /** A leader of the case's unit acknowledges an escalation, as themselves; the case's validator has the last word. */
  acknowledge(actor: Actor, caseId: string, escalation: { stepId: string; occurrence: number }): Promise<{ seq: number; phase: number }>;
}

export function createCaseService(client: Client): CaseService {
  // A rules version is a content hash: the programme behind it never changes, so one query per version.
  const programmes = new Map<string, Promise<Programme>>();

  async function snapshotOf(caseId: string): Promise<CaseSnapshot> {
    if (!CaseId.safeParse(caseId).success) throw new CaseNotFound(caseId);
    try {
      return await client.workflow.getHandle(caseId).query(snapshotQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new CaseNotFound(caseId);
      throw err;
    }
  }

  function programmeOf(caseId: string, version: string): Promise<Programme> {
    let found = programmes.get(version);
    if (!found) {
      found = client.workflow.getHandle(caseId).query(programmeQuery);
      found.catch(() => programmes.delete(version));
      programmes.set(version, found);
    }
    return found;
  }

  /** A change to a case that must exist: an id that is not a case id, or no such case, is CaseNotFound. */
  async function onExistingCase<T>(caseId: string, change: () => Promise<T>): Promise<T> {
    if (!CaseId.safeParse(caseId).success) throw new CaseNotFound(caseId);
    try {
      return await change();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new CaseNotFound(caseId);
      throw err;
    }
  }

  /** One overdue case's rules and its escalations waiting for a leader (none when the case cannot say). */
  async function overdueCase(caseId: string, today: string): Promise<{ rules?: Programme; escalations: EscalationRow[] }> {
    try {
      const snapshot = await snapshotOf(caseId);
      const handle = client.workflow.getHandle(caseId);
      const [rules, waiting] = await Promise.all([programmeOf(caseId, snapshot.rulesVersion).catch(() => undefined), handle.query(escalationsQuery).catch(() => [])]);
      return { rules, escalations: waiting.map((e) => ({ ...e, caseId, unit: snapshot.unit, daysLate: daysLateOn(today, e.latest), rules })) };
    } catch {
      return { escalations: [] };
    }
  }

  return {
    async myTasks(actor, today = todayIn()) {
      const me = StaffId.parse(actor.staffId);
      const horizon = DateTime.fromISO(today, { zone: ZONE }).plus({ days: TASK_DAYS }).toISODate()!;
      const tasks: Task[] = [];
      for await (const caseId of casesOf(client, me)) {
        const snapshot = await snapshotOf(caseId);
        if (!may(actor.directory, me, 'see_case', snapshot)) continue;
        const handle = client.workflow.getHandle(caseId);
        const [timeline, programme] = await Promise.all([handle.query(timelineQuery), programmeOf(caseId, snapshot.rulesVersion)]);
        for (const entry of timeline) {
          if (!entry.ownerStaff.includes(me)) continue;
          const due = entry.status === 'open' || entry.status === 'due_soon' || entry.status === 'not_yet_open';
          if (entry.status === 'overdue' || (due && entry.target <= horizon)) tasks.push({ caseId, programme, entry });
        }
      }
      const late = (t: Task) => (t.entry.status === 'overdue' ? 0 : 1);
      return tasks.sort((a, b) => late(a) - late(b) || a.entry.target.localeCompare(b.entry.target) || a.caseId.localeCompare(b.caseId));
    },

    // One query answers the whole page (and the rules once per version); nothing of it leaves the
    // service before the access check.
    async caseView(actor, caseId) {
      const { snapshot, phase, timeline, log } = await onExistingCase(caseId, () => client.workflow.getHandle(caseId).query(casePageQuery));
      requireAccess(actor.directory, actor.staffId, 'see_case', snapshot);
      const programme = await programmeOf(caseId, snapshot.rulesVersion);
      return { caseId, snapshot, programme, phase, timeline, log, mayChange: may(actor.directory, actor.staffId, 'change_case', snapshot) };
    },

    async overdueForUnits(actor, today = todayIn()) {
      const rows: OverdueView['rows'] = await overdueSteps(actor, client, {}, today);
      const units = ledUnits(actor.directory, actor.staffId).all;
      // Step titles come from each case's own rules version; escalations can only be on a case with overdue steps.
      const byCase = new Map<string, Promise<{ rules?: Programme; escalations: EscalationRow[] }>>();
      for (const row of rows) {
        if (!byCase.has(row.caseId)) byCase.set(row.caseId, overdueCase(row.caseId, today));
      }
      for (const row of rows) Object.assign(row, { rules: (await byCase.get(row.caseId))!.rules });
      rows.sort((a, b) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId));
      const escalations = (await Promise.all(byCase.values())).flatMap((c) => c.escalations);
      escalations.sort((a, b) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId) || a.stepId.localeCompare(b.stepId));
      return { units, rows, escalations };
    },

    acknowledge: (actor, caseId, escalation) => onExistingCase(caseId, () => acknowledgeAsLeader(actor, client, caseId, escalation)),

    register: (actor, caseId, event) => onExistingCase(caseId, () => registerAsPerson(actor, client, caseId, event)),
  };
}

export { AccessDenied };
