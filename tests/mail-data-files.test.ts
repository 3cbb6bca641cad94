/**
 * The worker's local data: every line of the mail logs is checked when they are opened, a log that
 * existed and is gone is reported, and the data directory and its files are private (0700 / 0600).
 */
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError } from '../worker/storage/data-dir.js';
import { DigestQueue } from '../worker/storage/digest-queue.js';
import { SentLog } from '../worker/storage/sent-log.js';
import { UndeliverableLog } from '../worker/storage/undeliverable.js';
import { tempDataDir } from './mail-support.js';

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

describe('sent-log lines are validated when the log is opened', () => {
  it.each([
    ['a null line', 'null'],
    ['a line that is not JSON', '{"key": "K-2026-0042:x", staffId'],
    ['a record without a staff id', JSON.stringify({ key: 'K-2026-0042:x', messageId: '<b@vugge>', at: '2026-03-10T08:00:00.000Z' })],
    ['a record with an impossible time', JSON.stringify({ key: 'K-2026-0042:x', staffId: 'sp-anne', messageId: '<b@vugge>', at: '2026-02-30T08:00:00Z' })],
    ['an array', '[1,2]'],
  ])('refuses %s with one sentence naming the file and the line, Danish first', async (_name, bad) => {
    const dataDir = await dataDirWithSentLog(`${good}\n${bad}\n${good}\n`);
    const err = await refusal(SentLog.open(dataDir));
    const file = join(dataDir, 'mail', 'sent.jsonl');
    expect(err.problem.code).toBe('data.log_corrupt');
    expect(err.problem.da).toMatch(new RegExp(`^Linje 2 i ${file} kan ikke læses \\(.+\\); Vugge starter ikke`));
    expect(err.problem.en).toMatch(new RegExp(`^Line 2 of ${file} cannot be read`));
    expect(err.message).toBe(`${err.problem.da} / ${err.problem.en}`);
  });

  it('cuts off a last line torn by a crash mid-write and keeps every whole record', async () => {
    const dataDir = await dataDirWithSentLog(`${good}\n{"key":"K-2026-0042:teamsamtale:1:remi`);
    const log = await SentLog.open(dataDir);
    expect(log.has('K-2026-0042:teamsamtale:1:reminder:0', 'sp-anne')).toBe(true);
    await log.record('K-2026-0042:teamsamtale:1:due_today:0', 'sp-anne', new Date('2026-03-12T07:00:00Z'));
    await log.close();
    const reopened = await SentLog.open(dataDir);
    expect(reopened.has('K-2026-0042:teamsamtale:1:due_today:0', 'sp-anne')).toBe(true);
    await reopened.close();
    expect((await readFile(join(dataDir, 'mail', 'sent.jsonl'), 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses a bad line in the undeliverable log and the digest queue too', async () => {
    const dataDir = await tempDataDir();
    await mkdir(join(dataDir, 'mail'));
    await writeFile(join(dataDir, 'mail', 'undeliverable.jsonl'), 'null\n');
    await writeFile(join(dataDir, 'mail', 'digest-queue.jsonl'), '{"digestSent":"2026-13-01","staffId":"ft-peter"}\n');
    expect((await refusal(UndeliverableLog.open(dataDir))).problem.da).toContain(`Linje 1 i ${join(dataDir, 'mail', 'undeliverable.jsonl')}`);
    expect((await refusal(DigestQueue.open(dataDir))).problem.da).toContain(`Linje 1 i ${join(dataDir, 'mail', 'digest-queue.jsonl')}`);
  });
});

describe('a log that existed and is gone', () => {
  it('is reported, not recreated empty; a fresh data directory still starts empty', async () => {
    const dataDir = await tempDataDir();
    const first = await SentLog.open(dataDir);
    await first.record('K-2026-0042:teamsamtale:1:reminder:0', 'sp-anne', new Date());
    await first.close();
    await rm(join(dataDir, 'mail', 'sent.jsonl'));
    const err = await refusal(SentLog.open(dataDir));
    expect(err.problem.code).toBe('data.log_missing');
    expect(err.problem.da).toMatch(/sent\.jsonl mangler, men .*logs\.manifest viser, at den har fandtes; gendan filen/);
    await expect(stat(join(dataDir, 'mail', 'sent.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an installation from before the manifest adopts the logs it finds', async () => {
    const dataDir = await dataDirWithSentLog(`${good}\n`);
    await (await SentLog.open(dataDir)).close();
    expect(await readFile(join(dataDir, 'mail', 'logs.manifest'), 'utf8')).toBe('sent.jsonl\n');
  });
});

describe('the data directory is private', () => {
  const mode = async (path: string) => (await stat(path)).mode & 0o777;

  it('creates the data directory 0700 and every log 0600', async () => {
    const dataDir = join(await tempDataDir(), 'data');
    await Promise.all([SentLog.open(dataDir), UndeliverableLog.open(dataDir), DigestQueue.open(dataDir)].map(async (p) => (await p).close()));
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(join(dataDir, 'mail'))).toBe(0o700);
    for (const f of ['sent.jsonl', 'undeliverable.jsonl', 'digest-queue.jsonl', 'logs.manifest']) expect([f, await mode(join(dataDir, 'mail', f))]).toEqual([f, 0o600]);
  });

  it('tightens a data directory and logs made before', async () => {
    const dataDir = await dataDirWithSentLog(`${good}\n`);
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'mail'), 0o755);
    await chmod(join(dataDir, 'mail', 'sent.jsonl'), 0o644);
    await (await SentLog.open(dataDir)).close();
    expect([await mode(dataDir), await mode(join(dataDir, 'mail')), await mode(join(dataDir, 'mail', 'sent.jsonl'))]).toEqual([0o700, 0o700, 0o600]);
  });
});

describe('a reader beside the worker (the web app, the CLI lists)', () => {
  it('reads the undeliverable log without creating anything or cutting the line the worker is writing', async () => {
    const dir = await tempDataDir();
    const empty = await UndeliverableLog.read(dir);
    expect(empty.list()).toEqual([]);
    await expect(stat(join(dir, 'mail'))).rejects.toMatchObject({ code: 'ENOENT' });

    const writer = await UndeliverableLog.open(dir);
    await writer.record({ key: 'K-2026-0042:teamsamtale:1:reminder', kind: 'reminder', caseId: 'K-2026-0042', stepId: 'teamsamtale', unit: 'nord', staffId: 'sp-anne', reportTo: 'tl-karen', reason: 'smtp_unavailable', detail: 'ECONNREFUSED', dueAt: '2026-03-10T07:00:00.000Z', at: '2026-03-10T07:05:00.000Z' });
    await writer.close();
    const file = join(dir, 'mail', 'undeliverable.jsonl');
    const whole = await readFile(file, 'utf8');
    await writeFile(file, `${whole}{"key":"K-2026-0042:half`);

    const seen = await UndeliverableLog.read(dir);
    expect(seen.list().map((r) => r.staffId)).toEqual(['sp-anne']);
    expect(await readFile(file, 'utf8')).toBe(`${whole}{"key":"K-2026-0042:half`);
  });
});
