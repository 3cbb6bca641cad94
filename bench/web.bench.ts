/**
 * The leaders' *Forsinket* page and a caseworker's *Mine opgaver* over real HTTP, signed in through
 * the local OpenID provider, on a read model of 10,000 Spædbarnsindsatsen cases — on PGlite and on
 * PostgreSQL side by side. Each case is planned by the real planner, notified 0–18 months back, with
 * a team that does nine steps in ten on their target day (the rest stay overdue; --done sets the share,
 * 0 for a team that registers nothing, the worst case, as bench/scale.ts opens its cases), the birth four
 * months after notification; it is written with `projectCase` as a case projects itself (open, due
 * soon and overdue steps, and those not yet open with a target within 14 days). Temporal is not
 * running: the pages must not ask it (the client throws if they do).
 *
 *   npx tsx bench/web.bench.ts [--cases 10000] [--runs 20] [--only pglite|postgres] [--done 0.9]
 *
 * Reports p50/p95 of the whole page (request to last byte, its first page of 50 rows) for a team
 * leader of one unit (nord, half the cases) and a department leader of both (all cases), the whole
 * overdue list's SQL alone (EXPLAIN ANALYZE), the page's own queries through the driver (counts per
 * unit and step, owners, one page of rows and of escalations), and *Mine opgaver* of a caseworker
 * on 40 cases. Goals: page p95 ≤ 300 ms, SQL ≤ 50 ms.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { openDatabase, type Database } from '../activities/db/driver.js';
import { migrate } from '../activities/db/migrate.js';
import type { ProjectedOccurrence } from '../activities/db/projection.js';
import { overdueForUnits, overdueQuery, projectCase, takeOverdueSnapshot } from '../activities/db/read-model.js';
import { compile } from '../dsl/compile/compile.js';
import type { Fact } from '../dsl/facts.js';
import { plan } from '../dsl/plan/index.js';
import { startWeb } from '../client/web/main.js';
import { overduePage } from '../client/service/overdue.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import { startEventOf } from '../workflows/case-state.js';
import { postgresMissing, startPostgres, type PostgresServer } from '../tests/helpers/postgres.js';
import { CookieJar, send, signIn } from '../tests/web/sign-in-flow.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, runs: { type: 'string', default: '20' }, only: { type: 'string' }, done: { type: 'string', default: '0.9' } } });
const CASES = Number(values.cases);
/** The share of due steps the team registers done (0: nothing registered, every due step overdue, as in scale.ts). */
const DONE = Number(values.done);
const RUNS = Number(values.runs);
const ZONE = 'Europe/Copenhagen';
const NOW = DateTime.now().setZone(ZONE).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
const TODAY = NOW.toISODate()!;
const HORIZON = NOW.plus({ days: 14 }).toISODate()!;
const compiled = compile(readFileSync(new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url), 'utf8'));
if (!compiled.ok) throw new Error('rules/spaedbarnsindsatsen.rules does not compile');
const programme = compiled.programme;
const startEvent = startEventOf(programme)!;
/** The caseworker whose Mine opgaver is measured: on every 250th case, 40 at 10,000. */
const CASEWORKER = 'sr-mette';

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** One case as its workflow would project it today: planned, worked by a mostly diligent team. */
function projectionOfCase(n: number, next: () => number) {
  const unit = n % 2 ? 'syd' : 'nord';
  const notified = NOW.minus({ days: Math.floor(next() * 548) }).toISODate()!;
  const team: Record<string, string> = {
    socialraadgiver: n % 250 === 0 ? CASEWORKER : `sr-${unit}-${n % 120}`,
    sundhedsplejerske: `sp-${unit}-${n % 80}`,
    familieterapeut: `ft-${unit}-${n % 60}`,
  };
  const leaders: Record<string, string> = unit === 'nord' ? { teamleder: 'tl-karen', leder_bfr: 'al-henrik' } : { teamleder: 'tl-jens', leder_bfr: 'al-henrik' };
  const caseId = `K-${String(n).padStart(6, '0')}`;
  const facts: Fact[] = [{ kind: 'event', event: startEvent, date: notified }];
  const birth = DateTime.fromISO(notified, { zone: ZONE }).plus({ days: 120 }).toISODate()!;
  if (birth <= TODAY) facts.push({ kind: 'event', event: 'birth', date: birth });
  // Three rounds: steps done unlock the next ones; a share of them (--done, nine in ten by default) is done.
  let current = plan(programme, { caseId, facts }, NOW.toUTC().toISO()!);
  for (let round = 0; round < 3; round++) {
    const done = current.occurrences.filter((o) => o.status !== 'done' && o.status !== 'not_applicable' && o.target < TODAY && next() < DONE);
    if (!done.length) break;
    for (const o of done) facts.push({ kind: 'done', step: o.stepId, occurrence: o.occurrence, date: o.target } as Fact);
    current = plan(programme, { caseId, facts }, NOW.toUTC().toISO()!);
  }
  const occurrences: ProjectedOccurrence[] = current.occurrences
    .filter((o) => ['open', 'due_soon', 'overdue'].includes(o.status) || (o.status === 'not_yet_open' && o.target <= HORIZON))
    .map((o) => ({
      stepId: o.stepId,
      occurrence: o.occurrence,
      phase: o.phase,
      title: o.title,
      kind: o.kind,
      target: o.target,
      latest: o.latest,
      time: o.time,
      status: o.status as ProjectedOccurrence['status'],
      owners: o.owners,
      ownerStaff: [...new Set(o.owners.map((r) => leaders[r] ?? team[r]).filter((s): s is string => Boolean(s)))],
      escalationLevel: o.escalations.filter((e) => e.at <= NOW.toUTC().toISO()!).reduce((m, e) => Math.max(m, e.level), 0),
    }));
  return { caseId, programmeId: programme.id, rulesVersion: programme.version, unit, municipality: '0751', phase: current.phase, team, leaders, paused: false, closed: false, asOf: TODAY, occurrences };
}

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: pick(0.5), p95: pick(0.95) };
}

async function seed(db: Database): Promise<{ occurrences: number; seconds: number }> {
  const next = random(7);
  const t0 = performance.now();
  let occurrences = 0;
  for (let i = 0; i < CASES; i += 10) {
    const batch = Array.from({ length: Math.min(10, CASES - i) }, (_, k) => projectionOfCase(i + k, next));
    occurrences += batch.reduce((sum, p) => sum + p.occurrences.length, 0);
    await Promise.all(batch.map((p) => projectCase(db, p, 1)));
  }
  // Twelve weeks of daily snapshots would need twelve weeks of history; one a week of today's state stands in.
  for (let w = 11; w >= 0; w--) await takeOverdueSnapshot(db, NOW.minus({ weeks: w }).toISODate()!);
  // What autovacuum does after a bulk load (migration 007 has it vacuum these tables early): the
  // visibility map the counts' index-only scan relies on, and the planner's statistics.
  await db.exec('VACUUM ANALYZE');
  return { occurrences, seconds: (performance.now() - t0) / 1000 };
}

async function sqlTime(db: Database, units: string[]): Promise<{ p50: number; p95: number; rows: number }> {
  const { sql, params } = overdueQuery({ today: TODAY, units });
  const samples: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const [row] = await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
    if (i >= 3) samples.push(row!['QUERY PLAN'][0]['Execution Time']);
  }
  return { ...percentiles(samples), rows: (await overdueForUnits(db, { today: TODAY, units })).length };
}

/**
 * The page's SQL on the server: the statements one `overduePage()` sends (recorded through a
 * wrapper of the driver), each run with EXPLAIN ANALYZE; per statement and their sum per page.
 */
async function pageSqlTime(db: Database, staffId: string): Promise<Figures> {
  const directory = await loadStaffDirectory('config/staff.example.yaml');
  const sent: { sql: string; params: readonly unknown[] }[] = [];
  const recording = { ...db, query: <Row>(sql: string, params: readonly unknown[] = []) => (sent.push({ sql, params }), db.query<Row>(sql, params)) };
  await overduePage({ staffId, directory }, recording, { order: 'days', page: 1, escalationsPage: 1 }, TODAY);
  const perStatement = sent.map(() => [] as number[]);
  const sums: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    let sum = 0;
    for (const [k, { sql, params }] of sent.entries()) {
      const [row] = await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const ms = row!['QUERY PLAN'][0]['Execution Time'];
      sum += ms;
      if (i >= 3) perStatement[k]!.push(ms);
    }
    if (i >= 3) sums.push(sum);
  }
  const figures: Figures = { "the page's SQL, its statements summed": percentiles(sums) };
  // What each statement is, from its text: its first columns or its aggregate.
  const nameOf = (sql: string) =>
    /DISTINCT s\.owner|case_owners/.test(sql) ? 'owners' : /GROUP BY/.test(sql) ? 'counts per unit and step' : /escalation_level > 0/.test(sql) ? 'a page of escalations' : 'a page of rows';
  for (const [k, { sql }] of sent.entries()) figures[`  statement ${k + 1}: ${nameOf(sql)}`] = percentiles(perStatement[k]!);
  return figures;
}

/** The page's own queries (counts, owners, a page of rows and of escalations) through the driver. */
async function pageQueriesTime(db: Database, staffId: string): Promise<{ p50: number; p95: number; rows: number }> {
  const directory = await loadStaffDirectory('config/staff.example.yaml');
  const request = { order: 'days' as const, page: 1, escalationsPage: 1 };
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const page = await overduePage({ staffId, directory }, db, request, TODAY);
    if (i >= 3) samples.push(performance.now() - t0);
    rows = page.list.rows.length;
  }
  return { ...percentiles(samples), rows };
}

async function pageTime(jar: CookieJar, url: string): Promise<{ p50: number; p95: number; bytes: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await send(jar, url);
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    bytes = res.body.length;
    if (i >= 3) samples.push(ms);
  }
  return { ...percentiles(samples), bytes };
}

type Figures = Record<string, { p50: number; p95: number; rows?: number; bytes?: number }>;

async function measure(db: Database): Promise<{ seed: { occurrences: number; seconds: number }; figures: Figures }> {
  await migrate(db);
  const seeded = await seed(db);
  const noTemporal = new Proxy({}, { get: () => { throw new Error('the page asked Temporal'); } }) as Client;
  const web = await startWeb({ client: noTemporal, db, env: { VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0', VUGGE_STAFF_FILE: 'config/staff.example.yaml', VUGGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'vugge-bench-web-')) } });
  try {
    const figures: Figures = {};
    for (const [who, units] of [['tl-karen', ['nord']], ['al-henrik', ['nord', 'syd']]] as const) {
      const jar = new CookieJar();
      await signIn(jar, web.url, who);
      figures[`Forsinket, ${who} (${units.join('+')}): SQL of the whole list`] = await sqlTime(db, [...units]);
      figures[`Forsinket, ${who} (${units.join('+')}): the page's queries`] = await pageQueriesTime(db, who);
      for (const [name, f] of Object.entries(await pageSqlTime(db, who))) figures[`Forsinket, ${who}: ${name}`] = f;
      figures[`Forsinket, ${who} (${units.join('+')}): page`] = await pageTime(jar, `${web.url}/forsinket`);
    }
    const jar = new CookieJar();
    await signIn(jar, web.url, CASEWORKER);
    figures[`Mine opgaver, ${CASEWORKER} (${Math.ceil(CASES / 250)} cases): page`] = await pageTime(jar, `${web.url}/opgaver`);
    return { seed: seeded, figures };
  } finally {
    await web.close();
  }
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const drivers = (['pglite', 'postgres'] as const).filter((d) => !values.only || values.only === d);
for (const driver of drivers) {
  if (driver === 'postgres' && postgresMissing()) {
    console.log(`postgres: skipped (${postgresMissing()})`);
    continue;
  }
  let server: PostgresServer | undefined;
  let db: Database;
  if (driver === 'postgres') {
    server = await startPostgres();
    await server.createDatabase('vugge_bench');
    db = await openDatabase({ driver: 'postgres', url: server.url('vugge_bench'), poolSize: 10 });
  } else {
    db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  }
  try {
    const { seed: seeded, figures } = await measure(db);
    console.log(`\n${driver}: ${CASES} cases, ${seeded.occurrences} projected occurrences, seeded in ${seeded.seconds.toFixed(0)} s`);
    for (const [name, f] of Object.entries(figures)) {
      console.log(`  ${name}: p50 ${ms(f.p50)}, p95 ${ms(f.p95)}${f.rows !== undefined ? `, ${f.rows} rows` : ''}${f.bytes !== undefined ? `, ${Math.round(f.bytes / 1024)} KB` : ''}`);
    }
  } finally {
    await db.close();
    server?.stop();
  }
}
