/**
 * The cluster's Temporal: the full server (frontend, history, matching and worker services in one
 * process) on the cluster's PostgreSQL, its two schemas set up and brought up to date with
 * `temporal-sql-tool`, and Vugge's namespace with its retention and search attributes.
 *
 * Membership ports are stored as `smallint` in Temporal's schema, so every port here stays below
 * 32768. The database password reaches the server and the schema tool as SQL_PASSWORD in their
 * environment; the config file (a template) holds no secret.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import { registerSearchAttributes } from '../client/service/temporal-client.js';
import { allSearchAttributes } from '../workflows/search-attributes.js';
import { PRIVATE_FILE_MODE } from '../worker/storage/data-dir.js';
import type { ClusterPostgres } from './cluster-postgres.js';

export interface TemporalPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports, one per service: frontend, history, matching, worker. */
  membership: [number, number, number, number];
  /** The server's own Prometheus metrics. */
  metrics: number;
}

const DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

function datastore(pgPort: number, database: string, maxConns: number): string {
  return `      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: "tcp"
        user: "vugge"
        password: '{{ env "SQL_PASSWORD" }}'
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
}

function service(grpcPort: number, membershipPort: number, httpPort?: number): string {
  return `    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnLocalHost: true${httpPort ? `\n      httpPort: ${httpPort}` : ''}`;
}

/** The server's config file (a template: `# enable-template` lets it read SQL_PASSWORD). */
export function temporalConfigYaml(pgPort: number, ports: TemporalPorts, dynamicConfigFile: string): string {
  const [mFrontend, mHistory, mMatching, mWorker] = ports.membership;
  return `# enable-template
# Written by npm run cluster (scripts/cluster-temporal.ts); rewritten at every start.
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${datastore(pgPort, DATABASES.temporal, 20)}
    postgres-visibility:
${datastore(pgPort, DATABASES.visibility, 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics}"

services:
  frontend:
${service(ports.frontend, mFrontend, ports.frontendHttp)}
  history:
${service(ports.history, mHistory)}
  matching:
${service(ports.matching, mMatching)}
  worker:
${service(ports.worker, mWorker)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"

dcRedirectionPolicy:
  policy: "noop"

archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"

namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"

dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

const DYNAMIC_CONFIG = `# Written by npm run cluster (scripts/cluster-temporal.ts).
limit.maxIDLength:
  - value: 255
    constraints: {}
frontend.enableUpdateWorkflowExecution:
  - value: true
# New search attributes are seen at once, not after the cache's next refresh.
system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
`;

function sqlTool(tool: string, postgres: ClusterPostgres, database: string, args: string[]): Promise<void> {
  const full = ['--plugin', 'postgres12', '--endpoint', '127.0.0.1', '--port', String(postgres.port), '--user', postgres.user, '--database', database, ...args];
  return new Promise((resolve, reject) => {
    execFile(tool, full, { env: { ...process.env, SQL_PASSWORD: postgres.password } }, (err, _stdout, stderr) =>
      err ? reject(new Error(`temporal-sql-tool ${args[0]} (${database}) fejlede / failed: ${stderr.trim().split('\n').slice(-3).join(' ')}`)) : resolve(),
    );
  });
}

async function hasSchema(postgres: ClusterPostgres, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgres.url(database) });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
    return rows[0]?.t !== null;
  } finally {
    await client.end();
  }
}

/** Creates Temporal's two databases and brings their schemas to this server version's (idempotent). */
export async function setUpTemporalSchemas(sqlToolPath: string, postgres: ClusterPostgres, log: (line: string) => void): Promise<void> {
  for (const [kind, database] of Object.entries(DATABASES)) {
    if (await postgres.ensureDatabase(database)) log(`Database ${database} oprettet.`);
    if (!(await hasSchema(postgres, database))) await sqlTool(sqlToolPath, postgres, database, ['setup-schema', '--version', '0.0']);
    await sqlTool(sqlToolPath, postgres, database, ['update-schema', '--schema-name', `postgresql/v12/${kind}`]);
  }
  log('Temporals skemaer er opdaterede (temporal, temporal_visibility).');
}

export interface RunningTemporal {
  address: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitForFrontend(address: string, child: ChildProcess, logFile: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal-serveren stoppede under opstart (kode ${child.exitCode}); se ${logFile}. / The Temporal server stopped while starting.`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`Temporal-serveren på ${address} svarede ikke inden for ${timeoutMs / 1000} s; se ${logFile}. / The Temporal server did not answer in time.`);
}

export async function startTemporalServer(options: { serverPath: string; postgres: ClusterPostgres; ports: TemporalPorts; dir: string; logFile: string }): Promise<RunningTemporal> {
  const { dir, ports } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const dynamicConfigFile = join(dir, 'dynamicconfig.yaml');
  const configFile = join(dir, 'config.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG, { mode: PRIVATE_FILE_MODE });
  writeFileSync(configFile, temporalConfigYaml(options.postgres.port, ports, dynamicConfigFile), { mode: PRIVATE_FILE_MODE });
  const out = openSync(options.logFile, 'a', PRIVATE_FILE_MODE);
  const child = spawn(options.serverPath, ['--config-file', configFile, '--allow-no-auth', 'start'], { stdio: ['ignore', out, out], env: { ...process.env, SQL_PASSWORD: options.postgres.password } });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const address = `127.0.0.1:${ports.frontend}`;
  try {
    await waitForFrontend(address, child, options.logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, process: child, stop };
}

const isAlreadyExists = (err: unknown) => /already exists|AlreadyExists|ALREADY_EXISTS/i.test(String((err as { details?: string })?.details ?? err));

/** Registers the namespace with its retention (or leaves an existing one), then Vugge's search attributes. */
export async function ensureNamespace(address: string, namespace: string, retentionDays: number, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(retentionDays * 86_400_000) });
      log(`Namespace ${namespace} oprettet (opbevaring af lukkede sager i Temporal: ${retentionDays} dage).`);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      log(`Namespace ${namespace} findes.`);
    }
    // The frontend learns of a new namespace on its cache's next refresh: try until it answers.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        if (!allSearchAttributes.every((k) => customAttributes && k.name in customAttributes)) await registerSearchAttributes(connection, namespace);
        break;
      } catch (err) {
        if (isAlreadyExists(err)) break;
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    log("Vugges søgeattributter er registreret.");
  } finally {
    await connection.close();
  }
}
