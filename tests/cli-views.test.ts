/**
 * What the CLI's lists show a person: step titles and dates instead of ids and week numbers, the
 * current part of a case rather than two years of rows, and numbers the Danish way. The lists read
 * the read model, here an in-memory PGlite filled with the projections real cases would write;
 * Temporal is never asked.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DateTime } from 'luxon';
import type { Obligations, TimelineEntry } from '../workflows/case-views.js';
import { connectClient } from '../client/service/temporal-client.js';
import { openDatabase, type Database } from '../activities/db/driver.js';
import { migrate } from '../activities/db/migrate.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import type { CaseProjection, ProjectedOccurrence } from '../activities/db/projection.js';
import { projectCase } from '../activities/db/read-model.js';
import { resetDatabase } from './helpers/databases.js';
import { main } from '../client/cli/index.js';
import { count, numberDa } from '../client/cli/format.js';
import { currentEntries, printTimeline } from '../client/cli/cases.js';

vi.mock('../client/service/temporal-client.js', async (original) => ({
  ...(await original<typeof import('../client/service/temporal-client.js')>()),
  connectClient: vi.fn(() => {
    throw new Error('Temporal was asked');
  }),
}));
vi.mock('../activities/db/index.js', async (original) => ({
  ...(await original<typeof import('../activities/db/index.js')>()),
  openVuggeDatabase: vi.fn(),
}));

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  await migrate(db);
});
afterAll(() => db?.close());
beforeEach(async () => {
  await resetDatabase(db);
  // Each command closes the database it opened: it gets this one, left open for the next.
  vi.mocked(openVuggeDatabase).mockResolvedValue({ ...db, close: async () => undefined });
});

let out: string[] = [];
beforeEach(() => {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.stubEnv('VUGGE_STAFF_FILE', 'config/staff.example.yaml');
  vi.stubEnv('VUGGE_DATA_DIR', '/nonexistent/vugge-test');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
const inDays = (n: number) => DateTime.fromISO(today, { zone: 'Europe/Copenhagen' }).plus({ days: n }).toISODate()!;

let seq = 0;
/** A case's projection as its workflow writes it: unit, team and open occurrences with their titles. */
async function project(caseId: string, unit: string, occurrences: Partial<ProjectedOccurrence>[], team: Record<string, string> = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne' }): Promise<void> {
  const projection: CaseProjection = {
    caseId, programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v1', unit, municipality: '0751', phase: 2, team, paused: false, closed: false, asOf: today,
    occurrences: occurrences.map((o) => ({ stepId: 'hjemmebesoeg', occurrence: 1, phase: 2, title: 'Hjemmebesøg', kind: 'task', target: o.latest!, latest: today, status: 'open', owners: ['sundhedsplejerske'], ownerStaff: ['sp-anne'], ...o })),
  };
  await projectCase(db, projection, ++seq);
}

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  stepId: 'hjemmebesoeg', occurrence: 1, phase: 2, title: 'Hjemmebesøg', kind: 'task', status: 'not_yet_open',
  target: '2026-05-04', latest: '2026-05-08', nominal: '2026-05-04', owners: ['sundhedsplejerske'], ownerStaff: ['sp-anne'], ...over,
});

describe('vugge overdue', () => {
  it('shows step titles and dates, not step ids and week numbers as occurrences', async () => {
    await project('K-2026-0007', 'nord', [
      { stepId: 'rfq', occurrence: 2, title: 'RFQ — Reflective Functioning Questionnaire (hver forælder)', latest: '2026-03-06', status: 'overdue' },
      { stepId: 'besoegsnorm', occurrence: 202611, title: 'Besøgsnorm', kind: 'visit', latest: '2026-03-15', status: 'overdue', ownerStaff: ['sp-anne', 'ft-peter'] },
      { stepId: 'teamsamtale', title: 'Teamsamtale', latest: '2026-03-02', status: 'overdue', ownerStaff: ['sr-mette'] },
      { stepId: 'screening', title: 'Screening', latest: inDays(3) },
    ]);
    await project('K-2026-0017', 'syd', [{ stepId: 'teamsamtale', title: 'Teamsamtale', latest: '2026-03-02', status: 'overdue', ownerStaff: ['sr-lars'] }]);
    expect(await main(['overdue', '--unit', 'nord'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^3 forsinkede trin i enhed nord pr\. /);
    expect(text).toMatch(/K-2026-0007\s+nord\s+RFQ — Reflective Functioning Questionnaire \(hver forælder\) \(nr\. 2\)\s+06.03.2026/);
    expect(text).toMatch(/K-2026-0007\s+nord\s+Besøgsnorm, uge 11 \(09.03–15.03.2026\)\s+15.03.2026/);
    expect(text).toMatch(/K-2026-0007\s+nord\s+Teamsamtale\S*( \S+)*\s+02.03.2026/);
    expect(text).not.toMatch(/\brfq\b|202611|\bteamsamtale\b|Screening|K-2026-0017/);
    expect(connectClient).not.toHaveBeenCalled();
  });

  it('shows a long list 50 rows at a time, most days late first, with the count per unit and the command for the next page', async () => {
    // 61 overdue steps: one a day late for each of 61 cases, in both units.
    for (let n = 1; n <= 61; n++) {
      const unit = n % 3 ? 'nord' : 'syd';
      await project(`K-2026-${String(n).padStart(4, '0')}`, unit, [{ stepId: 'teamsamtale', title: 'Teamsamtale', latest: inDays(-n), status: 'overdue', ownerStaff: ['sr-mette'] }]);
    }
    expect(await main(['overdue'])).toBe(0);
    let text = out.join('\n');
    expect(text).toMatch(/^61 forsinkede trin pr\. \S+\nnord 41 · syd 20\n/);
    const listed = () => [...out.join('\n').matchAll(/^(K-2026-\d{4})\s/gm)].map((m) => m[1]);
    expect(listed()).toHaveLength(50);
    expect(listed()[0]).toBe('K-2026-0061');
    expect(text).toContain('Side 1 af 2: trin 1–50 af 61 / page 1 of 2\nNæste side / next page: vugge overdue --page 2');
    expect(text).toContain('Alle på én gang / all at once: vugge overdue --all');

    out = [];
    expect(await main(['overdue', '--page', '2'])).toBe(0);
    text = out.join('\n');
    expect(listed()).toEqual(Array.from({ length: 11 }, (_, i) => `K-2026-${String(11 - i).padStart(4, '0')}`));
    expect(text).toContain('Side 2 af 2: trin 51–61 af 61 / page 2 of 2\nFørste side / first page: vugge overdue --page 1');

    out = [];
    expect(await main(['overdue', '--unit', 'syd', '--page', '9'])).toBe(0);
    expect(out[0]).toMatch(/^20 forsinkede trin i enhed syd pr\. /);
    expect(listed()).toHaveLength(20);
    expect(out.join('\n')).not.toContain('Side ');

    out = [];
    expect(await main(['overdue', '--all'])).toBe(0);
    expect(listed()).toHaveLength(61);

    out = [];
    expect(await main(['overdue', '--json'])).toBe(0);
    expect((JSON.parse(out.join('\n')) as { caseId: string }[]).map((r) => r.caseId)).toEqual(Array.from({ length: 61 }, (_, i) => `K-2026-${String(61 - i).padStart(4, '0')}`));
  });

  it('says "1 forsinket trin" for one', async () => {
    await project('K-2026-0008', 'syd', [{ stepId: 'teamsamtale', title: 'Teamsamtale', latest: '2026-03-02', status: 'overdue', ownerStaff: ['sr-lars'] }]);
    expect(await main(['overdue'])).toBe(0);
    expect(out[0]).toMatch(/^1 forsinket trin pr\. /);
  });
});

describe('vugge cases', () => {
  it('counts cases the Danish way: 1 sag, 2 sager', async () => {
    await project('K-2026-0009', 'nord', [{ latest: '2026-03-02', status: 'overdue', ownerStaff: ['sr-mette'] }]);
    expect(await main(['cases', '--owner', 'sr-mette'])).toBe(0);
    expect(out[0]).toContain('(1 sag)');
    out = [];
    await project('K-2026-0010', 'nord', [{ latest: inDays(40), ownerStaff: ['sr-mette'] }]);
    expect(await main(['cases', '--owner', 'sr-mette'])).toBe(0);
    expect(out[0]).toContain('(2 sager)');
  });

  it('lists what Mine opgaver lists: overdue, and a target within 14 days even before its window opens', async () => {
    await project('K-2026-0011', 'nord', [
      { stepId: 'teamsamtale', title: 'Teamsamtale', target: '2026-03-02', latest: '2026-03-02', status: 'overdue', ownerStaff: ['sr-mette'] },
      { stepId: 'screening', title: 'Screening', target: inDays(10), latest: inDays(12), status: 'not_yet_open', ownerStaff: ['sr-mette'] },
      { stepId: 'sagsmoede', title: 'Sagsmøde', target: inDays(20), latest: inDays(25), status: 'open', ownerStaff: ['sr-mette'] },
      { stepId: 'hjemmebesoeg', title: 'Hjemmebesøg', target: inDays(1), latest: inDays(2), status: 'open', ownerStaff: ['sp-anne'] },
    ]);
    expect(await main(['cases', '--owner', 'sr-mette', '--json'])).toBe(0);
    expect((JSON.parse(out.join('\n')) as { stepId: string; status: string }[]).map((r) => [r.stepId, r.status])).toEqual([['teamsamtale', 'overdue'], ['screening', 'not_yet_open']]);
    out = [];
    expect(await main(['cases', '--owner', 'sr-mette', '--days', '28'])).toBe(0);
    expect(out[0]).toMatch(/^sr-mette: forsinkede trin og det, der skal gøres de næste 28 dage \(1 sag\)/);
    expect(out.join('\n')).toContain('Sagsmøde [sagsmoede]');
    out = [];
    expect(await main(['cases', '--owner', 'sr-mette', '--days', 'mange'])).toBe(2);
    expect(out[0]).toMatch(/^--days 'mange' skal være et antal dage fra 1 til 366/);
  });
});

describe('vugge case show', () => {
  const today = '2026-03-02';
  // Two years of fortnightly home visits: some done, one overdue, the rest ahead.
  const timeline = Array.from({ length: 52 }, (_, i) => {
    const target = new Date(Date.UTC(2025, 10, 3 + 14 * i)).toISOString().slice(0, 10);
    const status = target < '2026-02-15' ? 'done' : target < today ? 'overdue' : 'not_yet_open';
    return entry({ occurrence: i + 1, target, latest: target, nominal: target, status, doneOn: status === 'done' ? target : undefined });
  });
  const obligations: Obligations = { phase: 2, paused: false, closed: false, open: [], planShort: [], visitShortfalls: [{ weekStart: '2026-02-16', weekEnd: '2026-02-22', loggedHours: 5.5, requiredHours: 6 }] as Obligations['visitShortfalls'] };

  it('keeps what is overdue and the next 8 weeks by default', () => {
    const shown = currentEntries(timeline, today);
    expect(shown.map((e) => e.target)).toEqual(['2026-02-23', '2026-03-09', '2026-03-23', '2026-04-06', '2026-04-20']);
  });

  it('prints that part with a note on --all, and everything with --all', () => {
    printTimeline('K-2026-0011', 2, timeline, obligations, { all: false, today });
    expect(out.join('\n').split('\n').filter((l) => l.includes('Hjemmebesøg'))).toHaveLength(5);
    expect(out.join('\n')).toContain('47 trin mere (udført eller senere end 8 uger) — vis hele forløbet med --all.');
    out = [];
    printTimeline('K-2026-0011', 2, timeline, obligations, { all: true, today });
    expect(out.join('\n').split('\n').filter((l) => l.includes('Hjemmebesøg'))).toHaveLength(52);
  });

  it('writes hours with a decimal comma', () => {
    printTimeline('K-2026-0011', 2, timeline, obligations, { all: false, today });
    expect(out.join('\n')).toContain('Besøgsnorm: ugen 16.02.2026–22.02.2026 har 5,5 af mindst 6 timer.');
  });
});

describe('Danish numbers', () => {
  it.each([
    [5.5, '5,5'],
    [1250, '1.250'],
    [0.25, '0,25'],
  ])('%d → %s', (n, text) => expect(numberDa(n)).toBe(text));

  it.each([
    [1, '1 sag'],
    [2, '2 sager'],
    [0, '0 sager'],
  ])('%d cases → %s', (n, text) => expect(count(n, 'sag', 'sager')).toBe(text));
  it('1 time, 1,5 timer', () => expect([count(1, 'time', 'timer'), count(1.5, 'time', 'timer')]).toEqual(['1 time', '1,5 timer']));
});
