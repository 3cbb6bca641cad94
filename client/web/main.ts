/**
 * Starts the web app (and, on the embedded default, the local OpenID provider) over one Temporal
 * client and Vugge's own database (the read model its lists read). `npm start` calls `startWeb()`;
 * tests call it with their own client, database and directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadDatabaseConfig } from '../../activities/db/config.js';
import { openVuggeDatabase, type Database } from '../../activities/db/index.js';
import { compile } from '../../dsl/compile/compile.js';
import type { Programme } from '../../dsl/compile/model.js';
import { loadStaffDirectory } from '../../activities/staff/load.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import { createTemporalFeedSource, loadFeedSettings } from '../service/calendar-feed.js';
import { createAuditTrail } from '../service/audit.js';
import { createCaseService } from '../service/cases.js';
import { undeliverableForUnits } from '../service/undeliverable.js';
import { loadMailConfig } from '../../activities/mail/config.js';
import { isOpen } from '../../worker/storage/undeliverable.js';
import { createNewCaseService } from '../service/new-case.js';
import { createRegistryService, publishedProgrammeSource } from '../service/rules-registry.js';
import { loadTemporalConfig } from '../../temporal.config.js';
import { loadWebConfig, type WebConfig } from './config.js';
import { createLocalProvider } from './local-provider/provider.js';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from './server.js';
import { createSignIn } from './sign-in.js';
import { studioDeps } from './studio/deps.js';
import type { Logger } from '../../activities/log.js';
import { createWebMetrics, loadMetricsToken } from './metrics.js';

export interface RunningWeb {
  /** The address people open, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The local OpenID provider's address, when it runs. */
  issuer: string;
  localProvider: boolean;
  app: FastifyInstance;
  close(): Promise<void>;
}

export interface StartWebOptions {
  client: Client;
  /** Vugge's own database; when left out, the one the environment names is opened and closed with the app. */
  db?: Database;
  env?: Record<string, string | undefined>;
  directory?: StaffDirectory;
  /** Folder of rules files whose role titles the front page shows (default rules/). */
  rulesDir?: string;
  idleMs?: number;
  now?: () => number;
  /** The case workers' task queue new cases start on (default VUGGE_TASK_QUEUE, as the worker reads it). */
  taskQueue?: string;
  /** Vugge's structured log; without it the web app logs nothing. */
  log?: Logger;
}

/** A free port on the loopback interface (for `VUGGE_WEB_PORT=0` and tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function loadProgrammes(dir: string): Programme[] {
  const programmes: Programme[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules')).sort()) {
    const result = compile(readFileSync(join(dir, file), 'utf8'));
    if (result.ok) programmes.push(result.programme);
  }
  return programmes;
}

export async function startWeb(options: StartWebOptions): Promise<RunningWeb> {
  const env = { ...(options.env ?? process.env) };
  // Port 0 means any free port; the public address and the local issuer need the real one up front.
  if (env.VUGGE_WEB_PORT === '0') env.VUGGE_WEB_PORT = String(await freePort());
  if (env.VUGGE_LOCAL_OIDC_PORT === '0') env.VUGGE_LOCAL_OIDC_PORT = String(await freePort());
  const config: WebConfig = loadWebConfig(env);
  const directory = options.directory ?? (await loadStaffDirectory(config.staffFile));
  const programmes = loadProgrammes(options.rulesDir ?? new URL('../../rules', import.meta.url).pathname);
  const feed = loadFeedSettings(env);
  const closers: (() => Promise<unknown>)[] = [];
  let db = options.db;
  if (!db) {
    const own = (db = await openVuggeDatabase(loadDatabaseConfig(env)));
    closers.push(() => own.close());
  }

  let issuer = config.oidc.issuer;
  if (config.localProvider) {
    issuer = `http://127.0.0.1:${config.localProvider.port}`;
    const local = await createLocalProvider({
      issuer,
      directory,
      client: { clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, redirectUrl: config.oidc.redirectUrl, postLogoutUrl: `${config.publicUrl}/logget-ud` },
    });
    await local.app.listen({ host: '127.0.0.1', port: config.localProvider.port });
    closers.push(() => local.app.close());
  }
  const taskQueue = options.taskQueue ?? loadTemporalConfig(env).taskQueue;
  // Sign-ins, refusals and every change, with the signed-in person as author (client/service/audit.ts).
  const audit = createAuditTrail(db, 'web');
  const rules = createRegistryService({ client: options.client, taskQueue, audit });
  // New cases open on the registry's published versions; the bundled files until it has answered.
  const published = publishedProgrammeSource(rules, programmes);
  await published.refresh().catch(() => undefined);
  // A new draft starts from the programme's current published version.
  const studio = studioDeps(options.client, env, async (programmeId) => (await rules.currentVersion(programmeId)).source);
  closers.push(() => studio.close());
  const app = await buildWebApp({
    directory,
    programmes,
    cases: createCaseService(options.client, db, { programmes }),
    audit,
    // The worker's log of mail that did not arrive, in the same data directory (VUGGE_DATA_DIR).
    undeliverable: async (actor) => (await undeliverableForUnits(actor, {}, loadMailConfig(env).dataDir)).filter(isOpen),
    newCases: createNewCaseService({ client: options.client, taskQueue, programmes: published }),
    rules,
    onRulesPublished: () => published.refresh(),
    studio,
    calendarFeed: feed.secret
      ? { secret: feed.secret, source: createTemporalFeedSource({ client: options.client, caseLink: (caseId) => `${config.publicUrl}/sager/${encodeURIComponent(caseId)}` }) }
      : undefined,
    signIn: createSignIn({ ...config.oidc, issuer: issuer! }),
    publicUrl: config.publicUrl,
    sessionSecret: config.sessionSecret,
    secureCookies: config.secureCookies,
    idleMs: options.idleMs ?? config.idleMs,
    formTargets: [new URL(issuer!).origin],
    now: options.now,
    log: options.log,
    health: {
      temporal: async () => Boolean(await options.client.connection.workflowService.getSystemInfo({})),
      database: async () => (await db.query('SELECT 1')).length === 1,
    },
    metrics: { metrics: createWebMetrics(), token: loadMetricsToken(env) },
  });
  await app.listen({ host: config.host, port: config.port });
  closers.unshift(() => app.close());
  return {
    url: config.publicUrl,
    issuer: issuer!,
    localProvider: Boolean(config.localProvider),
    app,
    async close() {
      for (const close of closers) await close();
    },
  };
}
