/**
 * The read model on PGlite and PostgreSQL: projections ordered by the case's sequence number, and
 * the indexed lists (overdue for units, a staff member's tasks, a unit's cases, weekly counts).
 */
import { describe, expect, it } from 'vitest';
import type { Database } from '../activities/db/driver.js';
import { projectionOf, type CaseProjection, type ProjectedOccurrence } from '../activities/db/projection.js';
import { casesOfUnits, overdueForUnits, ProjectionRejected, projectCase, staffTasks, takeOverdueSnapshot, weeklyOverdue } from '../activities/db/read-model.js';
import type { CaseSnapshot } from '../workflows/case-messages.js';
import type { Obligations, TimelineEntry } from '../workflows/case-views.js';
import { forEachDatabase } from './helpers/databases.js';

const TODAY = '2026-03-16';

function occ(stepId: string, latest: string, staff: string[], extra: Partial<ProjectedOccurrence> = {}): ProjectedOccurrence {
  return { stepId, occurrence: 1, phase: 2, title: stepId, kind: 'task', target: latest, latest, status: latest < TODAY ? 'overdue' : 'open', owners: ['socialraadgiver'], ownerStaff: staff, ...extra };
}

function projection(caseId: string, unit: string, occurrences: ProjectedOccurrence[], extra: Partial<CaseProjection> = {}): CaseProjection {
  return {
    caseId,
    programmeId: 'spaedbarnsindsatsen',
    rulesVersion: 'v-abc123',
    unit,
    municipality: '0751',
    phase: 2,
    team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anna' },
    leaders: { teamleder: 'tl-karen' },
    paused: false,
    closed: false,
    asOf: TODAY,
    occurrences,
    ...extra,
  };
}

async function dump(db: Database, caseId: string) {
  const cases = await db.query('SELECT case_id, phase, seq, team, leaders, paused, closed, as_of FROM cases WHERE case_id = $1', [caseId]);
  const occurrences = await db.query('SELECT step_id, occurrence, latest, status, owner_staff, escalation_level FROM occurrences WHERE case_id = $1 ORDER BY step_id, occurrence', [caseId]);
  return { cases, occurrences };
}

forEachDatabase('projectCase', (t) => {
  it('stores the case and its open occurrences', async () => {
    expect(await projectCase(t.db, projection('K-2026-0001', 'nord', [occ('teamsamtale', '2026-03-10', ['sp-anna'], { escalationLevel: 1 })]), 1)).toEqual({ applied: true });
    expect(await dump(t.db, 'K-2026-0001')).toEqual({
      cases: [{ case_id: 'K-2026-0001', phase: 2, seq: 1, team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anna' }, leaders: { teamleder: 'tl-karen' }, paused: false, closed: false, as_of: TODAY }],
      occurrences: [{ step_id: 'teamsamtale', occurrence: 1, latest: '2026-03-10', status: 'overdue', owner_staff: ['sp-anna'], escalation_level: 1 }],
    });
  });

  it('ignores an older write that arrives late', async () => {
    await projectCase(t.db, projection('K-2026-0002', 'nord', [occ('netvaerksmoede', '2026-04-01', ['sr-mette'])], { phase: 3 }), 5);
    const newer = await dump(t.db, 'K-2026-0002');
    expect(await projectCase(t.db, projection('K-2026-0002', 'syd', [occ('screening', '2026-02-01', ['sp-anna'])], { phase: 1 }), 3)).toEqual({ applied: false });
    expect(await dump(t.db, 'K-2026-0002')).toEqual(newer);
  });

  it('is idempotent: the same write twice changes nothing the second time', async () => {
    const p = projection('K-2026-0003', 'nord', [occ('teamsamtale', '2026-03-20', ['sp-anna']), occ('screening', '2026-03-01', ['sp-anna'])]);
    await projectCase(t.db, p, 7);
    const once = await dump(t.db, 'K-2026-0003');
    expect(await projectCase(t.db, p, 7)).toEqual({ applied: false });
    expect(await dump(t.db, 'K-2026-0003')).toEqual(once);
  });

  it('keeps the newest of concurrent writes in any order', async () => {
    const order = [4, 9, 1, 10, 3, 7, 2, 8, 6, 5];
    await Promise.all(order.map((seq) => projectCase(t.db, projection('K-2026-0004', 'nord', [occ(`trin_${seq}`, '2026-03-01', ['sr-mette'])], { phase: seq }), seq)));
    const { cases, occurrences } = await dump(t.db, 'K-2026-0004');
    expect(cases[0]).toMatchObject({ seq: 10, phase: 10 });
    expect(occurrences.map((o) => o.step_id)).toEqual(['trin_10']);
  });

  it('replaces the occurrences: a step done since is gone', async () => {
    await projectCase(t.db, projection('K-2026-0005', 'nord', [occ('teamsamtale', '2026-03-10', ['sp-anna']), occ('screening', '2026-03-01', ['sp-anna'])]), 1);
    await projectCase(t.db, projection('K-2026-0005', 'nord', [occ('teamsamtale', '2026-03-10', ['sp-anna'])]), 2);
    expect((await dump(t.db, 'K-2026-0005')).occurrences.map((o) => o.step_id)).toEqual(['teamsamtale']);
  });

  it.each([
    [{ caseId: '0101901234' }, /CPR/],
    [{ unit: 'Nord Enhed' }, /ikke en gyldig kode/],
    [{ asOf: '2026-02-30' }, /februar 2026 har 28 dage/],
  ])('refuses a projection with %o in one sentence', async (bad, message) => {
    const p = { ...projection('K-2026-0006', 'nord', []), ...bad };
    await expect(projectCase(t.db, p, 1)).rejects.toThrowError(ProjectionRejected);
    await expect(projectCase(t.db, p, 1)).rejects.toThrowError(message);
  });
});

forEachDatabase('read model lists', (t) => {
  async function seed() {
    await projectCase(t.db, projection('K-N-1', 'nord', [occ('teamsamtale', '2026-03-02', ['sp-anna']), occ('screening', '2026-03-13', ['sp-anna']), occ('sagsmoede', '2026-03-20', ['sr-mette'])]), 1);
    await projectCase(t.db, projection('K-N-2', 'nord', [occ('visitationsmoede', '2026-03-13', ['sr-mette']), occ('opstartsbesoeg', '2026-04-20', ['sr-mette'])]), 1);
    await projectCase(t.db, projection('K-S-1', 'syd', [occ('netvaerksmoede', '2026-02-16', ['sr-ole'], { escalationLevel: 2 }), occ('teamsamtale', '2026-03-16', ['sp-anna'])]), 1);
    await projectCase(t.db, projection('K-V-1', 'vest', [occ('teamsamtale', '2026-01-01', ['sp-anna'])]), 1);
    await projectCase(t.db, projection('K-N-3', 'nord', [occ('teamsamtale', '2026-01-01', ['sp-anna'])], { closed: true }), 1);
  }

  it('lists the overdue steps of the units asked for: by unit, most days late first, then owner', async () => {
    await seed();
    const rows = await overdueForUnits(t.db, { today: TODAY, units: ['nord', 'syd'] });
    expect(rows.map((r) => [r.unit, r.caseId, r.stepId, r.daysLate, r.ownerStaff.join(',')])).toEqual([
      ['nord', 'K-N-1', 'teamsamtale', 14, 'sp-anna'],
      ['nord', 'K-N-1', 'screening', 3, 'sp-anna'],
      ['nord', 'K-N-2', 'visitationsmoede', 3, 'sr-mette'],
      ['syd', 'K-S-1', 'netvaerksmoede', 28, 'sr-ole'],
    ]);
    expect(rows[3]).toMatchObject({ municipality: '0751', programmeId: 'spaedbarnsindsatsen', escalationLevel: 2, owners: ['socialraadgiver'], latest: '2026-02-16', paused: false });
  });

  it('counts days late from the day asked about, not from when the case last wrote', async () => {
    await seed();
    const rows = await overdueForUnits(t.db, { today: '2026-03-21', units: ['syd'] });
    expect(rows.map((r) => [r.stepId, r.daysLate])).toEqual([
      ['netvaerksmoede', 33],
      ['teamsamtale', 5],
    ]);
  });

  it('narrows to one owner, or lists every unit when none is given', async () => {
    await seed();
    expect((await overdueForUnits(t.db, { today: TODAY, owner: 'sr-mette' })).map((r) => r.stepId)).toEqual(['visitationsmoede']);
    expect((await overdueForUnits(t.db, { today: TODAY })).map((r) => r.caseId)).toEqual(['K-N-1', 'K-N-1', 'K-N-2', 'K-S-1', 'K-V-1']);
    expect(await overdueForUnits(t.db, { today: TODAY, units: ['nord'], municipality: '0101' })).toEqual([]);
  });

  it("lists a staff member's overdue steps first, then those due in the next days", async () => {
    await seed();
    const rows = await staffTasks(t.db, { staffId: 'sr-mette', today: TODAY, days: 14 });
    expect(rows.map((r) => [r.caseId, r.stepId, r.overdue, r.daysLate])).toEqual([
      ['K-N-2', 'visitationsmoede', true, 3],
      ['K-N-1', 'sagsmoede', false, 0],
    ]);
    expect((await staffTasks(t.db, { staffId: 'sr-mette', today: TODAY, days: 60 })).map((r) => r.stepId)).toContain('opstartsbesoeg');
  });

  it("lists a unit's open cases with their overdue count and next target", async () => {
    await seed();
    const rows = await casesOfUnits(t.db, { units: ['nord'], today: TODAY });
    expect(rows.map((r) => [r.caseId, r.overdue, r.nextTarget])).toEqual([
      ['K-N-1', 2, '2026-03-20'],
      ['K-N-2', 1, '2026-04-20'],
    ]);
    expect((await casesOfUnits(t.db, { units: ['nord'], today: TODAY, includeClosed: true })).map((r) => r.caseId)).toEqual(['K-N-1', 'K-N-2', 'K-N-3']);
  });

  it('counts overdue steps per unit for the last 12 weeks from the daily snapshots', async () => {
    await seed();
    await takeOverdueSnapshot(t.db, '2026-03-04'); // Wednesday: nord 1 (teamsamtale), syd 1
    await takeOverdueSnapshot(t.db, '2026-03-06'); // Friday, the week's last: the same
    await takeOverdueSnapshot(t.db, TODAY); // Monday: nord 3, syd 1
    await takeOverdueSnapshot(t.db, TODAY); // taken twice: replaced, not doubled
    await takeOverdueSnapshot(t.db, '2026-01-02'); // nothing overdue yet: 0, not missing
    const weeks = await weeklyOverdue(t.db, { units: ['nord', 'syd'], today: TODAY });
    expect(weeks).toHaveLength(24);
    const byWeek = (week: string) => weeks.filter((w) => w.weekStart === week).map((w) => [w.unit, w.count]);
    expect(byWeek('2026-03-16')).toEqual([['nord', 3], ['syd', 1]]);
    expect(byWeek('2026-03-02')).toEqual([['nord', 1], ['syd', 1]]);
    expect(byWeek('2026-03-09')).toEqual([['nord', null], ['syd', null]]);
    expect(byWeek('2025-12-29')).toEqual([['nord', 0], ['syd', 0]]);
    expect(weeks[0]!.weekStart).toBe('2025-12-29');
  });
});

describe('projectionOf: the thin mapping from the case queries', () => {
  const entry = (stepId: string, status: TimelineEntry['status']): TimelineEntry => ({
    stepId, occurrence: 1, phase: 2, title: 'Teamsamtale', kind: 'meeting', status, target: '2026-03-10', latest: '2026-03-12', nominal: '2026-03-10', time: '10:00', owners: ['sundhedsplejerske'], ownerStaff: ['sp-anna'],
  });
  const snapshot = { caseId: 'K-2026-0042', programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v1', unit: 'nord', municipality: '0751', team: { sundhedsplejerske: 'sp-anna', familieterapeut: 'ft-bo' }, leaders: { teamleder: 'tl-karen' }, notified: '2026-01-05', facts: { caseId: 'K-2026-0042', facts: [] } } as unknown as CaseSnapshot;
  const obligations: Obligations = { phase: 2, paused: false, closed: false, open: [entry('teamsamtale', 'overdue')], planShort: [], visitShortfalls: [{ weekStart: '2026-03-02', weekEnd: '2026-03-08', requiredHours: 3, loggedHours: 1 }], visitNormOwners: ['sundhedsplejerske', 'familieterapeut'] };

  it('maps the case, its open occurrences with escalation levels, and visit-norm shortfalls', () => {
    const p = projectionOf(snapshot, obligations, TODAY, { 'teamsamtale:1': 2 });
    expect(p).toMatchObject({ caseId: 'K-2026-0042', unit: 'nord', phase: 2, leaders: { teamleder: 'tl-karen' }, asOf: TODAY });
    expect(p.occurrences).toEqual([
      { stepId: 'teamsamtale', occurrence: 1, phase: 2, title: 'Teamsamtale', kind: 'meeting', target: '2026-03-10', latest: '2026-03-12', time: '10:00', status: 'overdue', owners: ['sundhedsplejerske'], ownerStaff: ['sp-anna'], escalationLevel: 2 },
      { stepId: 'besoegsnorm', occurrence: 202610, phase: 2, title: 'Besøgsnorm', kind: 'visit', earliest: '2026-03-02', target: '2026-03-08', latest: '2026-03-08', status: 'overdue', owners: ['sundhedsplejerske', 'familieterapeut'], ownerStaff: ['sp-anna', 'ft-bo'], escalationLevel: 0 },
    ]);
  });
});
