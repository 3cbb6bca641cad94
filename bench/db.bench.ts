/**
 * The read model's lists over 10,000 synthetic cases (~60,000 open occurrences, a third of them
 * overdue — cases notified 0–18 months back, little registered), on PGlite and on PostgreSQL side by
 * side: the leaders' overdue list for one unit, for three units and for every unit (`vugge
 * overdue`), a caseworker's tasks, and the projection writes that fill it. SQL time only, measured
 * in this process. Goal: the overdue list ≤ 50 ms.
 *
 *   npx tsx bench/db.bench.ts [--cases 10000] [--runs 40] [--only pglite|postgres]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../activities/db/driver.js';
import { migrate } from '../activities/db/migrate.js';
import type { CaseProjection, ProjectedOccurrence } from '../activities/db/projection.js';
import { overdueForUnits, overdueQuery, projectCase, staffTasks, type OverdueFilter } from '../activities/db/read-model.js';
import { postgresMissing, startPostgres, type PostgresServer } from '../tests/helpers/postgres.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, runs: { type: 'string', default: '40' }, only: { type: 'string' } } });
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const TODAY = '2026-06-15';
const UNITS = ['nord', 'syd', 'oest', 'vest', 'midt', 'havn', 'aas', 'skov', 'bakke', 'strand'];
const STEPS = ['underretning_vurdering', 'sagsmoede', 'visitationsmoede', 'opstartsbesoeg', 'netvaerksmoede', 'teamsamtale', 'screening', 'hjemmebesoeg'];
const ROLES = ['socialraadgiver', 'sundhedsplejerske', 'familieterapeut'];

/** A small deterministic generator, so both drivers get the same cases. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

function syntheticCase(n: number, next: () => number): CaseProjection {
  const unit = UNITS[n % UNITS.length]!;
  const team = { socialraadgiver: `sr-${unit}-${n % 40}`, sundhedsplejerske: `sp-${unit}-${n % 25}`, familieterapeut: `ft-${unit}-${n % 15}` };
  const occurrences: ProjectedOccurrence[] = [];
  for (let i = 0; i < 6; i++) {
    const latest = addDays(TODAY, Math.floor(next() * 270) - 90);
    const role = ROLES[Math.floor(next() * ROLES.length)]!;
    occurrences.push({
      stepId: STEPS[(n + i) % STEPS.length]!,
      occurrence: i + 1,
      phase: 2,
      title: 'Trin',
      kind: 'task',
      earliest: addDays(latest, -28),
      target: addDays(latest, -7),
      latest,
      status: latest < TODAY ? 'overdue' : 'open',
      owners: [role],
      ownerStaff: [team[role as keyof typeof team]],
      escalationLevel: latest < TODAY ? 1 : 0,
    });
  }
  return { caseId: `K-${String(n).padStart(6, '0')}`, programmeId: 'spaedbarnsindsatsen', rulesVersion: 'v1', unit, municipality: n % 2 ? '0751' : '0101', phase: 2, team, leaders: { teamleder: `tl-${unit}` }, paused: false, closed: n % 50 === 0, asOf: TODAY, occurrences };
}

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: pick(0.5), p95: pick(0.95) };
}

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; rows: number }> {
  let rows = 0;
  for (let i = 0; i < 5; i++) rows = ((await fn()) as unknown[]).length;
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { ...percentiles(samples), rows };
}

/** The server's own execution time of the overdue list (EXPLAIN ANALYZE), without the driver and row parsing. */
async function sqlTime(db: Database, filter: OverdueFilter): Promise<{ p50: number; p95: number; rows: number }> {
  const { sql, params } = overdueQuery(filter);
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 5; i++) {
    const [row] = await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number; Plan: { 'Actual Rows': number } }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    const plan = row!['QUERY PLAN'][0];
    rows = plan.Plan['Actual Rows'];
    if (i >= 5) samples.push(plan['Execution Time']);
  }
  return { ...percentiles(samples), rows };
}

async function seed(db: Database): Promise<number> {
  const next = random(42);
  const cases = Array.from({ length: CASES }, (_, n) => syntheticCase(n, next));
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i += 10) await Promise.all(cases.slice(i, i + 10).map((c) => projectCase(db, c, 1)));
  const seconds = (performance.now() - t0) / 1000;
  await db.exec('ANALYZE');
  return CASES / seconds;
}

type Figures = Record<string, { p50: number; p95: number; rows: number }>;

async function measure(db: Database): Promise<{ writesPerSecond: number; figures: Figures }> {
  await migrate(db);
  const writesPerSecond = await seed(db);
  const lists: [string, OverdueFilter][] = [
    ['overdue, 1 unit', { today: TODAY, units: ['nord'] }],
    ['overdue, 3 units', { today: TODAY, units: ['nord', 'syd', 'vest'] }],
    ['overdue, all units (vugge overdue)', { today: TODAY }],
  ];
  const figures: Figures = {};
  for (const [name, filter] of lists) {
    figures[`${name}: SQL`] = await sqlTime(db, filter);
    figures[`${name}: with the driver`] = await time(() => overdueForUnits(db, filter));
  }
  Object.assign(figures, {
    "a caseworker's tasks, 14 days: with the driver": await time(() => staffTasks(db, { staffId: 'sr-nord-0', today: TODAY, days: 14 })),
  });
  return { writesPerSecond, figures };
}

const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
if (values.only !== 'postgres') {
  const db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  results.pglite = await measure(db);
  await db.close();
}
if (values.only !== 'pglite') {
  const missing = postgresMissing();
  if (missing) console.log(`PostgreSQL skipped: ${missing}`);
  else {
    const server: PostgresServer = await startPostgres();
    try {
      const db = await openDatabase({ driver: 'postgres', url: server.url(), poolSize: 10 });
      results.postgres = await measure(db);
      await db.close();
    } finally {
      server.stop();
    }
  }
}

const drivers = Object.keys(results);
const ms = (v: number | undefined) => (v === undefined ? '—' : `${v.toFixed(1)} ms`);
const lists = Object.keys(results[drivers[0]!]!.figures).filter((name) => !name.endsWith(': SQL'));
console.log(`\n${CASES.toLocaleString('en')} cases, ${(CASES * 6).toLocaleString('en')} occurrences, ${RUNS} runs after 5 warm-ups; SQL = the server's execution time (EXPLAIN ANALYZE), driver = the call as the app makes it\n`);
console.log(`| list | rows | ${drivers.map((d) => `${d} SQL p50 / p95 | ${d} driver p50 / p95`).join(' | ')} |`);
console.log(`| --- | --- | ${drivers.map(() => '--- | ---').join(' | ')} |`);
for (const name of lists) {
  const base = name.replace(/: with the driver$/, '');
  const cells = drivers.map((d) => {
    const sql = results[d]!.figures[`${base}: SQL`];
    const driver = results[d]!.figures[name]!;
    return `${ms(sql?.p50)} / ${ms(sql?.p95)} | ${ms(driver.p50)} / ${ms(driver.p95)}`;
  });
  console.log(`| ${base} | ${results[drivers[0]!]!.figures[name]!.rows.toLocaleString('en')} | ${cells.join(' | ')} |`);
}
console.log(`\nprojectCase writes, 10 at a time: ${drivers.map((d) => `${d} ${Math.round(results[d]!.writesPerSecond)} cases/s`).join(', ')}`);
