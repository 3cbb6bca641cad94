import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../activities/mail/message-id.js';
import { activitiesFor, notification, tempDataDir, TestSmtpServer } from './mail-support.js';

/*
 * A worker process killed mid-send, and the retry Temporal schedules on another worker sharing the
 * database (here the PGlite under the data dir, taken over once the killed process is gone).
 */

const servers: TestSmtpServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.stop())));

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

/** Runs tests/mail-crash-child.ts and resolves with the signal that ended it. */
function crashChild(port: number, dataDir: string, mode: 'before-mark' | 'after-mark'): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./mail-crash-child.ts', import.meta.url).pathname, String(port), dataDir, mode], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

async function afterCrash(mode: 'before-mark' | 'after-mark') {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const dataDir = await tempDataDir({ withDatabase: true });
  expect(await crashChild(server.port, dataDir, mode)).toBe('SIGKILL');
  expect(server.received).toHaveLength(1);
  const { activities, deps } = await activitiesFor(server, { dataDir, database: 'data-dir' });
  return { server, activities, deps };
}

describe('exactly once through crashes', () => {
  it('a worker killed after the mail was marked sent: the retry sends nothing', async () => {
    const { server, activities, deps } = await afterCrash('after-mark');
    try {
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
    } finally {
      await deps.close();
    }
    expect(server.received).toHaveLength(1);
  });

  it('a worker killed between SMTP acceptance and the mark: the retry waits out its claim, then resends with the same Message-ID', async () => {
    const { server, activities, deps } = await afterCrash('before-mark');
    try {
      // the dead worker's claim still holds: the retry sends nothing and is tried again later
      await expect(activities.sendNotification(notification())).rejects.toMatchObject({ type: 'SendingElsewhere', nonRetryable: false });
      expect(server.received).toHaveLength(1);
      // what the passing of the lease's two minutes does
      await deps.db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
      expect(await deps.db.query('SELECT state, attempts FROM sent_mail')).toEqual([{ state: 'sent', attempts: 2 }]);
    } finally {
      await deps.close();
    }
    // the remaining window: two deliveries, one Message-ID a mail system can de-duplicate on
    expect(server.received).toHaveLength(2);
    const ids = server.received.map((r) => r.parsed.messageId);
    expect(ids).toEqual([messageIdFor(notification().idempotencyKey, 'sp-anne'), messageIdFor(notification().idempotencyKey, 'sp-anne')]);
  });

  it('two workers given the same notification at once send it once', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const dataDir = await tempDataDir();
    const [a, b] = [await activitiesFor(server, { dataDir }), await activitiesFor(server, { dataDir })];
    const request = notification({ toRoles: ['sundhedsplejerske', 'socialraadgiver'] });
    const outcomes = await Promise.allSettled([a.activities.sendNotification(request), b.activities.sendNotification(request)]);
    // the loser is told another worker is sending, or that it went out; Temporal retries a SendingElsewhere
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ type: 'SendingElsewhere' });
    const retried = await a.activities.sendNotification(request);
    expect(retried).toMatchObject({ alreadySent: true });
    expect(server.received.map((r) => r.envelopeTo).sort()).toEqual([['anne@example.org'], ['mette@example.org']]);
  });

  it('a send slower than the claim’s lease keeps its claim: another worker does not send it again', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    server.answerDelayMs = 1500;
    const dataDir = await tempDataDir();
    const [a, b] = [await activitiesFor(server, { dataDir, sendLeaseMs: 400 }), await activitiesFor(server, { dataDir, sendLeaseMs: 400 })];
    const first = a.activities.sendNotification(notification());
    // The server has the message and takes its time to answer; the 400 ms lease has long passed.
    await until(() => server.received.length === 1);
    await new Promise((r) => setTimeout(r, 700));
    await expect(b.activities.sendNotification(notification())).rejects.toMatchObject({ type: 'SendingElsewhere' });
    expect(await first).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    expect(await b.activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('a mail the server accepted is marked sent even when the database fails the first time it is marked', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const { activities, deps } = await activitiesFor(server, { dataDir: await tempDataDir() });
    const db = deps.db;
    let failures = 1;
    deps.db = {
      ...db,
      query: (async (sql: string, params?: readonly unknown[]) => {
        if (/SET state = 'sent'/.test(sql) && failures-- > 0) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        return db.query(sql, params);
      }) as typeof db.query,
    };
    expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    // what a retry after the lease's two minutes would find
    await db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
    expect(await activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('different recipients and different keys get different Message-IDs', () => {
    const key = notification().idempotencyKey;
    expect(new Set([messageIdFor(key, 'sp-anne'), messageIdFor(key, 'sr-mette'), messageIdFor(key + ':x', 'sp-anne')]).size).toBe(3);
  });
});
