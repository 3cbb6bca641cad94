/**
 * Minding the Baby on the real rules file, from the referral in pregnancy until the child turns 2:
 * home visits every week until child age 12 months, then every second week, each with its reminder.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { timelineQuery } from '../workflows/case-messages.js';
import { runDiligentTeam } from './workflow-diligent-team.js';
import { caseWorker, loadRules, outcomeOf, openCase, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();

const MTB_TEAM = { sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-lars', socialraadgiver: 'sr-mette', teamleder: 'tl-birgit' };

describe('Minding the Baby from referral to age 2', () => {
  it('visits weekly in the first year and every second week in the second, then ends', async () => {
    const programme = loadRules('minding-the-baby');
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2028-01-03T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2028-01-03', dueDate: '2028-06-26', team: MTB_TEAM });
      await runDiligentTeam(t.env, handle, '2028-01-03', '2030-12-31', {
        events: {
          '2028-01-10': [{ type: 'occurred', what: 'intake' }],
          '2028-06-20': [{ type: 'occurred', what: 'birth' }],
          '2030-06-20': [{ type: 'occurred', what: 'closing' }],
        },
        skip: new Set(),
        weeklyVisitHours: 0,
      });
      const outcome = await outcomeOf(t.env, handle);
      expect(outcome).toMatchObject({ closedOn: '2030-06-20', phase: 5 });

      const visits = (await handle.query(timelineQuery)).filter((o) => o.stepId === 'hjemmebesoeg' && o.status === 'done');
      const gaps = visits.slice(1).map((v, i) => ({ on: visits[i]!.nominal, days: DateTime.fromISO(v.nominal).diff(DateTime.fromISO(visits[i]!.nominal), 'days').days }));
      const firstBirthday = '2029-06-20';
      expect(visits[0]?.nominal).toBe('2028-01-10');
      expect(new Set(gaps.filter((g) => g.on < '2029-06-18').map((g) => g.days))).toEqual(new Set([7]));
      // The fortnightly segment starts where the weekly one ends: on the first birthday itself.
      expect(visits.map((v) => v.nominal)).toContain(firstBirthday);
      expect(new Set(gaps.filter((g) => g.on >= firstBirthday).map((g) => g.days))).toEqual(new Set([14]));
      // Weekly from 10 January 2028 to the first birthday, then fortnightly until closing.
      expect(visits.length).toBeGreaterThan(75 + 25);
      // Each visit reminded the team two days ahead, once — except the first, whose reminder day
      // (8 January) lay before the intake that created it.
      const visitReminders = summary(requests, (r) => r.stepId === 'hjemmebesoeg' && r.kind === 'reminder');
      expect(visitReminders[0]).toBe('reminder hjemmebesoeg#2 @ 2028-01-15 08:00 → sp-anne,ft-lars');
      expect(visitReminders.length).toBe(visits.length - 1);
      await saveHistory(handle, 'mtb-to-age-2');
    });
  });
});
