/**
 * A whole Spædbarnsindsatsen case on the real rules file, from the notification (4 January 2027)
 * to closing (August 2028), with a diligent team that misses one statutory deadline: the
 * notifications must come at the dates domain.md implies, and the case must end by itself.
 */
import { describe, expect, it } from 'vitest';
import { phaseQuery, timelineQuery } from '../workflows/case-messages.js';
import { runDiligentTeam, spaedbarnLifecycleScript } from './workflow-diligent-team.js';
import { caseWorker, loadRules, outcomeOf, openCase, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();

describe('Spædbarnsindsatsen from notification to closing', () => {
  it('reminds, escalates a missed investigation, follows the phases and ends', async () => {
    const programme = loadRules('spaedbarnsindsatsen');
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-01-04T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-01-04', dueDate: '2027-07-26' });
      /** Phase → the first day the team saw it. */
      const phases: Record<number, string> = {};
      await runDiligentTeam(
        t.env,
        handle,
        '2027-01-04',
        '2028-12-31',
        spaedbarnLifecycleScript(async (day) => {
          const phase = await handle.query(phaseQuery);
          phases[phase] ??= day;
        }),
      );
      const outcome = await outcomeOf(t.env, handle);
      expect(outcome).toMatchObject({ closedOn: '2028-08-21', phase: 5 });
      expect(phases).toEqual({ 1: '2027-01-04', 2: '2027-01-12', 3: '2027-07-20', 4: '2027-07-23', 5: '2028-08-21' });

      // Team conversation at the latest 4 weeks after the screening: Thursday 25 March 2027 is
      // Maundy Thursday, then Good Friday, the weekend and Easter Monday — so Tuesday 30 March.
      const teamsamtale = (await handle.query(timelineQuery)).find((o) => o.stepId === 'teamsamtale');
      expect(teamsamtale).toMatchObject({ latest: '2027-03-30', doneOn: '2027-03-30', status: 'done' });
      expect(summary(requests, (r) => r.stepId === 'teamsamtale')).toEqual([
        'reminder teamsamtale#1 @ 2027-03-27 08:00 → sp-anne',
        'due_today teamsamtale#1 @ 2027-03-30 08:00 → sp-anne',
      ]);
      // The investigation is due 4 months after the notification (Tuesday 4 May); it was finished on
      // 20 May: the team leader hears the day after the deadline, the three leaders a week after.
      expect(summary(requests, (r) => r.kind === 'escalation')).toEqual([
        'escalation boernefaglig_undersoegelse#1 @ 2027-05-05 08:00 → tl-birgit',
        'escalation boernefaglig_undersoegelse#1 @ 2027-05-11 08:00 → leder_bfr,leder_familiecenter,leder_sundhedspleje',
      ]);
      // The first network meeting counts from the birth (20 July): its status statement is due that
      // day, not a week before the child was born, so registering the birth escalates nothing.
      const statement = (await handle.query(timelineQuery)).find((o) => o.stepId === 'netvaerksmoede__statusudtalelse' && o.occurrence === 1);
      expect(statement?.latest).toBe('2027-07-20');
      // Home visit on the day of discharge (Friday 23 July), announced that morning to both owners.
      expect(summary(requests, (r) => r.stepId === 'hjemmebesoeg_udskrivning')).toEqual([
        'due_today hjemmebesoeg_udskrivning#1 @ 2027-07-23 08:00 → sp-anne,ft-lars',
      ]);
      // Network meetings every 4th week from the child's 1st month of life (birth 20 July).
      const meetings = (await handle.query(timelineQuery)).filter((o) => o.stepId === 'netvaerksmoede' && o.status === 'done').map((o) => o.target);
      expect(meetings.slice(0, 4)).toEqual(['2027-07-20', '2027-08-17', '2027-09-14', '2027-10-12']);
      expect(requests.filter((r) => r.kind === 'plan_short').length).toBeGreaterThanOrEqual(1);
      expect(requests.some((r) => r.kind === 'invitation' && r.stepId === 'netvaerksmoede' && r.meeting?.durationMinutes === 120)).toBe(true);
      // Every reminder once: no idempotency key twice.
      const keys = requests.map((r) => r.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      // History stays small: the case continued as new before a run passed ~2,000 events.
      expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
      expect((await handle.fetchHistory()).events?.length).toBeLessThan(2_100);
      await saveHistory(handle, 'spaedbarn-lifecycle');
    });
  });
});
