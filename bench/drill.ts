/**
 * The exactly-once drill: two worker processes on one task queue against a dev server, a real SMTP
 * server recording every message, and a throwaway PostgreSQL as the workers' shared store. Each
 * trial opens a burst of backdated cases (each sends its catch-up and escalation mails at once),
 * kills one worker with SIGKILL mid-burst (the one with more mails in hand) and lets the other finish — the dead worker's activities
 * come back to the survivor after their 2-minute start-to-close timeout, and its claims after their
 * 2-minute lease. Then it counts, per trial, what the cases asked to send (their histories' activity
 * inputs, resolved to people through the staff directory) against what arrived, by Message-ID:
 *
 *   lost        asked for, neither arrived nor held for a morning digest
 *   duplicate   a Message-ID that arrived more than once
 *
 * Both should be 0: a mail is written sent in a transaction while the SMTP server waits for its final
 * dot, and the COMMIT follows the moment the dot is written (activities/mail/smtp.ts). A worker killed
 * before the dot leaves the server a message without it, which the server drops; the survivor takes
 * the lapsed claim over (attempt 2) and sends it once. One killed after the COMMIT leaves a mail the
 * server has. Only a kill between the dot and the COMMIT (microseconds) sends a mail twice.
 *
 *   npx tsx bench/drill.ts [--trials 20] [--cases 12] [--smtp-delay-ms 150]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { openVuggeDatabase, type Database } from '../activities/db/index.js';
import { messageIdFor } from '../activities/mail/message-id.js';
import { recipientsOf } from '../activities/notification-delivery.js';
import type { NotificationRequest } from '../activities/notification-types.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import { bundleCaseWorkflows } from '../worker/create-worker.js';
import { startPostgres } from '../tests/helpers/postgres.js';
import { startTestDevServer, tempDir } from '../tests/helpers/temporal.js';
import { loadRules } from '../tests/workflow-harness.js';

const STAFF_FILE = new URL('../config/staff.example.yaml', import.meta.url).pathname;
const WORKER = new URL('./drill-worker.ts', import.meta.url).pathname;

export interface TrialResult {
  trial: number;
  cases: number;
  expected: number;
  received: number;
  heldForDigest: number;
  lost: number;
  duplicate: number;
  /** Mails recorded sent whose server answer never came (the killed worker died after their final dot). */
  unconfirmed: number;
  /** Claims the survivor took over from the killed worker (attempt 2). */
  takenOver: number;
  /** Mails the killed worker had claimed, by the time it died. */
  killedHeld: number;
  seconds: number;
}

/** One message as the SMTP server got it, final dot and all, and when (its "250 accepted" follows `smtpDelayMs` later). */
interface Arrival {
  messageId: string;
  at: number;
}

/** An SMTP server that records every message before it answers, `delayMs` late (a slow relay widens the window a kill can hit). */
async function recordingSmtp(delayMs: number): Promise<{ port: number; messageIds: string[]; arrivals: Arrival[]; close(): Promise<void> }> {
  const messageIds: string[] = [];
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        messageIds.push(id ?? '(none)');
        arrivals.push({ messageId: id ?? '(none)', at: Date.now() });
        setTimeout(() => cb(), delayMs);
      });
    },
  });
  // A killed worker's connections reset: that is the drill, not a failure of the server.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  return { port, messageIds, arrivals, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function startWorker(address: string, taskQueue: string, bundleFile: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, address, taskQueue, bundleFile], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`drill worker exited with ${code} before it was ready`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every notification the cases scheduled, from their histories: one a `sendNotification`, a wake's
 * in one `sendNotifications`; a notice sent again on its own after the batch counts once.
 */
async function scheduledNotifications(client: Client, caseIds: string[]): Promise<NotificationRequest[]> {
  const requests = new Map<string, NotificationRequest>();
  for (const caseId of caseIds) {
    const history = await client.workflow.getHandle(caseId).fetchHistory();
    for (const e of history.events ?? []) {
      const a = e.activityTaskScheduledEventAttributes;
      const name = a?.activityType?.name;
      if (name !== 'sendNotification' && name !== 'sendNotifications') continue;
      const input = defaultPayloadConverter.fromPayload(a!.input!.payloads![0]!) as NotificationRequest | NotificationRequest[];
      for (const r of Array.isArray(input) ? input : [input]) requests.set(`${caseId} ${r.idempotencyKey}`, r);
    }
  }
  return [...requests.values()];
}

/**
 * Settled: no case has a workflow task or an activity pending (a case whose task the killed worker
 * held waits for its timeout before it schedules its mails), and no claim is still 'sending'.
 */
async function settled(client: Client, db: Database, caseIds: string[], prefix: string): Promise<boolean> {
  for (const caseId of caseIds) {
    const d = await client.workflow.getHandle(caseId).describe();
    if (d.raw.pendingWorkflowTask || (d.raw.pendingActivities ?? []).length) return false;
  }
  const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM sent_mail WHERE state = 'sending' AND starts_with(key, $1)`, [prefix]);
  return row!.n === 0;
}

export interface DrillOptions {
  trials: number;
  cases: number;
  smtpDelayMs: number;
  log?: (line: string) => void;
}

export async function runDrill(o: DrillOptions): Promise<TrialResult[]> {
  const log = o.log ?? console.log;
  const postgres = await startPostgres();
  await postgres.createDatabase('vugge_drill');
  const url = postgres.url('vugge_drill');
  const db = await openVuggeDatabase({ driver: 'postgres', url, poolSize: 4 });
  const server = await startTestDevServer();
  const smtp = await recordingSmtp(o.smtpDelayMs);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const directory = await loadStaffDirectory(STAFF_FILE);
  const programme = loadRules('spaedbarnsindsatsen');
  const bundleFile = join(tempDir('vugge-drill-'), 'bundle.json');
  writeFileSync(bundleFile, JSON.stringify(await bundleCaseWorkflows()));
  const workerEnv = { VUGGE_DATABASE_URL: url, VUGGE_DATABASE_POOL: '4', VUGGE_SMTP_PORT: String(smtp.port), VUGGE_SMTP_POOL: 'false', VUGGE_STAFF_FILE: STAFF_FILE, VUGGE_DATA_DIR: tempDir('vugge-drill-data-') };
  const results: TrialResult[] = [];
  const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
  try {
    for (let trial = 1; trial <= o.trials; trial++) {
      const started = Date.now();
      const taskQueue = `drill-${trial}-${started}`;
      const prefix = `D${trial}-${started % 1e6}-`;
      const workers = await Promise.all([startWorker(server.address, taskQueue, bundleFile, workerEnv), startWorker(server.address, taskQueue, bundleFile, workerEnv)]);
      const caseIds = Array.from({ length: o.cases }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
      const receivedBefore = smtp.messageIds.length;
      // Backdated 20–60 days: each case sends its catch-up and escalation mails the moment it opens.
      await Promise.all(
        caseIds.map((caseId, i) =>
          client.workflow.start('caseWorkflow', {
            taskQueue,
            workflowId: caseId,
            args: [{ caseId, unit: 'nord', municipality: '0751', notified: today.minus({ days: 20 + (i % 40) }).toISODate()!, team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' }, programme, openedBy: 'tl-karen' }],
          }),
        ),
      );
      // Mid-burst: once a third of a mail per case has arrived.
      const killAt = Math.max(1, Math.floor(o.cases / 3));
      while (smtp.messageIds.length - receivedBefore < killAt) await sleep(20);
      // The worker with more mails in hand at that moment is killed, so that a kill lands mid-send.
      const inHand = await db.query<{ worker: string; n: number }>(`SELECT claimed_by AS worker, count(*)::int AS n FROM sent_mail WHERE starts_with(key, $1) AND state = 'sending' GROUP BY claimed_by`, [prefix]);
      const holding = (w: ChildProcess) => inHand.find((r) => r.worker.endsWith(`:${w.pid}`))?.n ?? 0;
      const [victim, survivor] = holding(workers[1]) > holding(workers[0]) ? [workers[1], workers[0]] : [workers[0], workers[1]];
      victim.kill('SIGKILL');
      const killedAt = Date.now();
      // What the killed worker held when it died: its rows can no longer change.
      const held = await db.query<{ key: string }>(`SELECT key FROM sent_mail WHERE starts_with(key, $1) AND claimed_by LIKE $2`, [prefix, `%:${victim.pid}`]);
      const deadline = Date.now() + 10 * 60_000;
      while (!(await settled(client, db, caseIds, prefix))) {
        if (Date.now() > deadline) throw new Error(`trial ${trial} did not settle within 10 minutes`);
        await sleep(2000);
      }
      survivor.kill('SIGTERM');
      await new Promise((r) => survivor.once('exit', r));

      const requests = await scheduledNotifications(client, caseIds);
      const expected = new Map<string, string>();
      for (const req of requests) for (const r of recipientsOf(directory, req).recipients) expected.set(messageIdFor(req.idempotencyKey, r.person.id), `${req.idempotencyKey} ${r.person.id}`);
      const digestRows = await db.query<{ key: string; staffId: string }>(`SELECT key, staff_id AS "staffId" FROM digest_items WHERE starts_with(key, $1)`, [prefix]);
      const queued = new Set(digestRows.map((r) => messageIdFor(r.key, r.staffId)));
      const counts = new Map<string, number>();
      for (const id of smtp.messageIds.slice(receivedBefore)) counts.set(id, (counts.get(id) ?? 0) + 1);
      const lost = [...expected.keys()].filter((id) => !counts.has(id) && !queued.has(id));
      const duplicate = [...counts.values()].reduce((n, c) => n + c - 1, 0);
      const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      const copies = (id: string) => smtp.arrivals.slice(receivedBefore).filter((a) => a.messageId === id);
      const explained = twice.map((id) => `${id.slice(1, 9)}: ${copies(id).map((a) => `${a.at - killedAt} ms`).join(' / ')}`);
      const [unconfirmed] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM sent_mail WHERE starts_with(key, $1) AND state = 'sent' AND confirmed_at IS NULL`, [prefix]);
      const [over] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM sent_mail WHERE starts_with(key, $1) AND attempts > 1`, [prefix]);
      for (const caseId of caseIds) await client.workflow.getHandle(caseId).terminate('drill done').catch(() => undefined);
      const result: TrialResult = {
        trial,
        cases: o.cases,
        expected: expected.size - [...expected.keys()].filter((id) => queued.has(id)).length,
        received: counts.size,
        heldForDigest: queued.size,
        lost: lost.length,
        duplicate,
        unconfirmed: Number(unconfirmed!.n),
        takenOver: over!.n,
        killedHeld: held.length,
        seconds: Math.round((Date.now() - started) / 1000),
      };
      results.push(result);
      log(`trial ${trial}: ${JSON.stringify(result)}${lost.length ? ` lost: ${lost.map((id) => expected.get(id)).join(', ')}` : ''}${explained.length ? `\n  duplicates, each copy's arrival from the kill: ${explained.join('; ')}` : ''}`);
    }
  } finally {
    await connection.close();
    await smtp.close();
    await server.stop();
    await db.close();
    postgres.stop();
  }
  return results;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '20' }, cases: { type: 'string', default: '12' }, 'smtp-delay-ms': { type: 'string', default: '150' } } });
  const results = await runDrill({ trials: Number(values.trials), cases: Number(values.cases), smtpDelayMs: Number(values['smtp-delay-ms']) });
  const sum = (k: keyof TrialResult) => results.reduce((n, r) => n + (r[k] as number), 0);
  console.log(
    `\n${results.length} trials, ${results[0]?.cases ?? 0} cases each: expected ${sum('expected')} mails (+${sum('heldForDigest')} held for digests), received ${sum('received')} distinct; ` +
      `lost ${sum('lost')}, duplicate ${sum('duplicate')}; recorded sent but unconfirmed ${sum('unconfirmed')}; claims taken over from the killed worker ${sum('takenOver')}; mails the killed worker had claimed ${sum('killedHeld')}; median trial ${median(results.map((r) => r.seconds))} s.`,
  );
  process.exit(sum('lost') === 0 && sum('duplicate') === 0 ? 0 : 1);
}
