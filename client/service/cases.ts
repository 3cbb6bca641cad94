/**
 * What a signed-in person sees of cases, in domain words: my tasks, one case, the overdue steps of
 * the units I lead. Every function takes the acting person and asks access.ts before it reads a case;
 * the web app and any other face call these, never Temporal directly. The lists (my tasks, the
 * overdue steps and the escalations waiting for a leader) read the read model in Vugge's own
 * database; one case, and every change to it, goes to the case itself.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Queryable } from '../../activities/db/index.js';
import { CaseId } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import { casePageQuery, programmeQuery, type CaseSnapshot } from '../../workflows/case-messages.js';
import type { LoggedEvent } from '../../workflows/case-state.js';
import type { TimelineEntry } from '../../workflows/case-views.js';
import type { OverdueCount } from '../../activities/db/overdue-page.js';
import { overdueByWeek, overdueList, overduePage, type OverdueListRequest, type OverdueRow, type OverdueWeek, type Paged } from './overdue.js';
import { acknowledgeAsLeader, registerAsPerson, type PersonEvent } from './case-changes.js';
import { AccessDenied, may, requireAccess, type Actor } from './access.js';
import { ownerSteps, TASK_DAYS, type OwnerStep } from './owner-steps.js';

export const ZONE = 'Europe/Copenhagen';
export { TASK_DAYS };

export interface Task {
  caseId: string;
  /** The case's compiled rules (undefined when they cannot be had: the stored title is shown). */
  programme?: Programme;
  entry: OwnerStep['entry'];
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

/** An overdue row or count with the compiled rules of its case's version (undefined when they cannot be had). */
export type WithRules<T> = T & { rules?: Programme };

/** One page of the leaders' overdue list, with the rules that give each step its words. */
export interface OverdueView {
  units: string[];
  counts: WithRules<OverdueCount>[];
  filtered: WithRules<OverdueCount>[];
  owners: string[];
  list: Paged<WithRules<OverdueRow>>;
  /** Escalations sent to the units' leaders and not acknowledged yet, the most overdue first. */
  escalations: Paged<WithRules<OverdueRow>>;
}

/** Which page of the list and of the escalations to show. */
export interface OverduePageRequest extends OverdueListRequest {
  page: number;
  escalationsPage: number;
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
  /** One page of the overdue steps in the units the leader leads, with the counts per unit and step. */
  overduePage(actor: Actor, request: OverduePageRequest, today?: string): Promise<OverdueView>;
  /** Every overdue step the request keeps, for the CSV export. */
  overdueList(actor: Actor, request: OverdueListRequest, today?: string): Promise<WithRules<OverdueRow>[]>;
  /** Overdue steps per week in the units the leader leads, for the last 12 weeks (or `weeks`). */
  overdueWeeks(actor: Actor, today?: string, weeks?: number): Promise<OverdueWeek[]>;
  /** Registers what happened on the case, authored by the person; the case's validator has the last word. */
  register(actor: Actor, caseId: string, event: PersonEvent): Promise<{ seq: number; phase: number }>;
  /** A leader of the case's unit acknowledges an escalation, as themselves; the case's validator has the last word. */
  acknowledge(actor: Actor, caseId: string, escalation: { stepId: string; occurrence: number }): Promise<{ seq: number; phase: number }>;
}

export interface CaseServiceOptions {
  /** Compiled rules already at hand (the rules files): a case on one of these versions is not asked for its rules. */
  programmes?: readonly Programme[];
}

export function createCaseService(client: Client, db: Queryable, options: CaseServiceOptions = {}): CaseService {
  // A rules version is a content hash: the programme behind it never changes, so one query per version.
  const programmes = new Map<string, Promise<Programme>>(options.programmes?.map((p) => [p.version, Promise.resolve(p)]));

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

  /** The rules of each version among `rows`, asked of one of its cases; undefined where they cannot be had. */
  async function rulesOf(rows: readonly { caseId: string; rulesVersion: string }[]): Promise<Map<string, Programme | undefined>> {
    const oneCase = new Map<string, string>();
    for (const r of rows) if (!oneCase.has(r.rulesVersion)) oneCase.set(r.rulesVersion, r.caseId);
    const found = await Promise.all([...oneCase].map(async ([version, caseId]) => [version, await programmeOf(caseId, version).catch(() => undefined)] as const));
    return new Map(found);
  }

  return {
    async myTasks(actor, today = todayIn()) {
      const { steps } = await ownerSteps(actor, db, actor.staffId, { today, days: TASK_DAYS });
      const rules = await rulesOf(steps);
      return steps.map((s) => ({ caseId: s.caseId, programme: rules.get(s.rulesVersion), entry: s.entry }));
    },

    // One query answers the whole page (and the rules once per version); nothing of it leaves the
    // service before the access check.
    async caseView(actor, caseId) {
      const { snapshot, phase, timeline, log } = await onExistingCase(caseId, () => client.workflow.getHandle(caseId).query(casePageQuery));
      requireAccess(actor.directory, actor.staffId, 'see_case', snapshot);
      const programme = await programmeOf(caseId, snapshot.rulesVersion);
      return { caseId, snapshot, programme, phase, timeline, log, mayChange: may(actor.directory, actor.staffId, 'change_case', snapshot) };
    },

    async overduePage(actor, request, today = todayIn()) {
      const page = await overduePage(actor, db, request, today);
      // Step titles in the reader's language come from each case's own rules version.
      const rules = await rulesOf([...page.counts, ...page.list.rows, ...page.escalations.rows]);
      const withRules = <T extends { rulesVersion: string }>(rows: T[]) => rows.map((r) => ({ ...r, rules: rules.get(r.rulesVersion) }));
      return {
        ...page,
        counts: withRules(page.counts),
        filtered: withRules(page.filtered),
        list: { ...page.list, rows: withRules(page.list.rows) },
        escalations: { ...page.escalations, rows: withRules(page.escalations.rows) },
      };
    },

    async overdueList(actor, request, today = todayIn()) {
      const rows = await overdueList(actor, db, request, today);
      const rules = await rulesOf(rows);
      return rows.map((r) => ({ ...r, rules: rules.get(r.rulesVersion) }));
    },

    overdueWeeks: (actor, today = todayIn(), weeks = 12) => overdueByWeek(actor, db, { today, weeks }),

    acknowledge: (actor, caseId, escalation) => onExistingCase(caseId, () => acknowledgeAsLeader(actor, client, caseId, escalation)),

    register: (actor, caseId, event) => onExistingCase(caseId, () => registerAsPerson(actor, client, caseId, event)),
  };
}

export { AccessDenied };
