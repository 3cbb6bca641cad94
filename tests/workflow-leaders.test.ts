/**
 * Leaders are owners too: the unit's team leader and department leaders, looked up in the staff
 * directory (the recording worker's fake reads config/staff.example.yaml), stand on the overdue items
 * and in `VuggeOwners` of a case whose team names caseworkers only. A unit missing from the directory
 * leaves a recorded gap, and the case carries on.
 */
import { describe, expect, it } from 'vitest';
import { snapshotQuery, timelineQuery } from '../workflows/case-messages.js';
import { OVERDUE_ITEMS, OWNERS } from '../workflows/search-attributes.js';
import { caseWorker, loadRules, localActivityTypes, openCase, register, saveHistory, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const programme = loadRules('spaedbarnsindsatsen');
const CASEWORKERS = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' };

describe('leader-owned steps', () => {
  it("name the unit's team leader and department leader on the overdue items and in the owners", async () => {
    const { worker, taskQueue } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-05-03T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-05-03', dueDate: '2027-11-01', team: CASEWORKERS });
      // The notification is assessed on the day by leder_bfr and teamleder; on the 4th it is late.
      await sleepUntil(t.env, '2027-05-04T12:00');
      const attributes = (await handle.describe()).typedSearchAttributes;
      expect(attributes.get(OVERDUE_ITEMS)).toContain('underretning_vurdering|1|2027-05-03|al-henrik,tl-karen');
      expect(attributes.get(OWNERS)).toEqual(['al-henrik', 'fc-birgitte', 'ft-peter', 'sp-anne', 'spl-lone', 'sr-mette', 'tl-karen']);
      // The timeline `vugge cases --owner` reads names them too.
      const assessment = (await handle.query(timelineQuery)).find((o) => o.stepId === 'underretning_vurdering');
      expect(assessment).toMatchObject({ status: 'overdue', ownerStaff: ['al-henrik', 'tl-karen'] });
      expect((await handle.query(snapshotQuery)).leaderGaps).toEqual([]);

      // A reassignment looks the leaders up again (the directory may have changed).
      await register(handle, { type: 'reassign', at: '2027-05-04', role: 'socialraadgiver', staff: 'sr-sofie' });
      await sleepUntil(t.env, '2027-05-05T12:00');
      // The look-up is a local activity: each one is a marker in the history, not a scheduled task —
      // the leaders at the start, the new staff member in the directory, the leaders again.
      const events = (await handle.fetchHistory()).events ?? [];
      expect(localActivityTypes(events).filter((type) => type === 'resolveRoles')).toHaveLength(3);
      expect(events.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'resolveRoles')).toBe(false);
      expect((await handle.describe()).typedSearchAttributes.get(OWNERS)).toContain('sr-sofie');
      await saveHistory(handle, 'spaedbarn-leaders');
      await handle.terminate('test done');
    });
  });

  it('records a unit missing from the directory as a gap and goes on reminding', async () => {
    const { worker, taskQueue, requests } = await caseWorker(t);
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-06-07T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-06-07', dueDate: '2027-12-06', team: CASEWORKERS, unit: 'vest' });
      await sleepUntil(t.env, '2027-06-14T12:00');
      const snapshot = await handle.query(snapshotQuery);
      expect(snapshot.leaders).toEqual({});
      expect(snapshot.leaderGaps?.map((g) => `${g.role}:${g.reason}`)).toEqual([
        'teamleder:unknown_unit',
        'leder_bfr:unknown_unit',
        'leder_familiecenter:unknown_unit',
        'leder_sundhedspleje:unknown_unit',
      ]);
      expect((await handle.describe()).typedSearchAttributes.get(OVERDUE_ITEMS)).toContain('underretning_vurdering|1|2027-06-07|');
      expect(summary(requests, (r) => r.stepId === 'sagsmoede')).toEqual([
        'reminder sagsmoede#1 @ 2027-06-11 08:00 → sr-mette',
        'due_today sagsmoede#1 @ 2027-06-14 08:00 → sr-mette',
      ]);
      await handle.terminate('test done');
    });
  });
});
