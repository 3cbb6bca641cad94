/**
 * Exactly-once mail across workers on PGlite and PostgreSQL: a claim per (key, staff id) that one
 * worker wins however many race for it, a lease that lets another worker finish after a crash, and
 * the digest queue answering as the single-worker file queue of earlier versions did.
 */
import { expect, it } from 'vitest';
import { addDigestItem, claimSend, digestItemsFor, hasDigestItem, isSent, markDigestSent, markSent, releaseClaim, sendOnce, type Claim } from '../activities/db/mail-store.js';
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
      Promise.all(keys.map((key) => sendOnce(db, { key, staffId: 'sr-mette', worker: name }, async () => void sent.push(key))));
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

  it('gives a claim back when the mail certainly did not go out, and keeps it when it may have', async () => {
    const refused = Object.assign(new Error('550 mailbox unavailable'), { refused: true });
    await expect(sendOnce(t.db, { ...mail, worker: 'a' }, () => Promise.reject(refused), { notSent: (err) => (err as { refused?: boolean }).refused === true })).rejects.toThrow('550');
    expect(await claimSend(t.db, { ...mail, worker: 'b' })).toEqual({ outcome: 'claimed', attempt: 1 });
    await releaseClaim(t.db, { ...mail, worker: 'b' });
    await expect(sendOnce(t.db, { ...mail, worker: 'c' }, () => Promise.reject(new Error('connection reset')))).rejects.toThrow('reset');
    expect(await claimSend(t.db, { ...mail, worker: 'd' })).toMatchObject({ outcome: 'busy', claimedBy: 'c' });
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
