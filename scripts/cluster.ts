/**
 * `npm run cluster`: Vugge as a municipality runs it in production, on this machine — PostgreSQL,
 * the full Temporal server on it (schemas, namespace with retention, search attributes), Vugge's
 * own database on the same PostgreSQL, two case workers and two web instances on their own ports,
 * and a local inbox for the e-mail. Everything lives under `.data/cluster/`; a second run reuses
 * it. Ctrl-C stops all of it. docs/drift.md describes the same topology on real machines.
 *
 *   VUGGE_CLUSTER_PORT_BASE       every port is this plus a fixed offset (default 10000: PostgreSQL
 *                                 15432, Temporal 17233, web 13000 and 13100); 1000–23000, so
 *                                 Temporal's membership ports stay below 32768
 *   VUGGE_CLUSTER_RETENTION_DAYS  how long Temporal keeps a closed case's history (default 30)
 *   VUGGE_CLUSTER_DIR             where it all lives (default .data/cluster)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { openVuggeDatabase } from '../activities/db/index.js';
import { ConfigError } from '../temporal.config.js';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../worker/storage/data-dir.js';
import { startClusterPostgres, type ClusterPostgres } from './cluster-postgres.js';
import { ensureNamespace, setUpTemporalSchemas, startTemporalServer, type RunningTemporal, type TemporalPorts } from './cluster-temporal.js';
import { ensureLocalPayloadKeyFile } from './payload-keys.js';
import { dataDir, ensureTemporalServer, projectRoot } from './tools.js';

export interface ClusterConfig {
  dir: string;
  portBase: number;
  retentionDays: number;
  namespace: string;
}

const EnvSchema = z.object({
  VUGGE_CLUSTER_PORT_BASE: z.coerce.number().int().min(1000).max(23000).default(10000),
  VUGGE_CLUSTER_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  VUGGE_CLUSTER_DIR: z.string().min(1).optional(),
});
const SENTENCES: Record<string, string> = {
  VUGGE_CLUSTER_PORT_BASE: 'skal være et tal fra 1000 til 23000, så alle porte bliver under 32768 / must be a number from 1000 to 23000, so every port stays below 32768',
  VUGGE_CLUSTER_RETENTION_DAYS: 'skal være et antal dage fra 1 til 3650 / must be a number of days from 1 to 3650',
  VUGGE_CLUSTER_DIR: 'skal være en sti / must be a path',
};

export function loadClusterConfig(env: Record<string, string | undefined> = process.env): ClusterConfig {
  const given = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const variable = String(parsed.error.issues[0]!.path[0]);
    throw new ConfigError(`${variable} ('${given[variable]}'): ${SENTENCES[variable]}.`);
  }
  const e = parsed.data;
  return { dir: resolve(e.VUGGE_CLUSTER_DIR ?? join(dataDir, 'cluster')), portBase: e.VUGGE_CLUSTER_PORT_BASE, retentionDays: e.VUGGE_CLUSTER_RETENTION_DAYS, namespace: 'vugge' };
}

/** Every port of the topology, from one base. */
export function clusterPorts(base: number) {
  const temporal: TemporalPorts = {
    frontend: base + 7233,
    frontendHttp: base + 7243,
    history: base + 7234,
    matching: base + 7235,
    worker: base + 7239,
    membership: [base + 6933, base + 6934, base + 6935, base + 6939],
    metrics: base + 8000,
  };
  return {
    postgres: base + 5432,
    smtp: base + 2025,
    inbox: base + 2080,
    temporal,
    webs: [
      { web: base + 3000, oidc: base + 3001 },
      { web: base + 3100, oidc: base + 3101 },
    ],
    workers: [
      { http: base + 9464, sdkMetrics: base + 9474 },
      { http: base + 9465, sdkMetrics: base + 9475 },
    ],
  };
}

/** A worker or web process of the cluster, which a test may kill and start again. */
export interface ClusterProcess {
  name: string;
  /** Where its /healthz, /readyz (and /metrics) answer. */
  url: string;
  child: ChildProcess;
  /** Resolves once /readyz answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /**
   * Stops it (SIGTERM, then SIGKILL after 20 s) and starts it again, ready — with `script`, from
   * then on that script instead (a new build of the worker in a rolling upgrade).
   */
  restart(options?: { script?: string }): Promise<void>;
  /** Sends a signal now; with SIGKILL the process gets no chance to finish anything. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again after `kill`. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200;
  } catch {
    return false;
  }
}

function clusterProcess(options: { name: string; script: string; env: NodeJS.ProcessEnv; url: string; logDir: string; echo: boolean; onUnexpectedExit: (name: string, code: string) => void }): ClusterProcess {
  const { name } = options;
  let script = options.script;
  const logFile: WriteStream = createWriteStream(join(options.logDir, `${name}.log`), { flags: 'a', mode: PRIVATE_FILE_MODE });
  let child!: ChildProcess;
  let expectingExit = false;
  const spawnIt = () => {
    expectingExit = false;
    child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: projectRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        logFile.write(chunk);
        if (options.echo) for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) process.stdout.write(`[${name}] ${line}\n`);
      });
    }
    child.once('exit', (code, signal) => {
      if (!expectingExit) options.onUnexpectedExit(name, String(signal ?? code));
    });
    handle.child = child;
  };
  const exited = () => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  const handle: ClusterProcess = {
    name,
    url: options.url,
    child,
    async ready(timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await answers(`${options.url}/readyz`))) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} stoppede under opstart; se ${join(options.logDir, `${name}.log`)}. / ${name} stopped while starting.`);
        if (Date.now() > deadline) throw new Error(`${name} blev ikke klar inden for ${timeoutMs / 1000} s; se ${join(options.logDir, `${name}.log`)}. / ${name} was not ready in time.`);
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    async kill(signal) {
      expectingExit = true;
      child.kill(signal);
      await exited();
    },
    async start() {
      spawnIt();
      await handle.ready();
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      expectingExit = true;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.kill('SIGTERM');
      await exited();
      clearTimeout(timer);
    },
    async restart(restartOptions = {}) {
      await handle.stop();
      script = restartOptions.script ?? script;
      await handle.start();
    },
  };
  spawnIt();
  return handle;
}

function ensureSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: PRIVATE_FILE_MODE });
  return readFileSync(file, 'utf8').trim();
}

export interface Cluster {
  config: ClusterConfig;
  postgres: ClusterPostgres;
  temporal: RunningTemporal;
  workers: ClusterProcess[];
  webs: ClusterProcess[];
  /** The local inbox's web address (maildev's REST API under /api/email). */
  inbox: string;
  /** What a client (CLI, test) needs to reach this cluster: TEMPORAL_*, VUGGE_PAYLOAD_KEY_FILE, VUGGE_DATABASE_URL. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface StartClusterOptions {
  config?: ClusterConfig;
  log?: (line: string) => void;
  /** Show the workers' and web instances' log lines in the terminal (default true). */
  echo?: boolean;
  /** Called when a worker or web instance stops without being asked to. */
  onUnexpectedExit?: (name: string, code: string) => void;
}

export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const config = options.config ?? loadClusterConfig();
  const log = options.log ?? ((line: string) => console.log(`[cluster] ${line}`));
  const ports = clusterPorts(config.portBase);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await Promise.resolve(stop()).catch((err: unknown) => log(String(err)));
  };
  try {
    ensurePrivateDirSync(config.dir);
    const logDir = join(config.dir, 'logs');
    ensurePrivateDirSync(logDir);

    log('1/6 Temporal-serveren og temporal-sql-tool …');
    const tools = await ensureTemporalServer(log);

    log('2/6 PostgreSQL …');
    const postgres = await startClusterPostgres({ clusterDir: config.dir, port: ports.postgres, log });
    stops.push(() => postgres.stop());

    log('3/6 Temporals skemaer, server og namespace …');
    await setUpTemporalSchemas(tools.sqlTool, postgres, log);
    const temporal = await startTemporalServer({ serverPath: tools.server, postgres, ports: ports.temporal, dir: join(config.dir, 'temporal'), logFile: join(logDir, 'temporal.log') });
    stops.push(() => temporal.stop());
    log(`Temporal kører på ${temporal.address}.`);
    await ensureNamespace(temporal.address, config.namespace, config.retentionDays, log);

    log('4/6 Vugges egen database …');
    if (await postgres.ensureDatabase('vugge')) log('Database vugge oprettet.');
    const vuggeDb = await openVuggeDatabase({ driver: 'postgres', url: postgres.url('vugge'), poolSize: 1 });
    await vuggeDb.close();
    log('Vugges skema er opdateret (migrationerne i activities/db/migrations).');

    const { startLocalMail } = (await import('./local-mail.mjs')) as typeof import('./local-mail.mjs');
    const mail = await startLocalMail({ smtpPort: ports.smtp, webPort: ports.inbox, dataDir: join(config.dir, 'mail') });
    stops.push(() => mail.stop());

    const keys = ensureLocalPayloadKeyFile(config.dir);
    const env: Record<string, string> = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: config.namespace,
      VUGGE_PAYLOAD_KEY_FILE: keys.path,
      VUGGE_DATABASE_URL: postgres.url('vugge'),
      VUGGE_DATA_DIR: join(config.dir, 'vugge'),
    };
    const common = { logDir, echo: options.echo ?? true, onUnexpectedExit: options.onUnexpectedExit ?? ((name: string, code: string) => log(`${name} stoppede uventet (${code}); se ${join(logDir, `${name}.log`)}. / ${name} stopped unexpectedly.`)) };

    log('5/6 To workers …');
    const workers = ports.workers.map((p, i) =>
      clusterProcess({
        ...common,
        name: `worker-${i + 1}`,
        script: join(projectRoot, 'worker', 'main.ts'),
        url: `http://127.0.0.1:${p.http}`,
        env: {
          ...env,
          VUGGE_SMTP_HOST: '127.0.0.1',
          VUGGE_SMTP_PORT: String(ports.smtp),
          VUGGE_CASE_URL: `http://127.0.0.1:${ports.webs[0]!.web}/sager/`,
          VUGGE_WORKER_HTTP_PORT: String(p.http),
          VUGGE_SDK_METRICS: `127.0.0.1:${p.sdkMetrics}`,
        },
      }),
    );
    stops.push(() => Promise.all(workers.map((w) => w.stop())).then(() => undefined));
    await Promise.all(workers.map((w) => w.ready()));

    log('6/6 To webinstanser …');
    const sessionSecret = ensureSecret(join(config.dir, 'session-secret'));
    const webs = ports.webs.map((p, i) =>
      clusterProcess({
        ...common,
        name: `web-${i + 1}`,
        script: join(projectRoot, 'scripts', 'cluster-web.ts'),
        url: `http://127.0.0.1:${p.web}`,
        env: { ...env, VUGGE_WEB_PORT: String(p.web), VUGGE_LOCAL_OIDC_PORT: String(p.oidc), VUGGE_SESSION_SECRET: sessionSecret },
      }),
    );
    stops.push(() => Promise.all(webs.map((w) => w.stop())).then(() => undefined));
    await Promise.all(webs.map((w) => w.ready()));

    return { config, postgres, temporal, workers, webs, inbox: mail.webUrl, env, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function main(): Promise<void> {
  let cluster: Cluster | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('[cluster] Stopper …');
    await cluster?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    cluster = await startCluster();
  } catch (err) {
    console.error(`[cluster] ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  const { config, temporal, workers, webs, inbox, postgres } = cluster;
  console.log(
    [
      '',
      'Vugges produktionstopologi kører. / The production topology runs.',
      `  PostgreSQL:        127.0.0.1:${postgres.port} (databaserne temporal, temporal_visibility, vugge)`,
      `  Temporal:          ${temporal.address}, namespace ${config.namespace} (opbevaring ${config.retentionDays} dage)`,
      ...workers.map((w) => `  ${w.name}:          ${w.url}/readyz, ${w.url}/metrics`),
      ...webs.map((w) => `  ${w.name}:             ${w.url} (${w.url}/readyz, ${w.url}/metrics)`),
      `  Indbakke (e-mail): ${inbox}`,
      `  Logfiler:          ${join(config.dir, 'logs')}`,
      '',
      'Kommandolinjen mod klyngen / the CLI against the cluster:',
      `  TEMPORAL_ADDRESS=${temporal.address} TEMPORAL_NAMESPACE=${config.namespace} VUGGE_PAYLOAD_KEY_FILE=${cluster.env.VUGGE_PAYLOAD_KEY_FILE} npx vugge cases`,
      '',
      'Ctrl-C stopper det hele; data ligger i .data/cluster/ og bruges igen ved næste npm run cluster.',
    ].join('\n'),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
