/**
 * Spædbarnsindsatsen cases on the real rules file, one situation each: a missed team conversation
 * escalating, an acknowledged escalation stopping, a premature birth, a pause, a birth registered
 * late, and a migration to a new rules version. Each test starts later on the server's clock.
 */
import { describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { acknowledgeEscalationUpdate, eventLogQuery, migrateUpdate, timelineQuery } from '../workflows/case-messages.js';
import { OVERDUE_ITEMS } from '../workflows/search-attributes.js';
import { failureSentence } from '../client/service/temporal-client.js';
import { BO, compiled, registryFor, threeWeekSource, ULLA } from './registry-harness.js';
import { caseWorker, loadRules, openCase, register, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');

const find = async (handle: { query: (q: typeof timelineQuery) => Promise<Awaited<ReturnType<never>>> }, stepId: string, occurrence = 1) =>
  ((await handle.query(timelineQuery)) as { stepId: string; occurrence: number }[]).find((o) => o.stepId === stepId && o.occurrence === occurrence);

describe('Spædbarnsindsatsen situations', () => {
  it('escalates a missed team conversation to the team leader, then the three leaders; an acknowledgement stops a chain', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-04', dueDate: '2027-07-26' });
      // The case meeting was due Monday 11 January; the team leader hears on the 12th and acknowledges.
      await sleepUntil(t.env, '2027-01-12T12:00');
      await handle.executeUpdate(acknowledgeEscalationUpdate, { args: [{ stepId: 'sagsmoede', occurrence: 1, by: 'tl-birgit' }] });
      const again = await handle.executeUpdate(acknowledgeEscalationUpdate, { args: [{ stepId: 'sagsmoede', occurrence: 1, by: 'tl-birgit' }] }).catch((e: unknown) => e);
      expect(failureSentence(again)).toMatch(/^Eskaleringen for 'sagsmoede' nr\. 1 er allerede kvitteret\./);
      await sleepUntil(t.env, '2027-02-25T12:00');
      await register(handle, { type: 'occurred', what: 'screening', at: '2027-02-25', by: 'sp-anne' });
      await sleepUntil(t.env, '2027-04-01T12:00');
      const items = (await handle.describe()).typedSearchAttributes.get(OVERDUE_ITEMS) ?? [];
      expect(items).toContain('teamsamtale|1|2027-03-30|sp-anne');
      await sleepUntil(t.env, '2027-04-07T12:00');
      await register(handle, { type: 'occurred', what: 'teamsamtale', at: '2027-04-07', by: 'sp-anne' });
      await sleepUntil(t.env, '2027-04-20T12:00');
      expect(summary(requests, (r) => r.kind === 'escalation' && (r.stepId === 'teamsamtale' || r.stepId === 'sagsmoede'))).toEqual([
        'escalation sagsmoede#1 @ 2027-01-12 08:00 → tl-birgit',
        'escalation teamsamtale#1 @ 2027-03-31 08:00 → tl-birgit',
        'escalation teamsamtale#1 @ 2027-04-06 08:00 → leder_bfr,leder_familiecenter,leder_sundhedspleje',
      ]);
      expect((await handle.describe()).typedSearchAttributes.get(OVERDUE_ITEMS) ?? []).not.toContain('teamsamtale|1|2027-03-30|sp-anne');
      await saveHistory(handle, 'spaedbarn-escalation');
      await handle.terminate('test done');
    });
  });

  it('takes the premature branch when the child is born before 37+0', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-05-03T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-05-03', dueDate: '2027-10-04' });
      // Born Monday 6 September, four weeks before term (36+0): heightened attention within 2 days.
      await sleepUntil(t.env, '2027-09-06T07:00');
      await register(handle, { type: 'occurred', what: 'birth', at: '2027-09-06' });
      expect(await find(handle as never, 'skaerpet_opmaerksomhed')).toMatchObject({ status: 'due_soon', latest: '2027-09-08' });
      await sleepUntil(t.env, '2027-09-08T12:00');
      // The "3 days before" reminder fell on the 5th, before the birth was known; it goes out
      // when the birth is registered (within the reminder grace of 36 hours), then on the day.
      expect(summary(requests, (r) => r.stepId === 'skaerpet_opmaerksomhed')).toEqual([
        'reminder skaerpet_opmaerksomhed#1 @ 2027-09-05 08:00 → sr-mette,sp-anne,ft-lars',
        'due_today skaerpet_opmaerksomhed#1 @ 2027-09-08 08:00 → sr-mette,sp-anne,ft-lars',
      ]);
      await handle.terminate('test done');
    });
  });

  it('holds pausable steps while the case is paused and moves them by the paused days', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-11-01T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-11-01', dueDate: '2028-04-03' });
      expect(await find(handle as never, 'sagsmoede')).toMatchObject({ latest: '2027-11-08' });
      await sleepUntil(t.env, '2027-11-03T12:00');
      await register(handle, { type: 'pause', at: '2027-11-03', reason: 'hospitalsophold' });
      await sleepUntil(t.env, '2027-11-17T12:00');
      expect(summary(requests, (r) => r.stepId === 'sagsmoede')).toEqual([]);
      await register(handle, { type: 'resume', at: '2027-11-17' });
      const moved = (await find(handle as never, 'sagsmoede')) as { latest: string } | undefined;
      expect(moved?.latest).toBe('2027-11-22');
      await sleepUntil(t.env, '2027-11-22T12:00');
      expect(summary(requests, (r) => r.stepId === 'sagsmoede')).toEqual([
        'reminder sagsmoede#1 @ 2027-11-19 08:00 → sr-mette',
        'due_today sagsmoede#1 @ 2027-11-22 08:00 → sr-mette',
      ]);
      // The investigation's statutory deadline keeps running while paused: 4 months after 1 November.
      expect(await find(handle as never, 'boernefaglig_undersoegelse')).toMatchObject({ latest: '2028-03-01' });
      expect((await handle.query(eventLogQuery)).map((e) => e.event.type)).toEqual(['opened', 'pause', 'resume']);
      await saveHistory(handle, 'spaedbarn-pause');
      await handle.terminate('test done');
    });
  });

  it('re-plans the network meetings from a birth registered ten days late', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-12-06T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-12-06', dueDate: '2028-03-13' });
      expect(await find(handle as never, 'netvaerksmoede')).toBeUndefined();
      await sleepUntil(t.env, '2028-03-10T12:00');
      await register(handle, { type: 'occurred', what: 'birth', at: '2028-02-29' });
      const timeline = await handle.query(timelineQuery);
      const meetings = timeline.filter((o) => o.stepId === 'netvaerksmoede').slice(0, 3).map((o) => o.target);
      expect(meetings).toEqual(['2028-02-29', '2028-03-28', '2028-04-25']);
      await sleepUntil(t.env, '2028-03-28T12:00');
      // Reminders for the meeting that passed before anyone knew are not sent afterwards.
      expect(summary(requests, (r) => r.stepId === 'netvaerksmoede' && r.kind !== 'plan_short' && r.kind !== 'escalation')).toEqual([
        'reminder netvaerksmoede#2 @ 2028-03-25 08:00 → sr-mette',
        'due_today netvaerksmoede#2 @ 2028-03-28 08:00 → sr-mette',
      ]);
      await saveHistory(handle, 'spaedbarn-late-birth');
      await handle.terminate('test done');
    });
  });

  it('migrates a running case to a new rules version, which moves a deadline', async () => {
    const changed = { programme: compiled(threeWeekSource()) };
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2028-06-05T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2028-06-05', dueDate: '2028-12-04' });
      await sleepUntil(t.env, '2028-06-20T12:00');
      await register(handle, { type: 'occurred', what: 'screening', at: '2028-06-20', by: 'sp-anne' });
      expect(await find(handle as never, 'teamsamtale')).toMatchObject({ latest: '2028-07-18' });
      // Published in the registry: proposed by one administrator, approved by another.
      const registry = registryFor(t.env, taskQueue);
      const proposed = await registry.propose(ULLA, 'spaedbarnsindsatsen', { source: threeWeekSource(), message: 'Teamsamtale senest 3 uger efter screening' });
      await registry.approve(BO, 'spaedbarnsindsatsen', proposed.version);
      const reference = { programmeId: 'spaedbarnsindsatsen', version: proposed.version, hash: changed.programme.version };
      const mtb = loadRules('minding-the-baby');
      const wrong = await handle.executeUpdate(migrateUpdate, { args: [{ programme: mtb, by: 'adm-bo', reference: { programmeId: mtb.id, version: 1, hash: mtb.version } }] }).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(failureSentence(wrong)).toMatch(/^Sagen kører på programmet 'spaedbarnsindsatsen' og kan ikke flyttes til '/);
      const moved = await handle.executeUpdate(migrateUpdate, { args: [{ programme: changed.programme, by: 'adm-bo', reference }] });
      expect(moved).toEqual({ from: programme.version, to: changed.programme.version });
      expect(await find(handle as never, 'teamsamtale')).toMatchObject({ latest: '2028-07-11' });
      await sleepUntil(t.env, '2028-07-11T12:00');
      expect(summary(requests, (r) => r.stepId === 'teamsamtale')).toEqual([
        'reminder teamsamtale#1 @ 2028-07-08 08:00 → sp-anne',
        'due_today teamsamtale#1 @ 2028-07-11 08:00 → sp-anne',
      ]);
      expect((await handle.describe()).typedSearchAttributes.get({ name: 'VuggeRulesVersion', type: 'KEYWORD' } as never)).toBe(changed.programme.version);
      await saveHistory(handle, 'spaedbarn-migration');
      await handle.terminate('test done');
    });
  });

  it('turns a week short of the visit norm into an overdue item and an escalation to the team leader', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2028-09-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2028-09-04', dueDate: '2028-12-04' });
      // Born Monday 27 November; the first norm week is 27 November – 3 December: 6 hours needed.
      await sleepUntil(t.env, '2028-11-27T12:00');
      await register(handle, { type: 'occurred', what: 'birth', at: '2028-11-27' });
      await sleepUntil(t.env, '2028-11-29T15:00');
      await register(handle, { type: 'visit', at: '2028-11-29', hours: 4, by: 'sp-anne' });
      await sleepUntil(t.env, '2028-12-04T12:00');
      const items = (await handle.describe()).typedSearchAttributes.get(OVERDUE_ITEMS) ?? [];
      expect(items).toContain('besoegsnorm|202848|2028-12-03|sp-anne,ft-lars');
      // The mail waits two working days for late registrations (Monday 4 and Tuesday 5 December).
      await sleepUntil(t.env, '2028-12-06T12:00');
      expect(summary(requests, (r) => r.stepId === 'besoegsnorm')).toEqual(['escalation besoegsnorm#202848 @ 2028-12-06 08:00 → tl-birgit']);
      expect(requests.find((r) => r.stepId === 'besoegsnorm')?.stepTitle).toBe('Besøgsnorm: 4 af 6 timer');
      await handle.terminate('test done');
    });
  });
});
