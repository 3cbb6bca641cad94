/**
 * What a draft of the rules would do to the running cases, before anyone publishes it: each case's
 * facts (its snapshot) planned under the rules it runs on and under the draft, as of now, compared
 * step by step — "this change moves N steps in M cases, K become overdue, J new steps", with the
 * list. Runs on the server through the same planner as the cases; long runs are jobs whose progress
 * a page can show.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { Code } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import type { CaseFacts } from '../../dsl/facts.js';
import type { Occurrence } from '../../dsl/plan/index.js';
import { programmeQuery, snapshotQuery } from '../../workflows/case-messages.js';
import { requireAccess, type Actor } from './access.js';
import { planDiff } from './rules-preview.js';

/** One running case as the impact needs it: its facts and the rules it runs on now. */
export interface CaseOnRules {
  caseId: string;
  facts: CaseFacts;
  programme: Programme;
}

export interface CaseImpact {
  caseId: string;
  moved: { stepId: string; occurrence: number; from: string; to: string }[];
  added: Pick<Occurrence, 'stepId' | 'occurrence' | 'target' | 'status'>[];
  dropped: Pick<Occurrence, 'stepId' | 'occurrence' | 'target'>[];
  newlyOverdue: { stepId: string; occurrence: number }[];
}

export interface Impact {
  /** Running cases of the programme looked at. */
  examined: number;
  /** N steps moved, in M cases; K become overdue; J new steps; steps that fall away. */
  movedSteps: number;
  changedCases: number;
  newlyOverdue: number;
  newSteps: number;
  droppedSteps: number;
  /** The cases that change, in the order they were looked at. */
  cases: CaseImpact[];
  /** Cases that could not be planned (their snapshot did not answer, or the planner refused). */
  failed: { caseId: string; reason: string }[];
}

export interface ImpactProgress {
  done: number;
  total?: number;
}

/** How many cases are planned between two looks at the clock and the event loop. */
const SLICE = 100;

/** The impact of `draft` on the cases, as of `now`; `onProgress` hears after every slice of cases. */
export async function impactOf(draft: Programme, cases: AsyncIterable<CaseOnRules> | Iterable<CaseOnRules>, now: string, onProgress?: (p: ImpactProgress) => void, total?: number): Promise<Impact> {
  const impact: Impact = { examined: 0, movedSteps: 0, changedCases: 0, newlyOverdue: 0, newSteps: 0, droppedSteps: 0, cases: [], failed: [] };
  for await (const c of cases) {
    if (c.programme.id !== draft.id) continue;
    impact.examined += 1;
    try {
      const d = planDiff(c.programme, draft, c.facts, now);
      const changed: CaseImpact = {
        caseId: c.caseId,
        moved: d.moved.map((m) => ({ stepId: m.stepId, occurrence: m.occurrence, from: m.from.latest, to: m.to.latest })),
        added: d.added.map((o) => ({ stepId: o.stepId, occurrence: o.occurrence, target: o.target, status: o.status })),
        dropped: d.dropped.map((o) => ({ stepId: o.stepId, occurrence: o.occurrence, target: o.target })),
        newlyOverdue: d.newlyOverdue.map((s) => ({ stepId: s.stepId, occurrence: s.occurrence })),
      };
      if (changed.moved.length + changed.added.length + changed.dropped.length + changed.newlyOverdue.length > 0) {
        impact.cases.push(changed);
        impact.changedCases += 1;
        impact.movedSteps += changed.moved.length;
        impact.newSteps += changed.added.length;
        impact.droppedSteps += changed.dropped.length;
        impact.newlyOverdue += changed.newlyOverdue.length;
      }
    } catch (err) {
      impact.failed.push({ caseId: c.caseId, reason: err instanceof Error ? err.message : String(err) });
    }
    if (impact.examined % SLICE === 0) {
      onProgress?.({ done: impact.examined, total });
      // Let the server answer other requests (and the progress page) between slices.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress?.({ done: impact.examined, total: impact.examined });
  return impact;
}

const runningQuery = (programmeId: string) => `VuggeProgramme = '${Code.parse(programmeId)}' AND ExecutionStatus = 'Running'`;

/** The running cases of a programme, each asked for its facts and (once per version) its rules. */
export async function* runningCases(client: Client, programmeId: string): AsyncGenerator<CaseOnRules> {
  const versions = new Map<string, Promise<Programme>>();
  for await (const wf of client.workflow.list({ query: runningQuery(programmeId) })) {
    const handle = client.workflow.getHandle(wf.workflowId);
    let snapshot;
    try {
      snapshot = await handle.query(snapshotQuery);
    } catch {
      continue; // closed meanwhile: no longer running, so no impact
    }
    let programme = versions.get(snapshot.rulesVersion);
    if (!programme) versions.set(snapshot.rulesVersion, (programme = handle.query(programmeQuery)));
    yield { caseId: snapshot.caseId, facts: snapshot.facts, programme: await programme };
  }
}

export async function countRunningCases(client: Client, programmeId: string): Promise<number> {
  return (await client.workflow.count(runningQuery(programmeId))).count;
}

export type ImpactJob =
  | { id: string; state: 'running'; progress: ImpactProgress; startedAt: number }
  | { id: string; state: 'done'; progress: ImpactProgress; startedAt: number; impact: Impact }
  | { id: string; state: 'failed'; progress: ImpactProgress; startedAt: number; reason: string };

export interface ImpactJobs {
  /** Starts the impact of `draft` on the running cases; the job belongs to the person who started it. */
  start(actor: Actor, draft: Programme): ImpactJob;
  /** The person's own job; undefined for someone else's or one that has expired. */
  get(actor: Actor, id: string): ImpactJob | undefined;
}

export interface ImpactJobOptions {
  cases: (programmeId: string) => AsyncIterable<CaseOnRules> | Iterable<CaseOnRules>;
  count?: (programmeId: string) => Promise<number>;
  now?: () => Date;
  /** How long a finished job's answer is kept (default one hour). */
  keepMs?: number;
}

/** Impact runs held in this process, at most 20 per person, each forgotten an hour after it began. */
export function impactJobs(options: ImpactJobOptions): ImpactJobs {
  const jobs = new Map<string, { owner: string; job: ImpactJob }>();
  const keepMs = options.keepMs ?? 3_600_000;
  const now = options.now ?? (() => new Date());
  const forgetOld = () => {
    for (const [id, { job }] of jobs) if (job.startedAt < now().getTime() - keepMs) jobs.delete(id);
  };
  return {
    start(actor, draft) {
      requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
      forgetOld();
      const mine = [...jobs.entries()].filter(([, j]) => j.owner === actor.staffId);
      for (const [id] of mine.slice(0, Math.max(0, mine.length - 19))) jobs.delete(id);
      const entry: { owner: string; job: ImpactJob } = { owner: actor.staffId, job: { id: randomUUID(), state: 'running', progress: { done: 0 }, startedAt: now().getTime() } };
      jobs.set(entry.job.id, entry);
      const { id, startedAt } = entry.job;
      void (async () => {
        const total = await options.count?.(draft.id).catch(() => undefined);
        entry.job = { id, state: 'running', progress: { done: 0, total }, startedAt };
        const impact = await impactOf(draft, options.cases(draft.id), now().toISOString(), (progress) => (entry.job = { id, state: 'running', progress, startedAt }), total);
        entry.job = { id, state: 'done', progress: { done: impact.examined, total: impact.examined }, startedAt, impact };
      })().catch((err: unknown) => {
        entry.job = { id, state: 'failed', progress: entry.job.progress, startedAt, reason: err instanceof Error ? err.message : String(err) };
      });
      return entry.job;
    },
    get(actor, id) {
      requireAccess(actor.directory, actor.staffId, 'use_rules_studio');
      const entry = jobs.get(id);
      return entry && entry.owner === actor.staffId ? entry.job : undefined;
    },
  };
}
