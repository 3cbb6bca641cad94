/**
 * The overdue list a page at a time, on PGlite and PostgreSQL: the pages together are the whole
 * list in each order, the filters narrow it, the counts per unit and step add up, and the service
 * clamps a page beyond the end to the last one and shows a leader only the units they lead.
 */
import { expect, it } from 'vitest';
import type { ProjectedOccurrence } from '../activities/db/projection.js';
import { overdueCounts, overdueOwners, overdueRows, type OverdueOrder } from '../activities/db/overdue-page.js';
import { projectCase } from '../activities/db/read-model.js';
import { OPERATOR } from '../client/service/access.js';
import { overduePage } from '../client/service/overdue.js';
import { forEachDatabase } from './helpers/databases.js';
import { exampleDirectory } from './mail-support.js';

const TODAY = '2026-03-16';
const STEPS = ['teamsamtale', 'screening', 'sagsmoede'];
/** 40 cases with one, two or three overdue steps each (14, 13 and 13 of them). */
const ROWS = 14 + 13 * 2 + 13 * 3;

/** Case n of `count`: unit nord or syd, one to three overdue steps a different number of days late. */
function occurrences(n: number): ProjectedOccurrence[] {
  return STEPS.slice(0, 1 + (n % 3)).map((stepId, i) => {
    const latest = new Date(Date.UTC(2026, 2, 15 - ((n * 7 + i * 3) % 40))).toISOString().slice(0, 10);
    return { stepId, occurrence: 1, phase: 1, title: stepId, kind: 'task', target: latest, latest, status: 'overdue', owners: ['socialraadgiver'], ownerStaff: [n % 4 ? 'sr-mette' : 'sr-sofie'], escalationLevel: n % 5 === 0 ? 1 : 0 };
  });
}

forEachDatabase('the overdue list a page at a time', (t) => {
  async function seed(count: number) {
    for (let n = 0; n < count; n++) {
      const caseId = `K-${String(n).padStart(4, '0')}`;
      await projectCase(
        t.db,
        { caseId, programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v-1', unit: n % 2 ? 'syd' : 'nord', municipality: '0751', phase: 1, team: { socialraadgiver: 'sr-mette' }, leaders: {}, paused: false, closed: false, asOf: TODAY, occurrences: occurrences(n) },
        1,
      );
    }
  }

  it.each<[OverdueOrder, (a: { daysLate: number; caseId: string; title: string }, b: { daysLate: number; caseId: string; title: string }) => boolean]>([
    ['days', (a, b) => a.daysLate >= b.daysLate],
    ['case', (a, b) => a.caseId <= b.caseId],
    ['step', (a, b) => a.title <= b.title],
  ])('pages in the order %s are the whole list, in order, with no row twice', async (order, inOrder) => {
    await seed(40);
    const whole = await overdueRows(t.db, { today: TODAY }, { order });
    expect(whole).toHaveLength(ROWS);
    const pages = [];
    for (let offset = 0; offset < ROWS; offset += 15) pages.push(...(await overdueRows(t.db, { today: TODAY }, { order, limit: 15, offset })));
    expect(pages).toEqual(whole);
    expect(whole.every((r, i) => i === 0 || inOrder(whole[i - 1]!, r))).toBe(true);
  });

  it('filters by unit, owner, step and waiting escalation, and counts per unit and step add up', async () => {
    await seed(40);
    const filter = { today: TODAY, units: ['nord'], owner: 'sr-sofie', stepId: 'teamsamtale' };
    const rows = await overdueRows(t.db, filter, { order: 'days' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.unit === 'nord' && r.ownerStaff.includes('sr-sofie') && r.stepId === 'teamsamtale')).toBe(true);
    expect((await overdueRows(t.db, { today: TODAY, escalated: true }, { order: 'days' })).every((r) => r.escalationLevel > 0)).toBe(true);

    const counts = await overdueCounts(t.db, { today: TODAY });
    expect(counts.map((c) => `${c.unit}:${c.stepId}`)).toEqual(['nord:sagsmoede', 'nord:screening', 'nord:teamsamtale', 'syd:sagsmoede', 'syd:screening', 'syd:teamsamtale']);
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(ROWS);
    const all = await overdueRows(t.db, { today: TODAY }, { order: 'days' });
    const nordTeam = all.filter((r) => r.unit === 'nord' && r.stepId === 'teamsamtale');
    expect(counts.find((c) => c.unit === 'nord' && c.stepId === 'teamsamtale')).toMatchObject({
      count: nordTeam.length,
      escalated: nordTeam.filter((r) => r.escalationLevel > 0).length,
      daysLate: nordTeam.reduce((n, r) => n + r.daysLate, 0),
      mostDaysLate: Math.max(...nordTeam.map((r) => r.daysLate)),
    });
    expect(await overdueOwners(t.db, { today: TODAY })).toEqual(['sr-mette', 'sr-sofie']);
  });

  it('a page most days late first, of some units or escalations only, is the same slice of the list sorted whole', async () => {
    await seed(40);
    for (const filter of [{ today: TODAY, units: ['nord', 'syd'] }, { today: TODAY, units: ['syd'] }, { today: TODAY, escalated: true }, { today: TODAY, units: ['nord'], owner: 'sr-mette' }]) {
      const whole = await overdueRows(t.db, filter, { order: 'days' });
      for (const [offset, limit] of [[0, 7], [7, 7], [30, 50], [whole.length, 5]] as const) {
        expect(await overdueRows(t.db, filter, { order: 'days', limit, offset })).toEqual(whole.slice(offset, offset + limit));
      }
    }
  });

  it('offers as owners exactly those with an overdue step, on any day, as the cases change hands', async () => {
    await seed(40);
    // Whoever owns an overdue row, by reading every row: what the owner index must answer.
    const fromRows = async (today: string, units?: string[]) =>
      [...new Set((await overdueRows(t.db, { today, units }, { order: 'days' })).flatMap((r) => r.ownerStaff))].sort();
    // Case 0 (nord) changes hands: its one step now belongs to a new caseworker and a health visitor.
    await projectCase(
      t.db,
      { caseId: 'K-0000', programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v-1', unit: 'nord', municipality: '0751', phase: 1, team: { socialraadgiver: 'sr-ny' }, leaders: {}, paused: false, closed: false, asOf: TODAY,
        occurrences: occurrences(0).map((o) => ({ ...o, ownerStaff: ['sr-ny', 'sp-anne'] })) },
      2,
    );
    for (const today of ['2026-02-01', '2026-02-20', TODAY, '2026-04-01']) {
      for (const units of [undefined, ['nord'], ['syd']]) expect(await overdueOwners(t.db, { today, units })).toEqual(await fromRows(today, units));
    }
    expect(await overdueOwners(t.db, { today: TODAY, units: ['nord'] })).toContain('sr-ny');
    // Closed: its owners are gone with its steps.
    await projectCase(t.db, { caseId: 'K-0000', programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v-1', unit: 'nord', municipality: '0751', phase: 1, team: {}, leaders: {}, paused: false, closed: true, asOf: TODAY, occurrences: [] }, 3);
    expect(await overdueOwners(t.db, { today: TODAY })).not.toContain('sr-ny');
    expect(await overdueOwners(t.db, { today: TODAY })).toEqual(await fromRows(TODAY));
  });

  it('the service shows the asked page, the last one for a page beyond the end, and a leader only her units', async () => {
    await seed(40);
    const asked = { order: 'days' as const, escalationsPage: 1, pageSize: 15 };
    const second = await overduePage(OPERATOR, t.db, { ...asked, page: 2 }, TODAY);
    expect(second.list).toMatchObject({ page: 2, pages: 6, total: ROWS, first: 16 });
    expect(second.list.rows).toHaveLength(15);
    const beyond = await overduePage(OPERATOR, t.db, { ...asked, page: 99 }, TODAY);
    expect(beyond.list).toMatchObject({ page: 6, pages: 6, first: 76 });
    expect(beyond.list.rows).toHaveLength(ROWS - 75);
    expect(beyond.escalations.total).toBe((await overdueRows(t.db, { today: TODAY, escalated: true }, { order: 'days' })).length);

    // Karen leads nord in the example directory.
    const karen = await overduePage({ staffId: 'tl-karen', directory: await exampleDirectory() }, t.db, { ...asked, page: 1, unit: 'syd' }, TODAY);
    expect(karen.units).toEqual(['nord']);
    expect(karen.list.total).toBe(0);
    expect(karen.counts.every((c) => c.unit === 'nord')).toBe(true);
  });
});
