/**
 * `npm start`: Vugge on its embedded default. Provisions what is missing, starts the Temporal dev
 * server on `.data/temporal.sqlite` (cases survive a restart), a local SMTP server with a web inbox,
 * the web app (with a local OpenID provider when no issuer is configured, see client/web/config.ts)
 * and the case worker; prints where to look and what to do next. Ctrl-C stops everything it started.
 *
 * With TEMPORAL_ADDRESS set to anything but the local default, no dev server is started: the worker
 * connects to that cluster (see temporal.config.ts). With VUGGE_SMTP_HOST set, no local inbox is started.
 * Without VUGGE_DATABASE_URL, this process opens the embedded database and serves it to the others
 * (activities/db/pglite-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ensurePrivateDirSync } from '../worker/storage/data-dir.js';
import { connectClient } from '../client/service/temporal-client.js';
import { loadDatabaseConfig } from '../activities/db/config.js';
import { serveVuggeDatabase } from '../activities/db/index.js';
import { startWeb } from '../client/web/main.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import { connectionOptions, loadCodecServerConfig, loadTemporalConfig } from '../temporal.config.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { ensureLocalCodecToken, ensureLocalPayloadKeyFile } from './payload-keys.js';
import { caseExists, freeExampleCaseId, httpAnswers, waitUntilReady, workerPolls, type ReadinessCheck } from './readiness.js';
import { dataDir, ensureTemporalCli, projectRoot } from './tools.js';

const log = (line: string) => console.log(`[vugge] ${line}`);
const LOCAL_ADDRESS = '127.0.0.1:7233';
const UI_PORT = 8233;

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

const stops: Array<() => Promise<void> | void> = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('Stopper …');
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`[vugge] ${String(err)}`);
      }
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'worker', 'main.ts')], { stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[vugge] Workeren stoppede uventet (${signal ?? code}); se loggen ovenfor.`);
      void stopAll(1);
    }
  });
  stops.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  );
  return child;
}

async function main(): Promise<void> {
  const config = loadTemporalConfig();
  // Case data lives under .data/: everything this process and its children (Temporal, the local
  // inbox, the worker) create there is for the owner only.
  process.umask(0o077);
  ensurePrivateDirSync(dataDir);
  // On the embedded default, cases are encrypted in the history from the very first start.
  const keyEnv: NodeJS.ProcessEnv = {};
  if (config.address === LOCAL_ADDRESS && !config.payloadKeys) {
    const keys = ensureLocalPayloadKeyFile(dataDir);
    if (keys.created) log(`Ny nøgle til data i historikken: ${keys.path} (mode 0600). Uden den kan de lokale sager ikke læses.`);
    keyEnv.VUGGE_PAYLOAD_KEY_FILE = keys.path;
  }
  const codecEndpoint = config.payloadKeys || keyEnv.VUGGE_PAYLOAD_KEY_FILE ? `http://127.0.0.1:${loadCodecServerConfig().port}` : undefined;
  // The codec server answers only requests carrying its token; locally one is made in .data/.
  let codecToken = loadCodecServerConfig().token;
  if (codecEndpoint && !codecToken && config.address === LOCAL_ADDRESS) {
    codecToken = ensureLocalCodecToken(dataDir).token;
    keyEnv.VUGGE_CODEC_TOKEN = codecToken;
  }
  let server: DevServer | undefined;
  if (config.address === LOCAL_ADDRESS) {
    if (await portInUse(7233)) {
      throw new Error('Port 7233 er allerede i brug — kører Vugge (eller en anden Temporal-server) allerede? Stop den, eller sæt TEMPORAL_ADDRESS til den server, der kører.');
    }
    const cli = await ensureTemporalCli(log);
    log('Starter Temporal-udviklingsserveren (SQLite: .data/temporal.sqlite) …');
    server = await startDevServer({ cli, dbFile: join(dataDir, 'temporal.sqlite'), port: 7233, uiPort: UI_PORT, logFile: join(dataDir, 'temporal-server.log'), uiCodecEndpoint: codecEndpoint });
    stops.push(() => server?.stop());
  } else {
    log(`Bruger Temporal på ${config.address} (namespace ${config.namespace}).`);
  }

  // The embedded database: this process owns PGlite's files and shares them on a Unix socket in
  // .data/, so the worker, the web app and `vugge …` in another terminal all use the same one.
  const database = loadDatabaseConfig();
  if (database.driver === 'pglite') {
    const served = await serveVuggeDatabase(database.dir);
    stops.push(() => served.close());
    log(`Databasen (PGlite i ${database.dir}) deles på ${served.socketDir}.`);
  }

  const mailEnv: NodeJS.ProcessEnv = {};
  let inbox: string | undefined;
  if (!process.env.VUGGE_SMTP_HOST) {
    const { startLocalMail } = (await import('./local-mail.mjs')) as {
      startLocalMail(o: { smtpPort?: number; webPort?: number; dataDir?: string }): Promise<{ smtpPort: number; webUrl: string; stop(): Promise<void> }>;
    };
    const mail = await startLocalMail({ smtpPort: 1025, webPort: 1080, dataDir: join(dataDir, 'mail') });
    stops.push(() => mail.stop());
    mailEnv.VUGGE_SMTP_HOST = '127.0.0.1';
    mailEnv.VUGGE_SMTP_PORT = String(mail.smtpPort);
    inbox = mail.webUrl;
  }

  // The web app: the address in every e-mail's case link, and where people sign in.
  const vugge = await connectClient({ ...process.env, ...keyEnv });
  stops.push(() => vugge.close());
  const db = await openVuggeDatabase();
  stops.push(() => db.close());
  const web = await startWeb({ client: vugge.client, db });
  stops.push(() => web.close());

  const worker = startWorker({ ...mailEnv, ...keyEnv, VUGGE_DATA_DIR: process.env.VUGGE_DATA_DIR ?? dataDir, VUGGE_CASE_URL: process.env.VUGGE_CASE_URL ?? `${web.url}/sager/` });

  // "Vugge kører" only once the worker polls for cases and the Web UI's codec server answers.
  log('Venter på at workeren og codec-serveren er klar (workeren samler først workflow-koden) …');
  const connection = await Connection.connect({ ...connectionOptions(config), connectTimeout: 5_000 });
  stops.push(() => connection.close());
  const checks: Record<string, ReadinessCheck> = { workeren: workerPolls(connection, config.namespace, config.taskQueue, worker.pid!) };
  if (codecEndpoint) checks['codec-serveren'] = httpAnswers(codecEndpoint);
  await waitUntilReady(checks);

  // An example case notified today, due in 24 weeks, with staff from config/staff.example.yaml,
  // under an id no case has yet (the cases of earlier starts are still in .data/).
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
  const caseId = await freeExampleCaseId(caseExists(new Client({ connection, namespace: config.namespace })), Number(today.slice(0, 4)));
  const dueInSixMonths = new Date(Date.parse(today) + 24 * 7 * 86_400_000).toISOString().slice(0, 10);
  const lines = [
    '',
    'Vugge kører.',
    `  Vugge i browseren: ${web.url}`,
    ...(web.localProvider ? [`  Log ind lokalt:    ${web.issuer} (kun til lokal brug: vælg en person fra medarbejderlisten)`] : [`  Log ind via:       ${web.issuer}`]),
    server?.uiUrl ? `  Temporal Web UI:   ${server.uiUrl.replace('127.0.0.1', 'localhost')}/namespaces/${config.namespace}/workflows` : `  Temporal:          ${config.address}`,
    inbox ? `  Indbakke (e-mail): ${inbox}` : `  E-mail via:        ${process.env.VUGGE_SMTP_HOST}`,
    ...(codecEndpoint ? [`  Codec-server:      ${codecEndpoint} (Web UI viser sagernes data dekrypteret)`] : []),
    ...(codecEndpoint && codecToken
      ? [`  Codec-token:       ${codecToken}`, `                     (Web UI'et på ${UI_PORT} behøver det ikke; andre kald: --codec-auth "Bearer <token>"; ligger i .data/codec-token)`]
      : []),
    '',
    'Næste skridt (i en anden terminal):',
    '  npx vugge rules check rules/spaedbarnsindsatsen.rules',
    `  npx vugge case open ${caseId} --programme spaedbarnsindsatsen --unit nord --municipality 0751 \\`,
    `      --team socialraadgiver=sr-mette,sundhedsplejerske=sp-anne,familieterapeut=ft-peter --notified ${today} --due ${dueInSixMonths} --by tl-karen`,
    `  npx vugge case show ${caseId}`,
    '  npx vugge overdue',
    '',
    'Ctrl-C stopper det hele; sagerne ligger i .data/ og er der igen ved næste npm start.',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(`[vugge] ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
