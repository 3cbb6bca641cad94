/**
 * One worker, many open cases: a dev server and one worker process (this file with --worker), then
 *  1. one-timer workflows opened as fast as the server takes them: the server's own rate;
 *  2. --cases Spædbarn cases notified 0–18 months back (units and teams of config/staff.example.yaml,
 *     nothing registered yet, so each first task catches up on what is overdue): opening rate ÷ the
 *     one-timer rate, and the worker's CPU per case;
 *  3. the worker's RSS with every case cached (after a full GC);
 *  4. the morning wake burst: --burst (default 6 %) more cases chosen, with the case workflow's own
 *     planning code, so that their next wake after the first task is one instant a minute or two
 *     ahead (the programme's reminder time, normally 08:00, set to that minute for them). Measured
 *     from that instant until every one of them has sent its mails;
 *  5. p50/p95 of the leaders' overdue list — its page's queries through the service layer
 *     (client/service/overdue.ts), the web page /forsinket over HTTP signed in through the local
 *     OpenID provider, and `vugge overdue` as a process (its first page, and --all) — and of a
 *     caseworker's list (client/service/owner-steps.ts).
 *
 *   npx tsx bench/scale.ts [--cases 1000] [--burst 0.06] [--list-runs 10] [--cache N] [--cpu-prof DIR]
 *
 * --cache sets the case worker's maxCachedWorkflows (default: every case, so step 3 holds them all);
 * --cpu-prof writes the worker's CPU profile of the whole run to DIR (node --cpu-prof).
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Programme } from '../dsl/compile/model.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import { overduePage } from '../client/service/overdue.js';
import { startWeb } from '../client/web/main.js';
import { CookieJar, send, signIn } from '../tests/web/sign-in-flow.js';
import { ownerSteps } from '../client/service/owner-steps.js';
import { loadRules } from '../tests/workflow-harness.js';
import { startTestDevServer } from '../tests/helpers/temporal.js';
import { startPostgres } from '../tests/helpers/postgres.js';
import { loadDatabaseConfig } from '../activities/db/config.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import { burstCandidates, ZONE } from './scale-burst.js';
import { bundleStaleness } from '../client/bundle-state.mjs';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    burst: { type: 'string', default: '0.06' },
    'list-runs': { type: 'string', default: '10' },
    cache: { type: 'string' },
    'cpu-prof': { type: 'string' },
    worker: { type: 'boolean', default: false },
  },
});

interface WorkerStatus {
  cached: number;
  inFlight: number;
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  externalMb: number;
  cpuMs: number;
}

/** Talks to the worker process: one request, one answer. */
function workerLink(child: ChildProcess) {
  let next = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => waiting.get(m.id)?.(m.value));
  return <T>(cmd: string, arg?: unknown): Promise<T> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (value: unknown) => void);
      child.send({ id, cmd, arg });
    });
}

/** Stops a worker process; it exits by itself (so a CPU profile is written), killed only if it does not. */
async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.send({ id: -1, cmd: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** A seeded random source, so two runs open the same cases. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const TEAMS = {
  nord: [
    { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' },
    { socialraadgiver: 'sr-sofie', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' },
  ],
  syd: [{ socialraadgiver: 'sr-lars', sundhedsplejerske: 'sp-hanne', familieterapeut: 'ft-ida' }],
} as const;

async function startAll(client: Client, starts: { workflowId: string; type: string; taskQueue: string; args: unknown[] }[]): Promise<void> {
  let next = 0;
  const one = async () => {
    for (let i = next++; i < starts.length; i = next++) {
      const s = starts[i]!;
      await client.workflow.start(s.type, { taskQueue: s.taskQueue, workflowId: s.workflowId, args: s.args });
    }
  };
  await Promise.all(Array.from({ length: 32 }, one));
}

async function main(): Promise<void> {
  const cases = Number(values.cases);
  const burst = Math.round(cases * Number(values.burst));
  const listRuns = Number(values['list-runs']);
  const server = await startTestDevServer();
  // The read model the lists read: a throwaway PostgreSQL the worker projects into.
  const postgres = await startPostgres();
  await postgres.createDatabase('vugge_scale');
  const databaseUrl = postgres.url('vugge_scale');
  const execArgv = ['--import', 'tsx', '--expose-gc', '--max-old-space-size=4096'];
  /** A worker process of one role (bench/scale-worker.ts): the case worker, or the one-timers' worker. */
  const workerProcess = (role: 'cases' | 'timers', cache: string, cpuProf?: string) =>
    fork(fileURLToPath(import.meta.url), ['--worker'], {
      execArgv: cpuProf ? [...execArgv, '--cpu-prof', '--cpu-prof-dir', cpuProf] : execArgv,
      env: { ...process.env, TEMPORAL_ADDRESS: server.address, VUGGE_DATABASE_URL: databaseUrl, VUGGE_SCALE_ROLE: role, VUGGE_SCALE_CACHE: cache },
    });
  const timers = workerProcess('timers', String(cases + 100));
  const child = workerProcess('cases', values.cache ?? String(cases + burst + 100), values['cpu-prof']);
  const askTimers = workerLink(timers);
  const ask = workerLink(child);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const db = await openVuggeDatabase(loadDatabaseConfig({ VUGGE_DATABASE_URL: databaseUrl }));
  const until = async (done: (s: WorkerStatus) => boolean | Promise<boolean>, of = ask) => {
    for (;;) {
      const s = await of<WorkerStatus>('status');
      if (await done(s)) return s;
      await pause(50);
    }
  };
  /** Cases whose first task has run: each projects itself into the read model then (a smaller cache evicts them, so the cache cannot count them). */
  const opened = async (prefix: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE starts_with(case_id, $1)', [prefix]))[0]!.n;
  try {
    await Promise.all([ask('ready'), askTimers('ready')]);
    // 1. The server's own rate: one-timer workflows, the same number, the same 32 starters.
    let t0 = performance.now();
    await startAll(client, Array.from({ length: cases }, (_, i) => ({ workflowId: `T-${i}`, type: 'sleepThirtyDays', taskQueue: 'scale-timers', args: [] })));
    await until((s) => s.cached >= cases && s.inFlight === 0, askTimers);
    const timerRate = cases / ((performance.now() - t0) / 1000);
    await stopWorker(timers);

    // 2. Cases notified 0–18 months back.
    const programme = loadRules('spaedbarnsindsatsen');
    const now = DateTime.now().setZone(ZONE);
    const rnd = random(12);
    const caseStarts = Array.from({ length: cases }, (_, i) => {
      const unit = i % 3 === 2 ? 'syd' : 'nord';
      const team = TEAMS[unit][i % TEAMS[unit].length]!;
      const notified = now.minus({ days: Math.floor(rnd() * 548) }).toISODate()!;
      const dueDate = DateTime.fromISO(notified, { zone: ZONE }).plus({ days: 20 + Math.floor(rnd() * 200) }).toISODate()!;
      const caseId = `S-${String(i).padStart(5, '0')}`;
      return { workflowId: caseId, type: 'caseWorkflow', taskQueue: 'scale-cases', args: [{ caseId, programme, unit, municipality: '0751', team, notified, dueDate, openedBy: team.socialraadgiver }] };
    });
    const cpuBefore = (await ask<WorkerStatus>('status')).cpuMs;
    t0 = performance.now();
    await startAll(client, caseStarts);
    const openedStatus = await until(async (s) => s.inFlight === 0 && (await opened('S-')) >= cases);
    const caseRate = cases / ((performance.now() - t0) / 1000);
    const cpuPerCase = (openedStatus.cpuMs - cpuBefore) / cases;

    // 3. RSS with every case cached.
    const held = await ask<WorkerStatus>('gc-status');

    // 4. The wake burst: cases whose next wake is the same instant, a little ahead.
    const mb = (x: number) => x.toFixed(0);
    console.log(`Cases: ${cases} (+${burst} for the wake burst), one worker, cache ${values.cache ?? 'all'}`);
    console.log(`Opening: ${caseRate.toFixed(1)} cases/s vs one-timer ${timerRate.toFixed(1)}/s, ratio ${(caseRate / timerRate).toFixed(2)} (goal ≥ 0.8); worker CPU ${cpuPerCase.toFixed(1)} ms a case`);
    console.log(
      `Worker RSS with ${openedStatus.cached} cases cached: ${mb(held.rssMb)} MB (JS heap ${mb(held.heapMb)} MB used of ${mb(held.heapTotalMb)} MB, external ${mb(held.externalMb)} MB; goal ≤ 1 GB at 10,000)`,
    );
    // Three times the time the burst cases should take to open, and two minutes more.
    const opening = DateTime.now().setZone(ZONE);
    const burstAt = opening.set({ second: 0, millisecond: 0 }).plus({ minutes: Math.ceil((3 * burst) / Math.max(0.1, caseRate) / 60) + 2 });
    const wakeProgramme: Programme = { ...programme, reminderTime: burstAt.toFormat('HH:mm') };
    const picks = burstCandidates(wakeProgramme, burstAt, opening);
    const burstStarts = Array.from({ length: picks.length ? burst : 0 }, (_, i) => {
      const pick = picks[i % picks.length]!;
      const unit = i % 3 === 2 ? 'syd' : 'nord';
      const team = TEAMS[unit][i % TEAMS[unit].length]!;
      const caseId = `W-${String(i).padStart(5, '0')}`;
      return { workflowId: caseId, type: 'caseWorkflow', taskQueue: 'scale-cases', args: [{ caseId, programme: wakeProgramme, unit, municipality: '0751', team, notified: pick.notified, dueDate: pick.dueDate, openedBy: team.socialraadgiver }] };
    });
    await startAll(client, burstStarts);
    await until(async (s) => s.inFlight === 0 && (await opened('W-')) >= burstStarts.length);
    let burstSeconds = NaN;
    if (DateTime.now() >= burstAt) console.log('Wake burst: not measured — its cases were opened too late for their wake; rerun with a smaller --burst.');
    else await pause(burstAt.toMillis() - Date.now());
    for (let quiet = DateTime.now() > burstAt.plus({ seconds: 5 }) ? 100 : 0; quiet < 100; ) {
      const w = await ask<{ woke: number; lastMs: number }>('woken', { prefix: 'W-', since: burstAt.toMillis() });
      if (w.woke >= burstStarts.length) {
        burstSeconds = (w.lastMs - burstAt.toMillis()) / 1000;
        break;
      }
      quiet = Date.now() - burstAt.toMillis() > 600_000 ? 100 : quiet;
      await pause(200);
    }

    // 5. The lists, through the service layer.
    const directory = await loadStaffDirectory(fileURLToPath(new URL('../config/staff.example.yaml', import.meta.url)));
    const today = DateTime.now().setZone(ZONE).toISODate()!;
    await pause(2_000); // visibility catches up with the last upserts
    const time = async (f: () => Promise<number>) => {
      const ms: number[] = [];
      let rows = 0;
      for (let i = -1; i < listRuns; i++) {
        const t = performance.now();
        rows = await f();
        if (i >= 0) ms.push(performance.now() - t); // the first call warms up, uncounted
      }
      return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), rows };
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'vugge-scale-'));
    const env = { ...process.env, VUGGE_DATABASE_URL: databaseUrl, VUGGE_STAFF_FILE: 'config/staff.example.yaml', VUGGE_DATA_DIR: dataDir };
    // The page's own queries (counts per unit and step, owners, a page of rows and of escalations) through the driver.
    const leaderQueries = await time(async () => (await overduePage({ staffId: 'al-henrik', directory }, db, { order: 'days', page: 1, escalationsPage: 1 }, today)).list.total);
    // The whole page, request to last byte, signed in through the local OpenID provider.
    const web = await startWeb({ client, db, env: { ...env, VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0' } });
    let leaderPage;
    try {
      const jar = new CookieJar();
      await signIn(jar, web.url, 'al-henrik');
      leaderPage = await time(async () => {
        const res = await send(jar, `${web.url}/forsinket`);
        if (res.status !== 200) throw new Error(`/forsinket: ${res.status}`);
        return res.body.length;
      });
    } finally {
      await web.close();
    }
    // `vugge overdue` as a person runs it: a process of its own (the precompiled CLI, built now if the sources are newer), its first page.
    if (bundleStaleness(new URL('../', import.meta.url))) await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../scripts/build-cli.mjs', import.meta.url))]);
    const cli = await time(async () => (await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../client/bin.mjs', import.meta.url)), 'overdue'], { env, maxBuffer: 2 ** 26 })).stdout.length);
    const cliAll = await time(async () => (await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../client/bin.mjs', import.meta.url)), 'overdue', '--all'], { env, maxBuffer: 2 ** 28 })).stdout.length);
    const caseworker = await time(async () => (await ownerSteps({ staffId: 'sp-anne', directory }, db, 'sp-anne', { today })).steps.length);

    console.log(`Wake burst: ${burstStarts.length} cases waking at ${burstAt.toFormat('HH:mm')} (${picks.length} notification dates qualify): all processed ${burstSeconds.toFixed(1)} s after the minute`);
    const p = (t: { p50: number; p95: number }) => `p50 ${t.p50.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`;
    console.log(`Leaders' overdue list (al-henrik, both units, ${leaderQueries.rows} overdue steps), over ${listRuns} runs:`);
    console.log(`  the page's queries through the driver: ${p(leaderQueries)} (goal ≤ 50 ms)`);
    console.log(`  the web page /forsinket, request to last byte (${(leaderPage.rows / 1024).toFixed(0)} KB): ${p(leaderPage)} (goal p95 ≤ 300 ms)`);
    console.log(`  vugge overdue, a process, its first page: ${p(cli)}; --all (${(cliAll.rows / 2 ** 20).toFixed(1)} MB of text): ${p(cliAll)}`);
    console.log(`Caseworker's list (sp-anne, ${caseworker.rows} steps): p50 ${caseworker.p50.toFixed(0)} ms, p95 ${caseworker.p95.toFixed(0)} ms over ${listRuns} runs`);
    const end = await ask<WorkerStatus>('gc-status');
    console.log(`Worker RSS at the end, ${end.cached} cases cached: ${mb(end.rssMb)} MB (JS heap ${mb(end.heapMb)} MB used of ${mb(end.heapTotalMb)} MB, external ${mb(end.externalMb)} MB)`);
  } finally {
    await Promise.all([stopWorker(child), stopWorker(timers)]);
    await connection.close();
    await db.close();
    await server.stop();
    postgres.stop();
  }
}

if (values.worker) {
  await import('./scale-worker.js');
} else {
  await main();
}
