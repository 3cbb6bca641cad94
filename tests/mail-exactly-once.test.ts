import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../activities/mail/message-id.js';
import type { Database, Queryable } from '../activities/db/driver.js';
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
type CrashPoint = 'before-record' | 'between-dot-and-commit' | 'before-confirm' | 'after-mark';
function crashChild(port: number, dataDir: string, mode: CrashPoint): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./mail-crash-child.ts', import.meta.url).pathname, String(port), dataDir, mode], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

async function afterCrash(mode: CrashPoint) {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const dataDir = await tempDataDir({ withDatabase: true });
  expect(await crashChild(server.port, dataDir, mode)).toBe('SIGKILL');
  // Killed before the record, the final dot never went out: the server dropped the message.
  await new Promise((r) => setTimeout(r, 200));
  expect(server.received).toHaveLength(mode === 'before-record' ? 0 : 1);
  const { activities, deps } = await activitiesFor(server, { dataDir, database: 'data-dir' });
  return { server, activities, deps };
}

/** The database, with the statement that records a mail sent failing whenever `fails()` says so (in or out of a transaction). */
function failingRecord(db: Database, fails: () => boolean): Database {
  const guard = (q: Queryable): Queryable => ({
    ...q,
    query: (async (sql: string, params?: readonly unknown[]) => {
      if (/SET state = 'sent'/.test(sql) && fails()) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      return q.query(sql, params);
    }) as Queryable['query'],
  });
  return { ...db, ...guard(db), transaction: (fn) => db.transaction((tx) => fn(guard(tx))) };
}

/** A test SMTP server and one worker's activities on a fresh data directory. */
async function oneWorker() {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const { activities, deps } = await activitiesFor(server, { dataDir: await tempDataDir() });
  return { server, activities, deps, db: deps.db };
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

  it('a worker killed while the server held the message, before the record: nothing was delivered, and the retry sends it once after the claim runs out', async () => {
    const { server, activities, deps } = await afterCrash('before-record');
    try {
      // the dead worker's claim still holds: the retry sends nothing and is tried again later
      await expect(activities.sendNotification(notification())).rejects.toMatchObject({ type: 'SendingElsewhere', nonRetryable: false });
      expect(server.received).toHaveLength(0);
      // what the passing of the lease's two minutes does
      await deps.db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
      expect(await deps.db.query('SELECT state, attempts, confirmed_at IS NOT NULL AS confirmed FROM sent_mail')).toEqual([{ state: 'sent', attempts: 2, confirmed: true }]);
    } finally {
      await deps.close();
    }
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.parsed.messageId).toBe(messageIdFor(notification().idempotencyKey, 'sp-anne'));
  });

  it('a worker killed in the microseconds between the final dot and the COMMIT: the server has the mail, unrecorded, and the retry sends it again with the same Message-ID', async () => {
    const { server, activities, deps } = await afterCrash('between-dot-and-commit');
    try {
      expect(await deps.db.query('SELECT state FROM sent_mail')).toEqual([{ state: 'sending' }]);
      await deps.db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    } finally {
      await deps.close();
    }
    // the one window left: a duplicate, never a loss, and with one Message-ID a mail system can de-duplicate on
    expect(server.received.map((r) => r.parsed.messageId)).toEqual([messageIdFor(notification().idempotencyKey, 'sp-anne'), messageIdFor(notification().idempotencyKey, 'sp-anne')]);
  });

  it('a worker killed after the server accepted, before the acceptance was recorded: the mail is recorded sent, and the retry sends nothing', async () => {
    const { server, activities, deps } = await afterCrash('before-confirm');
    try {
      expect(await deps.db.query('SELECT state, confirmed_at IS NOT NULL AS confirmed FROM sent_mail')).toEqual([{ state: 'sent', confirmed: false }]);
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
    } finally {
      await deps.close();
    }
    expect(server.received).toHaveLength(1);
  });

  it('a database that fails the record every time: the final dot does not go out, and nothing is delivered', async () => {
    const { server, activities, deps, db } = await oneWorker();
    deps.db = failingRecord(db, () => true);
    await expect(activities.sendNotification(notification())).rejects.toMatchObject({ type: 'MailNotRecorded', nonRetryable: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.received).toHaveLength(0);
    // the claim was given back: once the database works, the retry sends at once
    deps.db = db;
    expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    expect(server.received).toHaveLength(1);
  }, 60_000);

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

  it('a mail server slower to answer than the claim’s lease: another worker does not send the mail again', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    server.answerDelayMs = 1500;
    const dataDir = await tempDataDir();
    const [a, b] = [await activitiesFor(server, { dataDir, sendLeaseMs: 400 }), await activitiesFor(server, { dataDir, sendLeaseMs: 400 })];
    const first = a.activities.sendNotification(notification());
    // The server has the message and takes its time to answer; the 400 ms lease has long passed.
    await until(() => server.received.length === 1);
    await new Promise((r) => setTimeout(r, 700));
    // It was recorded sent before its final dot: the other worker sends nothing.
    expect(await b.activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
    expect(await first).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    expect(await b.activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('a mail is recorded sent, and delivered once, even when the database fails the first time it is recorded', async () => {
    const { server, activities, deps, db } = await oneWorker();
    let failures = 1;
    deps.db = failingRecord(db, () => failures-- > 0);
    expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    // what a retry after the lease's two minutes would find
    await db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
    expect(await activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('a COMMIT that fails after the dot went out: the mail is recorded sent outside the transaction, and delivered once', async () => {
    const { server, activities, deps, db } = await oneWorker();
    let commits = 0;
    deps.db = {
      ...db,
      // The first transaction's work is done and the dot let go; then its COMMIT fails (rolled back here).
      transaction: (fn) =>
        db.transaction(async (tx) => {
          const result = await fn(tx);
          if (commits++ === 0) throw Object.assign(new Error('server closed the connection unexpectedly'), { code: '57P01' });
          return result;
        }),
    };
    expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    expect(await db.query('SELECT state FROM sent_mail')).toEqual([{ state: 'sent' }]);
    expect(await activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('different recipients and different keys get different Message-IDs', () => {
    const key = notification().idempotencyKey;
    expect(new Set([messageIdFor(key, 'sp-anne'), messageIdFor(key, 'sr-mette'), messageIdFor(key + ':x', 'sp-anne')]).size).toBe(3);
  });
});
