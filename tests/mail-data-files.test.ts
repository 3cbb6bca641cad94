/**
 * The worker's local data: every line of the mail logs is checked when they are read, a log that
 * existed and is gone is reported, and the data directory and its files are private (0700 / 0600).
 * The sent-log and digest queue of earlier versions are brought into the database once, then left
 * read-only.
 */
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../worker/storage/data-dir.js';
import { readDigestQueue } from '../worker/storage/digest-queue.js';
import { importLegacyMailFiles } from '../worker/storage/legacy-import.js';
import { readSentLog } from '../worker/storage/sent-log.js';
import { UndeliverableLog, type UndeliverableRecord } from '../worker/storage/undeliverable.js';
import { claimSend, digestItemsFor, isSent } from '../activities/db/mail-store.js';
import { activitiesFor, notification, sharedMailDatabase, tempDataDir, TestSmtpServer } from './mail-support.js';

const good = JSON.stringify({ key: 'K-2026-0042:teamsamtale:1:reminder:0', staffId: 'sp-anne', messageId: '<a@vugge>', at: '2026-03-10T08:00:00.000Z' });

async function dataDirWithSentLog(text: string): Promise<string> {
  const dataDir = await tempDataDir();
  await mkdir(join(dataDir, 'mail'), { recursive: true });
  await writeFile(join(dataDir, 'mail', 'sent.jsonl'), text);
  return dataDir;
}

async function refusal(p: Promise<unknown>): Promise<DataFileError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataFileError);
  return err as DataFileError;
}

describe('lines of an old sent-log are validated when it is read', () => {
  it.each([
    ['a null line', 'null'],
    ['a line that is not JSON', '{"key": "K-2026-0042:x", staffId'],
    ['a record without a staff id', JSON.stringify({ key: 'K-2026-0042:x', messageId: '<b@vugge>', at: '2026-03-10T08:00:00.000Z' })],
    ['a record with an impossible time', JSON.stringify({ key: 'K-2026-0042:x', staffId: 'sp-anne', messageId: '<b@vugge>', at: '2026-02-30T08:00:00Z' })],
    ['an array', '[1,2]'],
  ])('refuses %s with one sentence naming the file and the line, Danish first', async (_name, bad) => {
    const dataDir = await dataDirWithSentLog(`${good}\n${bad}\n${good}\n`);
    const err = await refusal(readSentLog(dataDir));
    const file = join(dataDir, 'mail', 'sent.jsonl');
    expect(err.problem.code).toBe('data.log_corrupt');
    expect(err.problem.da).toMatch(new RegExp(`^Linje 2 i ${file} kan ikke læses \\(.+\\); Vugge starter ikke`));
    expect(err.problem.en).toMatch(new RegExp(`^Line 2 of ${file} cannot be read`));
    expect(err.message).toBe(`${err.problem.da} / ${err.problem.en}`);
  });

  it('skips a last line torn by a crash mid-write (never acknowledged) and keeps every whole record', async () => {
    const text = `${good}\n{"key":"K-2026-0042:teamsamtale:1:remi`;
    const dataDir = await dataDirWithSentLog(text);
    expect((await readSentLog(dataDir)).map((r) => r.key)).toEqual(['K-2026-0042:teamsamtale:1:reminder:0']);
    expect(await readFile(join(dataDir, 'mail', 'sent.jsonl'), 'utf8')).toBe(text);
  });

  it('refuses a bad line in the undeliverable log and the digest queue too', async () => {
    const dataDir = await tempDataDir();
    await mkdir(join(dataDir, 'mail'));
    await writeFile(join(dataDir, 'mail', 'undeliverable.jsonl'), 'null\n');
    await writeFile(join(dataDir, 'mail', 'digest-queue.jsonl'), '{"digestSent":"2026-13-01","staffId":"ft-peter"}\n');
    expect((await refusal(UndeliverableLog.open(dataDir))).problem.da).toContain(`Linje 1 i ${join(dataDir, 'mail', 'undeliverable.jsonl')}`);
    expect((await refusal(readDigestQueue(dataDir))).problem.da).toContain(`Linje 1 i ${join(dataDir, 'mail', 'digest-queue.jsonl')}`);
  });
});

const failure: UndeliverableRecord = { key: 'K-2026-0042:teamsamtale:1:reminder', kind: 'reminder', caseId: 'K-2026-0042', stepId: 'teamsamtale', unit: 'nord', staffId: 'sp-anne', reportTo: 'tl-karen', reason: 'smtp_unavailable', detail: 'ECONNREFUSED', dueAt: '2026-03-10T07:00:00.000Z', at: '2026-03-10T07:05:00.000Z' };

describe('a log that existed and is gone', () => {
  it('is reported, not recreated empty; a fresh data directory still starts empty', async () => {
    const dataDir = await tempDataDir();
    const first = await UndeliverableLog.open(dataDir);
    await first.record(failure);
    await first.close();
    await rm(join(dataDir, 'mail', 'undeliverable.jsonl'));
    const err = await refusal(UndeliverableLog.open(dataDir));
    expect(err.problem.code).toBe('data.log_missing');
    expect(err.problem.da).toMatch(/undeliverable\.jsonl mangler, men .*logs\.manifest viser, at den har fandtes; gendan filen/);
    await expect(stat(join(dataDir, 'mail', 'undeliverable.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an installation from before the manifest adopts the logs it finds', async () => {
    const dataDir = await tempDataDir();
    await mkdir(join(dataDir, 'mail'));
    await writeFile(join(dataDir, 'mail', 'undeliverable.jsonl'), `${JSON.stringify(failure)}\n`);
    await (await UndeliverableLog.open(dataDir)).close();
    expect(await readFile(join(dataDir, 'mail', 'logs.manifest'), 'utf8')).toBe('undeliverable.jsonl\n');
  });
});

describe('the sent-log and digest queue of an earlier version', () => {
  const queued = { key: 'K-2026-0042:teamsamtale:1:reminder:0', staffId: 'ft-peter', kind: 'reminder', caseId: 'K-2026-0042', programmeId: 'spaedbarnsindsatsen', stepId: 'teamsamtale', stepTitle: 'Teamsamtale', target: '2026-03-20', queuedAt: '2026-03-16T09:00:00.000Z' };

  it('are brought into the database once and left read-only; a second start changes nothing', async () => {
    const dataDir = await dataDirWithSentLog(`${good}\n`);
    await writeFile(join(dataDir, 'mail', 'digest-queue.jsonl'), `${JSON.stringify(queued)}\n${JSON.stringify({ digestSent: '2026-03-16', staffId: 'ft-peter' })}\n`);
    const db = await sharedMailDatabase(dataDir);
    // a claim some worker of the new version held when it died, for a mail the old log shows as sent
    await db.query(`INSERT INTO sent_mail (key, staff_id, state, claimed_by, lease_until) VALUES ('K-2026-0042:screening:1:reminder:0', 'sp-anne', 'sending', 'gone:1', now() + interval '1 minute')`);
    await writeFile(join(dataDir, 'mail', 'sent.jsonl'), `${good}\n${JSON.stringify({ key: 'K-2026-0042:screening:1:reminder:0', staffId: 'sp-anne', messageId: '<c@vugge>', at: '2026-03-11T08:00:00.000Z' })}\n`);
    expect(await importLegacyMailFiles(db, dataDir)).toEqual({ sent: 2, digestItems: 1 });
    expect(await isSent(db, 'K-2026-0042:teamsamtale:1:reminder:0', 'sp-anne')).toBe(true);
    expect(await claimSend(db, { key: 'K-2026-0042:screening:1:reminder:0', staffId: 'sp-anne', worker: 'w' })).toMatchObject({ outcome: 'sent' });
    expect((await digestItemsFor(db, 'ft-peter', '2026-03-17')).map((i) => i.key)).toEqual([queued.key]);
    for (const f of ['sent.jsonl', 'digest-queue.jsonl']) expect([f, (await stat(join(dataDir, 'mail', f))).mode & 0o777]).toEqual([f, 0o400]);
    const rows = await db.query('SELECT * FROM sent_mail ORDER BY key');
    expect(await importLegacyMailFiles(db, dataDir)).toEqual({ sent: 2, digestItems: 1 });
    expect(await db.query('SELECT * FROM sent_mail ORDER BY key')).toEqual(rows);
  });

  it('a worker started on a data directory with an old sent-log does not send its mails again', async () => {
    const server = await new TestSmtpServer().start();
    try {
      const dataDir = await dataDirWithSentLog(`${good}\n`);
      const { activities, deps } = await activitiesFor(server, { dataDir });
      expect(await activities.sendNotification(notification())).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
      await deps.close();
      expect(server.received).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('the data directory is private', () => {
  const mode = async (path: string) => (await stat(path)).mode & 0o777;

  it('creates the data directory 0700 and every log 0600', async () => {
    const dataDir = join(await tempDataDir(), 'data');
    await (await UndeliverableLog.open(dataDir)).close();
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(join(dataDir, 'mail'))).toBe(0o700);
    for (const f of ['undeliverable.jsonl', 'logs.manifest']) expect([f, await mode(join(dataDir, 'mail', f))]).toEqual([f, 0o600]);
  });

  it('tightens a data directory and logs made before', async () => {
    const dataDir = await tempDataDir();
    await mkdir(join(dataDir, 'mail'));
    await writeFile(join(dataDir, 'mail', 'undeliverable.jsonl'), '');
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'mail'), 0o755);
    await chmod(join(dataDir, 'mail', 'undeliverable.jsonl'), 0o644);
    await (await UndeliverableLog.open(dataDir)).close();
    expect([await mode(dataDir), await mode(join(dataDir, 'mail')), await mode(join(dataDir, 'mail', 'undeliverable.jsonl'))]).toEqual([0o700, 0o700, 0o600]);
  });
});

describe('a reader beside the worker (the web app, the CLI lists)', () => {
  it('reads the undeliverable log without creating anything or cutting the line the worker is writing', async () => {
    const dir = await tempDataDir();
    const empty = await UndeliverableLog.read(dir);
    expect(empty.list()).toEqual([]);
    await expect(stat(join(dir, 'mail'))).rejects.toMatchObject({ code: 'ENOENT' });

    const writer = await UndeliverableLog.open(dir);
    await writer.record(failure);
    await writer.close();
    const file = join(dir, 'mail', 'undeliverable.jsonl');
    const whole = await readFile(file, 'utf8');
    await writeFile(file, `${whole}{"key":"K-2026-0042:half`);

    const seen = await UndeliverableLog.read(dir);
    expect(seen.list().map((r) => r.staffId)).toEqual(['sp-anne']);
    expect(await readFile(file, 'utf8')).toBe(`${whole}{"key":"K-2026-0042:half`);
  });
});
