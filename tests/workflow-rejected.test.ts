/**
 * A rejected input changes nothing already recorded: on a running case, every refused event leaves
 * the snapshot, the event log and the timeline as they were, and adds no update to the history. A
 * reassignment to a staff id the directory does not have is refused by the handler before the case
 * changes.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { eventLogQuery, snapshotQuery, timelineQuery } from '../workflows/case-messages.js';
import { rejectionMessage } from '../workflows/case-reject.js';
import { caseWorker, loadRules, openCase, register, sleepUntil, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');

function isUpdateEvent(e: temporal.api.history.v1.IHistoryEvent): boolean {
  return Boolean(e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes || e.workflowExecutionUpdateAdmittedEventAttributes);
}

/** What the case has recorded, and how many updates its history holds. */
async function recorded(handle: WorkflowHandle) {
  const history = (await handle.fetchHistory()).events ?? [];
  return {
    snapshot: await handle.query(snapshotQuery),
    log: await handle.query(eventLogQuery),
    timeline: await handle.query(timelineQuery),
    updates: history.filter(isUpdateEvent).length,
  };
}

/** Registers the event, expects it refused, and returns the code its message carries. */
async function refusedCode(handle: WorkflowHandle, event: Record<string, unknown>): Promise<string | undefined> {
  const err = await register(handle, event as never).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, JSON.stringify(event)).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  const message = rejectionMessage(cause);
  expect(cause?.message).toBe(`${message?.da} / ${message?.en}`);
  return message?.code;
}

describe('a rejected update', () => {
  it('changes nothing already recorded, before and after closing', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-09-15T05:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-09-01', dueDate: '2027-12-01' });
      await register(handle, { type: 'pause', at: '2027-09-10', reason: 'hospitalsophold' });
      await register(handle, { type: 'visit', at: '2027-09-14', hours: 24, by: 'sp-anne' });
      await sleepUntil(t.env, '2027-09-15T05:30');

      const before = await recorded(handle);
      const whilePaused: [Record<string, unknown>, string][] = [
        [{ type: 'resume', at: '2027-09-05' }, 'resume.before_pause'],
        [{ type: 'pause', at: '2027-09-14', reason: 'andet' }, 'pause.already'],
        [{ type: 'planned', step: 'netvaerksmoede_1', occurrence: 99_999_999, at: '2027-10-26' }, 'occurrence.range'],
        [{ type: 'planned', step: 'visitationsmoede', occurrence: 2, at: '2027-10-26' }, 'occurrence.one_time'],
        [{ type: 'occurred', what: 'sagsmoede', occurrence: 5000, at: '2027-09-02' }, 'occurrence.range'],
        [{ type: 'visit', at: '2027-09-14', hours: 23.5, by: 'ft-lars' }, 'visit.day_hours'],
        [{ type: 'reassign', at: '2027-09-14', role: 'teamleder', staff: 'tl-karen' }, 'role.unit_leader'],
        [{ type: 'due_date', dueDate: '9999-99-99' }, 'date.month'],
        [{ type: 'due_date', dueDate: '0000-00-00' }, 'date.month'],
        [{ type: 'due_date', dueDate: '2028-08-01' }, 'due_date.too_late'],
        [{ type: 'occurred', what: 'intake', at: '2026-11-31' }, 'date.day'],
      ];
      const codes: (string | undefined)[] = [];
      for (const [event] of whilePaused) codes.push(await refusedCode(handle, event));
      expect(codes).toEqual(whilePaused.map(([, code]) => code));
      expect(await recorded(handle)).toEqual(before);

      await register(handle, { type: 'occurred', what: 'closing', at: '2027-09-12' });
      await sleepUntil(t.env, '2027-09-15T06:00');
      const closed = await recorded(handle);
      const afterClosing: [Record<string, unknown>, string][] = [
        [{ type: 'visit', at: '2027-09-14', hours: 0.5, by: 'sp-anne' }, 'closed.after_closing'],
        [{ type: 'occurred', what: 'birth', at: '2027-09-14' }, 'closed.after_closing'],
        [{ type: 'reassign', at: '2027-09-14', role: 'socialraadgiver', staff: 'sr-sofie' }, 'closed.state_change'],
        [{ type: 'resume', at: '2027-09-14' }, 'closed.state_change'],
        [{ type: 'pause', at: '2027-09-14', reason: 'andet' }, 'closed.state_change'],
      ];
      codes.length = 0;
      for (const [event] of afterClosing) codes.push(await refusedCode(handle, event));
      expect(codes).toEqual(afterClosing.map(([, code]) => code));
      expect(await recorded(handle)).toEqual(closed);
      await handle.terminate('test done');
    });
  });

  it('refuses a reassignment to a staff id the directory does not have, and keeps the team', async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-10-04T05:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-10-04', dueDate: '2028-03-01' });
      await sleepUntil(t.env, '2027-10-04T05:30');
      const before = { snapshot: await handle.query(snapshotQuery), log: await handle.query(eventLogQuery) };

      expect(await refusedCode(handle, { type: 'reassign', at: '2027-10-04', role: 'socialraadgiver', staff: 'sr-ukendt' })).toBe('staff.not_in_directory');
      expect({ snapshot: await handle.query(snapshotQuery), log: await handle.query(eventLogQuery) }).toEqual(before);

      // A person the directory has is put on the case.
      await register(handle, { type: 'reassign', at: '2027-10-04', role: 'socialraadgiver', staff: 'sr-sofie' });
      expect((await handle.query(snapshotQuery)).team.socialraadgiver).toBe('sr-sofie');
      await handle.terminate('test done');
    });
  });
});
