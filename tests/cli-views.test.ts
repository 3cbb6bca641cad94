/**
 * What the CLI's lists show a person: step titles and dates instead of ids and week numbers, the
 * current part of a case rather than two years of rows, and numbers the Danish way. Temporal is a
 * fake holding the search attributes and query answers a real case would give.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Obligations, TimelineEntry } from '../workflows/case-views.js';
import { OVERDUE_ITEMS, PROGRAMME, UNIT } from '../workflows/search-attributes.js';
import { connectClient, type VuggeClient } from '../client/service/temporal-client.js';
import { main } from '../client/cli/index.js';
import { count, numberDa } from '../client/cli/format.js';
import { currentEntries, printTimeline } from '../client/cli/cases.js';

vi.mock('../client/service/temporal-client.js', async (original) => ({
  ...(await original<typeof import('../client/service/temporal-client.js')>()),
  connectClient: vi.fn(),
}));

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

/** A Temporal client whose visibility list returns `cases` and whose cases answer with `timeline`. */
function fakeTemporal(cases: { id: string; attributes: Record<string, unknown> }[], timeline: TimelineEntry[] = []): void {
  const client = {
    workflow: {
      list: async function* () {
        for (const c of cases) yield { workflowId: c.id, typedSearchAttributes: { get: (key: { name: string }) => c.attributes[key.name] } };
      },
      getHandle: () => ({ query: async () => timeline }),
    },
  };
  vi.mocked(connectClient).mockResolvedValue({ client, close: async () => undefined } as unknown as VuggeClient);
}

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  stepId: 'hjemmebesoeg', occurrence: 1, phase: 2, title: 'Hjemmebesøg', kind: 'task', status: 'not_yet_open',
  target: '2026-05-04', latest: '2026-05-08', nominal: '2026-05-04', owners: ['sundhedsplejerske'], ownerStaff: ['sp-anne'], ...over,
});

describe('vugge overdue', () => {
  it('shows step titles and dates, not step ids and week numbers as occurrences', async () => {
    fakeTemporal([
      {
        id: 'K-2026-0007',
        attributes: {
          [UNIT.name]: 'nord',
          [PROGRAMME.name]: 'spaedbarnsindsatsen',
          [OVERDUE_ITEMS.name]: ['rfq|2|2026-03-06|sp-anne', 'besoegsnorm|202611|2026-03-15|sp-anne,ft-peter', 'teamsamtale|1|2026-03-02|sr-mette'],
        },
      },
    ]);
    expect(await main(['overdue', '--unit', 'nord'])).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^3 forsinkede trin i enhed nord pr\. /);
    expect(text).toMatch(/K-2026-0007\s+nord\s+RFQ — Reflective Functioning Questionnaire \(hver forælder\) \(nr\. 2\)\s+06.03.2026/);
    expect(text).toMatch(/K-2026-0007\s+nord\s+Besøgsnorm, uge 11 \(09.03–15.03.2026\)\s+15.03.2026/);
    expect(text).toMatch(/K-2026-0007\s+nord\s+Teamsamtale\S*( \S+)*\s+02.03.2026/);
    expect(text).not.toMatch(/\brfq\b|202611|\bteamsamtale\b/);
  });

  it('says "1 forsinket trin" for one', async () => {
    fakeTemporal([{ id: 'K-2026-0008', attributes: { [UNIT.name]: 'syd', [PROGRAMME.name]: 'spaedbarnsindsatsen', [OVERDUE_ITEMS.name]: ['teamsamtale|1|2026-03-02|sr-lars'] } }]);
    expect(await main(['overdue'])).toBe(0);
    expect(out[0]).toMatch(/^1 forsinket trin pr\. /);
  });
});

describe('vugge cases', () => {
  it('counts cases the Danish way: 1 sag, 2 sager', async () => {
    fakeTemporal([{ id: 'K-2026-0009', attributes: {} }], [entry({ status: 'overdue', ownerStaff: ['sr-mette'] })]);
    expect(await main(['cases', '--owner', 'sr-mette'])).toBe(0);
    expect(out[0]).toContain('(1 sag)');
    out = [];
    fakeTemporal([{ id: 'K-2026-0009', attributes: {} }, { id: 'K-2026-0010', attributes: {} }], [entry({ status: 'overdue', ownerStaff: ['sr-mette'] })]);
    expect(await main(['cases', '--owner', 'sr-mette'])).toBe(0);
    expect(out[0]).toContain('(2 sager)');
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
