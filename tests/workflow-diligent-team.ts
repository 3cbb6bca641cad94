/**
 * A diligent team for the long workflow tests: it moves the test server's clock from one date that
 * matters to the next and registers each step as done on its target day (at noon, after the 08:00
 * reminders), logs the week's home visits every Monday, plans network meetings when the case says
 * the plan runs short, and plays a script of lifecycle events on their dates.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { CaseEvent } from '../workflows/case-input.js';
import { casePageQuery, type CasePage } from '../workflows/case-messages.js';
import { register, sleepUntil, ZONE } from './workflow-harness.js';

type Scripted = Extract<CaseEvent, { type: 'occurred' | 'pause' | 'resume' | 'visit' }> extends infer E ? (E extends unknown ? Omit<E, 'by' | 'at'> & { by?: string } : never) : never;

export interface TeamScript {
  /** Local date → events registered that day at 07:00 (before the day's reminders). */
  events: Record<string, Scripted[]>;
  /** Steps the team does not do by itself (the script or the test does them, or nobody). */
  skip: Set<string>;
  /** Hours logged each Monday once the child is born (default 6, the highest weekly minimum); 0 logs none. */
  weeklyVisitHours?: number;
  /** Meetings are planned this many months ahead when the case warns (default 6). */
  planMonths?: number;
  /** Called at noon on each day the team works, after it registered the day's work. */
  onDay?: (day: string) => Promise<void>;
}

const nextDay = (d: string) => DateTime.fromISO(d).plus({ days: 1 }).toISODate()!;
const nextMonday = (d: string) => DateTime.fromISO(d).plus({ weeks: 1 }).startOf('week').toISODate()!;

/** Runs the team until `until` (a local date) or until the case has ended. */
export async function runDiligentTeam(env: TestWorkflowEnvironment, handle: WorkflowHandle, from: string, until: string, script: TeamScript): Promise<void> {
  let day = from;
  let born = false;
  let closed = false;
  const planned = new Set<string>();
  while (day <= until) {
    const todays = script.events[day] ?? [];
    if (todays.length) {
      await sleepUntil(env, `${day}T07:00`);
      for (const e of todays) {
        await register(handle, { ...e, at: day } as never);
        if (e.type === 'occurred' && e.what === 'birth') born = true;
        if (e.type === 'occurred' && e.what === 'closing') closed = true;
      }
      // A lifecycle event can make earlier steps overdue at once: the team catches up straight away.
      await doDueWork(handle, day, script.skip, true);
    }
    await sleepUntil(env, `${day}T12:00`);
    // After closing the case ends by itself once its last steps are done.
    if (closed && (await handle.describe()).status.name !== 'RUNNING') return;
    if (born && !closed && script.weeklyVisitHours !== 0 && DateTime.fromISO(day, { zone: ZONE }).weekday === 1) {
      await register(handle, { type: 'visit', at: day, hours: script.weeklyVisitHours ?? 6, by: 'sp-anne' });
    }
    // The case page shows the timeline and the obligations together, as the team sees them.
    const { timeline, obligations } = await doDueWork(handle, day, script.skip);
    if (obligations.planShort.length) {
      const horizon = DateTime.fromISO(day).plus({ months: script.planMonths ?? 6 }).toISODate()!;
      for (const o of timeline) {
        const key = `${o.stepId}:${o.occurrence}`;
        const warned = obligations.planShort.some((w) => w.stepId === o.stepId);
        if (!warned || planned.has(key) || o.status === 'done' || o.target <= day || o.target > horizon) continue;
        await register(handle, { type: 'planned', step: o.stepId, occurrence: o.occurrence, at: o.target, time: '10:00' });
        planned.add(key);
      }
    }
    await script.onDay?.(day);
    // The next day that matters: a scripted event, a target date, or the next Monday's visits.
    const after = timeline.map((o) => o.target).filter((t) => t > day);
    const candidates = [...after, ...Object.keys(script.events).filter((d) => d > day)];
    if (born && !closed) candidates.push(nextMonday(day));
    day = candidates.length ? candidates.sort()[0]! : nextDay(day);
  }
}

/**
 * Registers every step due by `day` as done that day; doing one can make another due (the RFQ on the
 * day of the start-up visit). Returns the case page as it stands after the day's work.
 */
async function doDueWork(handle: WorkflowHandle, day: string, skip: Set<string>, overdueOnly = false): Promise<CasePage> {
  let page = await handle.query(casePageQuery);
  for (let pass = 0; pass < 5; pass++) {
    const due = page.timeline.filter((o) => !skip.has(o.stepId) && (overdueOnly ? o.target < day : o.target <= day) && (o.status === 'open' || o.status === 'due_soon' || o.status === 'overdue'));
    if (!due.length) break;
    for (const o of due) await register(handle, { type: 'occurred', what: o.stepId, occurrence: o.occurrence, at: day });
    page = await handle.query(casePageQuery);
  }
  return page;
}

/**
 * The Spædbarnsindsatsen case of the lifecycle test and the benchmark: notified Monday 4 January
 * 2027, due 26 July, born 20 July, closed 21 August 2028; the investigation is finished 16 days late.
 */
export function spaedbarnLifecycleScript(onDay?: (day: string) => Promise<void>): TeamScript {
  return {
    events: {
      '2027-01-12': [{ type: 'occurred', what: 'intake' }],
      // The midwife screens on Thursday 25 February (week 17+3).
      '2027-02-25': [{ type: 'occurred', what: 'screening', by: 'sp-anne' }],
      '2027-05-20': [{ type: 'occurred', what: 'boernefaglig_undersoegelse' }],
      '2027-07-20': [{ type: 'occurred', what: 'birth' }],
      '2027-07-23': [{ type: 'occurred', what: 'discharge' }],
      '2028-08-21': [{ type: 'occurred', what: 'closing' }],
    },
    skip: new Set(['screening', 'boernefaglig_undersoegelse']),
    onDay,
  };
}
