/**
 * Exactly-once mail across workers on PGlite and PostgreSQL: a claim per (key, staff id) that one
 * worker wins however many race for it, a lease that lets another worker finish after a crash, and
 * the digest queue answering as the single-worker file queue of earlier versions did.
 */
import { expect, it } from 'vitest';
import { addDigestItem, claimSend, ClaimLostError, digestItemsFor, hasDigestItem, isSent, markDigestSent, markSent, sendOnce, type Claim } from '../activities/db/mail-store.js';
import type { Database } from '../activities/db/driver.js';
import type { DigestItem } from '../worker/storage/digest-queue.js';
import { forEachDatabase } from './helpers/databases.js';

const mail = { key: 'K-2026-0042:teamsamtale:1:reminder:0', staffId: 'sp-anna' };

/** What the passing of a lease's time does: its end moves into the past. */
async function expireLeases(db: Database): Promise<void> {
  await db.query(`UPDATE sent_mail SET lease_until = clock_timestamp() - interval '1 second' WHERE state = 'sending'`);
}

forEachDatabase('exactly-once mail store', (t) => {
  it('lets exactly one of many concurrent claims from two workers win', async () => {
    const other = await t.another();
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => claimSend(i % 2 ? other : t.db, { ...mail, worker: `worker-${i % 2}:${i}` })));
    expect(claims.filter((c) => c.outcome === 'claimed')).toEqual([{ outcome: 'claimed', attempt: 1 }]);
    expect(claims.filter((c) => c.outcome === 'busy')).toHaveLength(19);
  });

  it('sends each of a burst of mails once when two workers take all of them', async () => {
    const other = await t.another();
    const keys = Array.from({ length: 40 }, (_, i) => `K-2026-${String(i).padStart(4, '0')}:screening:1:reminder:0`);
    const sent: string[] = [];
    const worker = (db: Database, name: string) =>
      Promise.all(
        keys.map((key) =>
          sendOnce(db, { key, staffId: 'sr-mette', worker: name }, async (_attempt, record) => {
            await record(async () => true);
            sent.push(key);
          }),
        ),
      );
    await Promise.all([worker(t.db, 'host-a:1'), worker(other, 'host-b:1')]);
    expect(sent.sort()).toEqual(keys);
    for (const key of keys) expect(await claimSend(t.db, { key, staffId: 'sr-mette', worker: 'host-c:1' })).toMatchObject({ outcome: 'sent' });
  });

  it('tells a second claim that the mail was sent, after markSent', async () => {
    expect(await claimSend(t.db, { ...mail, worker: 'a' })).toEqual({ outcome: 'claimed', attempt: 1 });
    expect(await markSent(t.db, { ...mail, worker: 'a' })).toBe(true);
    expect(await claimSend(t.db, { ...mail, worker: 'b' })).toMatchObject({ outcome: 'sent' });
    expect(await isSent(t.db, mail.key, mail.staffId)).toBe(true);
    expect(await isSent(t.db, mail.key, 'sr-mette')).toBe(false);
  });

  it('hands a crashed worker’s claim to one other worker once its lease runs out', async () => {
    expect(await claimSend(t.db, { ...mail, worker: 'crashed', leaseMs: 60_000 })).toEqual({ outcome: 'claimed', attempt: 1 });
    expect(await claimSend(t.db, { ...mail, worker: 'b' })).toMatchObject({ outcome: 'busy', claimedBy: 'crashed' });
    await expireLeases(t.db);
    const other = await t.another();
    const takeovers = await Promise.all(Array.from({ length: 10 }, (_, i) => claimSend(i % 2 ? other : t.db, { ...mail, worker: `w${i}` })));
    const won = takeovers.map((c, i) => [c, i] as [Claim, number]).filter(([c]) => c.outcome === 'claimed');
    expect(won.map(([c]) => c)).toEqual([{ outcome: 'claimed', attempt: 2 }]);
    const winner = `w${won[0]![1]}`;
    // The crashed worker, back late, no longer holds the claim; the winner marks it sent.
    expect(await markSent(t.db, { ...mail, worker: 'crashed' })).toBe(false);
    expect(await markSent(t.db, { ...mail, worker: winner })).toBe(true);
    expect(await claimSend(t.db, { ...mail, worker: 'crashed' })).toMatchObject({ outcome: 'sent' });
  });

  /** The row's state and whether the server's acceptance was recorded. */
  async function row(db: Database) {
    const [r] = await db.query<{ state: string; confirmed: boolean }>('SELECT state, confirmed_at IS NOT NULL AS confirmed FROM sent_mail WHERE key = $1 AND staff_id = $2', [mail.key, mail.staffId]);
    return r;
  }
  const refused = Object.assign(new Error('554 message refused'), { responseCode: 554 });
  const options = { refused: (err: unknown) => typeof (err as { responseCode?: unknown }).responseCode === 'number', markRetryMs: [] };

  it('lets the final dot go inside the record’s transaction, commits once the dot is written, and confirms after the server accepted', async () => {
    let dotLetGo = false;
    let committedAfterRecord: string | undefined;
    const claim = await sendOnce(t.db, { ...mail, worker: 'a' }, async (_attempt, record) => {
      await record(async () => (dotLetGo = true));
      committedAfterRecord = (await row(t.db))?.state;
    }, options);
    expect(claim).toEqual({ outcome: 'claimed', attempt: 1 });
    expect(dotLetGo).toBe(true);
    expect(committedAfterRecord).toBe('sent');
    expect(await row(t.db)).toEqual({ state: 'sent', confirmed: true });
  });

  it('gives the claim back when sending failed before the record: the final dot never went out', async () => {
    await expect(sendOnce(t.db, { ...mail, worker: 'a' }, () => Promise.reject(new Error('connection reset')), options)).rejects.toThrow('reset');
    expect(await row(t.db)).toBeUndefined();
    expect(await claimSend(t.db, { ...mail, worker: 'b' })).toEqual({ outcome: 'claimed', attempt: 1 });
  });

  it('takes the record back when the server refused the mail after the final dot', async () => {
    await expect(sendOnce(t.db, { ...mail, worker: 'a' }, async (_attempt, record) => (await record(async () => true), Promise.reject(refused)), options)).rejects.toThrow('554');
    expect(await row(t.db)).toBeUndefined();
  });

  it('keeps a mail recorded, unconfirmed, when the answer to its final dot never came: it is not sent again', async () => {
    const claim = await sendOnce(t.db, { ...mail, worker: 'a' }, async (_attempt, record) => (await record(async () => true), Promise.reject(new Error('socket closed'))), options);
    expect(claim).toEqual({ outcome: 'claimed', attempt: 1, unconfirmed: true });
    expect(await row(t.db)).toEqual({ state: 'sent', confirmed: false });
    expect(await claimSend(t.db, { ...mail, worker: 'b' })).toMatchObject({ outcome: 'sent' });
  });

  it('refuses to record, so the final dot does not go out, once another worker took the claim over', async () => {
    let dotLetGo = false;
    const slow = sendOnce(t.db, { ...mail, worker: 'slow', leaseMs: 60_000 }, async (_attempt, record) => {
      await expireLeases(t.db);
      expect(await claimSend(t.db, { ...mail, worker: 'b' })).toEqual({ outcome: 'claimed', attempt: 2 });
      await record(async () => (dotLetGo = true));
    }, options);
    await expect(slow).rejects.toBeInstanceOf(ClaimLostError);
    expect(dotLetGo).toBe(false);
    // The worker that took over still holds its claim.
    expect(await claimSend(t.db, { ...mail, worker: 'c' })).toMatchObject({ outcome: 'busy', claimedBy: 'b' });
  });

  const item = (key: string, staffId: string, queuedAt: string): DigestItem => ({ key, staffId, kind: 'reminder', caseId: 'K-2026-0042', programmeId: 'spaedbarnsindsatsen', stepId: 'teamsamtale', stepTitle: 'Teamsamtale', target: '2026-03-20', queuedAt });

  it('answers the digest questions as the file queue of earlier versions did', async () => {
    const steps: (DigestItem | { sent: [string, string] })[] = [
      item('a', 'sr-mette', '2026-03-16T20:00:00.000Z'), // queued Monday evening (Copenhagen)
      item('b', 'sr-mette', '2026-03-17T23:30:00.000Z'), // just after midnight Copenhagen: Wednesday
      item('c', 'sp-anna', '2026-03-16T08:00:00.000Z'), // someone else
      item('a', 'sr-mette', '2026-03-18T08:00:00.000Z'), // a repeated add
      { sent: ['sr-mette', '2026-03-18'] }, // the digest of Wednesday sent
      { sent: ['sr-mette', '2026-03-18'] }, // … and sent again
      item('d', 'sr-mette', '2026-03-19T09:00:00.000Z'), // queued Thursday
    ];
    for (const step of steps) await ('sent' in step ? markDigestSent(t.db, ...step.sent) : addDigestItem(t.db, step));
    const expected: [string, string, string[]][] = [
      ['sr-mette', '2026-03-17', ['a']],
      ['sr-mette', '2026-03-18', ['a']],
      ['sr-mette', '2026-03-19', ['b']],
      ['sr-mette', '2026-03-20', ['b', 'd']],
      ['sp-anna', '2026-03-17', ['c']],
      ['sp-anna', '2026-03-16', []],
    ];
    for (const [staffId, date, keys] of expected) expect((await digestItemsFor(t.db, staffId, date)).map((i) => i.key), `${staffId} ${date}`).toEqual(keys);
    expect(await digestItemsFor(t.db, 'sr-mette', '2026-03-17')).toEqual([item('a', 'sr-mette', '2026-03-16T20:00:00.000Z')]);
    expect(await hasDigestItem(t.db, 'a', 'sr-mette')).toBe(true);
    expect(await hasDigestItem(t.db, 'a', 'sp-anna')).toBe(false);
  });
});
