/**
 * The production topology (`npm run cluster`) under the things that happen in production: a case
 * opened through one web instance is seen through the other; a worker killed with SIGKILL in the
 * middle of a burst of e-mail loses none, and duplicates only what the mail server had before the
 * killed worker could mark it sent (docs/notifications.md); PostgreSQL restarted while cases are opened
 * loses none; a rolling restart of the workers onto a build with a `patched()` change keeps every
 * case running, and a case from the old build completes on the new. The figures it prints go
 * to bench/README.md.
 */
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVuggeDatabase } from '../../activities/db/index.js';
import { messageIdFor } from '../../activities/mail/message-id.js';
import { dataConverter, loadTemporalConfig } from '../../temporal.config.js';
import { startCluster, type Cluster } from '../../scripts/cluster.js';
import { registerEventUpdate, snapshotQuery } from '../../workflows/case-messages.js';
import { buildQuery } from './next-build/workflows.js';
import { CookieJar, send, signIn } from '../web/sign-in-flow.js';
import { loadRules } from '../workflow-harness.js';

const NEXT_BUILD_WORKER = new URL('./next-build/worker.ts', import.meta.url).pathname;
const EventType = proto.temporal.api.enums.v1.EventType;
const figures: Record<string, string> = {};
const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const programme = loadRules('spaedbarnsindsatsen');
const team = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' };

let cluster: Cluster;
let client: Client;
let connection: Connection;
let dir: string;
const opened: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vugge-cluster-'));
  const started = Date.now();
  const portBase = Number(process.env.VUGGE_CLUSTER_TEST_PORT_BASE ?? 20000);
  cluster = await startCluster({ config: { dir, portBase, retentionDays: 1, namespace: 'vugge' }, echo: false, onUnexpectedExit: () => undefined, log: () => undefined });
  figures['cluster up (built tools reused)'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const config = loadTemporalConfig(cluster.env);
  connection = await Connection.connect({ address: config.address });
  client = new Client({ connection, namespace: config.namespace, dataConverter: dataConverter(config) });
});

afterAll(async () => {
  console.log(`\nCluster figures:\n${Object.entries(figures).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`);
  await connection?.close();
  await cluster?.stop();
  if (dir) {
    // As root the PostgreSQL data lives in the postgres user's home, linked from the cluster folder.
    const data = join(dir, 'postgres');
    if (existsSync(data)) rmSync(realpathSync(data), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});

async function openCase(caseId: string, notified: string, dueDate = day(120)): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.workflow.start('caseWorkflow', { taskQueue: 'vugge-cases', workflowId: caseId, args: [{ caseId, programme, unit: 'nord', municipality: '0751', team, notified, dueDate, openedBy: 'tl-karen' }] });
      opened.push(caseId);
      return;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return void opened.push(caseId);
      // The frontend or its database is briefly away (a restart): try again, as the web app's person would.
      if (attempt > 60) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Message-IDs the inbox received, with how often each came (maildev 3 answers under /api/email). */
async function inbox(): Promise<Map<string, number>> {
  const mails = (await (await fetch(new URL('/api/email', cluster.inbox))).json()) as { messageId?: string; headers?: Record<string, string> }[];
  const counts = new Map<string, number>();
  for (const m of mails) {
    const id = m.messageId ?? m.headers?.['message-id'] ?? '';
    const key = id.startsWith('<') ? id : `<${id}>`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * What the case's history says was sent: a Message-ID per recipient of each notice a completed
 * sendNotification or sendNotifications (one wake's notices) reports sent; and whether any is still open.
 */
async function sentByHistory(caseId: string): Promise<{ ids: string[]; open: number }> {
  const history = await client.workflow.getHandle(caseId).fetchHistory();
  const codec = dataConverter(loadTemporalConfig(cluster.env))!.payloadCodecs![0]!;
  const keys = new Map<string, string[]>();
  const ids: string[] = [];
  let open = 0;
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && (name === 'sendNotification' || name === 'sendNotifications')) {
      const [input] = await codec.decode(event.activityTaskScheduledEventAttributes!.input!.payloads!);
      const requests = defaultPayloadConverter.fromPayload(input!) as { idempotencyKey: string } | { idempotencyKey: string }[];
      keys.set(id, (Array.isArray(requests) ? requests : [requests]).map((r) => r.idempotencyKey));
      open++;
    }
    const done = event.activityTaskCompletedEventAttributes;
    if (done && keys.has(String(done.scheduledEventId))) {
      open--;
      const [result] = await codec.decode(done.result!.payloads!);
      const value = defaultPayloadConverter.fromPayload(result!) as { sentTo: string[] } | { outcome: string; sentTo?: string[] }[];
      const sent = Array.isArray(value) ? value.map((v) => v.sentTo ?? []) : [value.sentTo];
      keys.get(String(done.scheduledEventId))!.forEach((key, i) => {
        for (const staffId of sent[i] ?? []) ids.push(messageIdFor(key, staffId));
      });
    }
    const failed = event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    if (failed && keys.has(String(failed.scheduledEventId))) open--;
  }
  return { ids, open };
}

async function running(caseId: string): Promise<boolean> {
  const handle = client.workflow.getHandle(caseId);
  const { status } = await handle.describe();
  // A query needs a worker to answer: the case is not only stored but served.
  return status.name === 'RUNNING' && (await handle.query(snapshotQuery)).unit === 'nord';
}

describe('the production topology', () => {
  it('a case opened through one web instance is seen through the other', async () => {
    const [one, two] = cluster.webs;
    const jarOne = new CookieJar();
    await signIn(jarOne, one!.url, 'sr-mette');
    const form = await send(jarOne, `${one!.url}/sager/ny?programme=spaedbarnsindsatsen`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const started = Date.now();
    const created = await send(jarOne, `${one!.url}/sager/ny`, {
      form: { _csrf: csrf, programme: 'spaedbarnsindsatsen', unit: 'nord', 'team.socialraadgiver': 'sr-mette', 'team.sundhedsplejerske': 'sp-anne', notified: day(-1), dueDate: day(120) },
    });
    expect(created.status).toBe(303);
    const path = new URL(created.location!).pathname;
    const caseId = decodeURIComponent(path.split('/').pop()!);
    opened.push(caseId);
    const jarTwo = new CookieJar();
    await signIn(jarTwo, two!.url, 'sr-mette');
    let page = await send(jarTwo, `${two!.url}${path}`);
    while (page.status !== 200 && Date.now() - started < 30_000) page = await send(jarTwo, `${two!.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<h1>Sag ${caseId}</h1>`);
    figures['opened on web-1 → shown on web-2'] = `${Date.now() - started} ms`;
  });

  it('a worker killed with SIGKILL mid-burst loses no mail, and sends one twice only from its own unfinished send', async () => {
    const prefix = `K-${Date.now() % 100000}-`;
    const burst = Array.from({ length: 20 }, (_, i) => `${prefix}${i}`);
    const started = Date.now();
    // Notified 20 days ago: every case has overdue steps and mails at once.
    const opening = Promise.all(burst.map((id) => openCase(id, day(-20))));
    await until('the first mail', async () => (await inbox()).size > 0, 120_000);
    await cluster.workers[0]!.kill('SIGKILL');
    await opening;
    let settled = { lost: [] as string[], open: 1 };
    await until(
      'every sendNotification of the burst completed on the surviving worker',
      async () => {
        const received = await inbox();
        const histories = await Promise.all(burst.map(sentByHistory));
        settled = { lost: histories.flatMap((h) => h.ids).filter((id) => !received.has(id)), open: histories.reduce((n, h) => n + h.open, 0) };
        return settled.open === 0 && settled.lost.length === 0;
      },
      420_000,
    );
    const received = await inbox();
    const duplicates = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    const sent = (await Promise.all(burst.map(sentByHistory))).flatMap((h) => h.ids);
    // The one duplicate no worker can prevent: the mail server had the mail before the killed worker
    // could mark it sent, and the survivor took its claim over (attempts > 1) and sent it again.
    const db = await openVuggeDatabase({ driver: 'postgres', url: cluster.env.VUGGE_DATABASE_URL!, poolSize: 1 });
    const takenOver = new Set((await db.query<{ key: string; staffId: string }>(`SELECT key, staff_id AS "staffId" FROM sent_mail WHERE starts_with(key, $1) AND attempts > 1`, [prefix])).map((r) => messageIdFor(r.key, r.staffId)));
    await db.close();
    figures['burst: cases, mails, lost, duplicated (of them from a taken-over claim)'] = `${burst.length} cases, ${sent.length} mails, ${settled.lost.length} lost, ${duplicates.length} duplicated (${duplicates.filter((id) => takenOver.has(id)).length}); claims taken over ${takenOver.size}`;
    figures['burst with SIGKILL settled after'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    expect(settled.lost).toEqual([]);
    expect(duplicates.filter((id) => !takenOver.has(id))).toEqual([]);
    await cluster.workers[0]!.start();
  });

  it('PostgreSQL restarted while cases are opened loses no case', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `P-${Date.now() % 100000}-${i}`);
    const opening = (async () => {
      for (const id of ids) await openCase(id, day(-2));
    })();
    await new Promise((r) => setTimeout(r, 1500));
    const restarted = Date.now();
    cluster.postgres.restart();
    figures['PostgreSQL restart (pg_ctl -m fast)'] = `${Date.now() - restarted} ms`;
    await opening;
    await until('every case running after the restart', async () => (await Promise.all(ids.map(running))).every(Boolean), 180_000);
    figures['PostgreSQL restart: cases opened / running after'] = `${ids.length} / ${ids.length}`;
  });

  it('a rolling restart of the workers onto a build with a patched() change keeps every case running', async () => {
    // A case to close after the upgrade: notified 200 days ago, so a closing 95 days back ends it at once.
    const closingCase = `R-${Date.now() % 100000}-closing`;
    await openCase(closingCase, day(-200), day(60));
    await until('the case to close is running on the current build', () => running(closingCase), 180_000);
    const started = Date.now();
    for (const worker of cluster.workers) await worker.restart({ script: NEXT_BUILD_WORKER });
    figures['rolling restart of both workers onto the next build'] = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    await until('every case answers on the next build', async () => (await Promise.all(opened.map(running))).every(Boolean), 180_000);
    // Started on the current build, they replay without the patch and keep the current path.
    const paths = await Promise.all(opened.map((id) => client.workflow.getHandle(id).query(buildQuery)));
    expect(new Set(paths)).toEqual(new Set(['current']));
    figures['cases running after the rolling restart (on the current path)'] = `${opened.length} / ${opened.length}`;

    const fresh = `R-${Date.now() % 100000}-new`;
    await openCase(fresh, day(-1));
    await until('a case opened after the upgrade answers', () => running(fresh), 180_000);
    expect(await client.workflow.getHandle(fresh).query(buildQuery)).toBe('next');

    // A case from the current build completes on the next.
    const handle = client.workflow.getHandle(closingCase);
    await handle.executeUpdate(registerEventUpdate, { args: [{ type: 'occurred', what: 'closing', at: day(-95), by: 'tl-karen' }] });
    expect(await handle.result()).toMatchObject({ closedOn: day(-95) });
  });
});
