/**
 * Exactly-once mail across workers. Before sending to a person, a worker claims (idempotency key,
 * staff id): the first claim inserts a 'sending' row with a lease; every other worker is told the
 * mail is being sent ('busy') or was sent ('sent'). The claimant hands the whole message to the mail
 * server, writes the row 'sent' in a transaction while the server waits for the final dot, lets the
 * dot go, and commits the moment it is written (`sendOnce` with the transport in
 * activities/mail/smtp.ts). A worker that dies before the dot leaves nothing delivered and nothing
 * recorded (its lease runs out and the next claim sends: attempt 2); one that dies after the commit
 * leaves a mail the server has and no one sends again. A live worker renews its lease while it
 * sends. Lease times use the database's clock, so the workers' clocks need not agree.
 *
 * The digest queue lives beside it: items held back for a person's morning digest, and the digests
 * already sent. An item belongs to the first digest dated after the Copenhagen day it was queued.
 */
import { DateTime } from 'luxon';
import { storedDigestItem, type DigestItem } from '../../worker/storage/digest-queue.js';
import type { Database, Queryable } from './driver.js';

export type Claim =
  /**
   * Sent now; `attempt` > 1 when a lapsed claim was taken over (the worker before died without
   * delivering). `unconfirmed` when the final dot went out and the server's answer never came.
   */
  | { outcome: 'claimed'; attempt: number; unconfirmed?: true }
  /** Another worker holds the claim until `leaseUntil`: do not send; retry later. */
  | { outcome: 'busy'; claimedBy: string; leaseUntil: Date }
  /** Already sent: do not send. */
  | { outcome: 'sent'; sentAt: Date };

export interface ClaimRequest {
  key: string;
  staffId: string;
  /** Who claims: a worker identity such as `host:pid`. */
  worker: string;
  /** How long the claim holds without `markSent`; default 2 minutes (the activity's start-to-close timeout). */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 120_000;

export async function claimSend(db: Queryable, req: ClaimRequest): Promise<Claim> {
  const lease = `${req.leaseMs ?? DEFAULT_LEASE_MS} milliseconds`;
  const inserted = await db.query(
    `INSERT INTO sent_mail (key, staff_id, state, claimed_by, lease_until)
     VALUES ($1, $2, 'sending', $3, clock_timestamp() + $4::interval)
     ON CONFLICT (key, staff_id) DO NOTHING RETURNING attempts`,
    [req.key, req.staffId, req.worker, lease],
  );
  if (inserted.length) return { outcome: 'claimed', attempt: 1 };
  // Only one of several workers finding the same lapsed lease gets the row: the others' WHERE no longer holds.
  const [takenOver] = await db.query<{ attempts: number }>(
    `UPDATE sent_mail SET claimed_by = $3, lease_until = clock_timestamp() + $4::interval, attempts = attempts + 1, claimed_at = clock_timestamp()
     WHERE key = $1 AND staff_id = $2 AND state = 'sending' AND lease_until < clock_timestamp()
     RETURNING attempts`,
    [req.key, req.staffId, req.worker, lease],
  );
  if (takenOver) return { outcome: 'claimed', attempt: takenOver.attempts };
  const [row] = await db.query<{ state: 'sending' | 'sent'; claimedBy: string; leaseUntil: Date | null; sentAt: Date | null }>(
    'SELECT state, claimed_by AS "claimedBy", lease_until AS "leaseUntil", sent_at AS "sentAt" FROM sent_mail WHERE key = $1 AND staff_id = $2',
    [req.key, req.staffId],
  );
  // Released between our statements: claim again.
  if (!row) return claimSend(db, req);
  return row.state === 'sent' ? { outcome: 'sent', sentAt: row.sentAt! } : { outcome: 'busy', claimedBy: row.claimedBy, leaseUntil: row.leaseUntil! };
}

/**
 * Records the mail as sent: done, in a transaction, while the mail server holds the whole message and
 * waits for its final dot. False when this worker no longer holds the claim (its lease ran out and
 * another worker took over): the dot must then not go out.
 */
export async function markSent(db: Queryable, req: Pick<ClaimRequest, 'key' | 'staffId' | 'worker'>, at?: Date): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sent_mail SET state = 'sent', sent_at = coalesce($4::timestamptz, clock_timestamp()), lease_until = NULL
     WHERE key = $1 AND staff_id = $2 AND claimed_by = $3 AND state = 'sending' RETURNING key`,
    [req.key, req.staffId, req.worker, at ?? null],
  );
  return rows.length === 1;
}

/** Gives a claim back when the mail certainly did not go out (the server refused it), so a retry may claim at once. */
export async function releaseClaim(db: Queryable, req: Pick<ClaimRequest, 'key' | 'staffId' | 'worker'>): Promise<void> {
  await db.query(`DELETE FROM sent_mail WHERE key = $1 AND staff_id = $2 AND claimed_by = $3 AND state = 'sending'`, [req.key, req.staffId, req.worker]);
}

export async function isSent(db: Queryable, key: string, staffId: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM sent_mail WHERE key = $1 AND staff_id = $2 AND state = 'sent'`, [key, staffId]);
  return rows.length > 0;
}

/** Every mail sent to one person whose key starts with `prefix`, with when it was sent (ISO instant). */
export async function sentTo(db: Queryable, staffId: string, prefix: string): Promise<{ key: string; at: string }[]> {
  const rows = await db.query<{ key: string; sentAt: Date }>(
    `SELECT key, sent_at AS "sentAt" FROM sent_mail WHERE staff_id = $1 AND state = 'sent' AND starts_with(key, $2) ORDER BY sent_at`,
    [staffId, prefix],
  );
  return rows.map((r) => ({ key: r.key, at: r.sentAt.toISOString() }));
}

/**
 * Brings in what an earlier version kept in files (worker/storage/legacy-files.ts): sent mails as
 * 'sent' rows, queued digest items and sent digests. Safe to run again: rows already there stay,
 * and a claim still 'sending' for a mail the file shows as sent becomes 'sent'.
 */
export async function importMailRecords(
  db: Database,
  records: { sent: { key: string; staffId: string; at: string }[]; digestItems: DigestItem[]; digestsSent: { staffId: string; date: string }[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const r of records.sent) {
      await tx.query(
        `INSERT INTO sent_mail (key, staff_id, state, claimed_by, lease_until, claimed_at, sent_at, confirmed_at) VALUES ($1, $2, 'sent', 'import', NULL, $3, $3, $3)
         ON CONFLICT (key, staff_id) DO UPDATE SET state = 'sent', lease_until = NULL, sent_at = excluded.sent_at, confirmed_at = excluded.confirmed_at WHERE sent_mail.state = 'sending'`,
        [r.key, r.staffId, r.at],
      );
    }
    for (const item of records.digestItems) await addDigestItem(tx, item);
    for (const d of records.digestsSent) await markDigestSent(tx, d.staffId, d.date);
  });
}

const ZONE = 'Europe/Copenhagen';

/** Queues an item once per (key, staff id); a repeated add changes nothing. */
export async function addDigestItem(db: Queryable, item: DigestItem): Promise<void> {
  const day = DateTime.fromISO(item.queuedAt, { zone: ZONE }).toISODate();
  await db.query(`INSERT INTO digest_items (key, staff_id, queued_day, item) VALUES ($1, $2, $3::date, $4::jsonb) ON CONFLICT (key, staff_id) DO NOTHING`, [
    item.key,
    item.staffId,
    day,
    JSON.stringify(item),
  ]);
}

export async function hasDigestItem(db: Queryable, key: string, staffId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM digest_items WHERE key = $1 AND staff_id = $2', [key, staffId])).length > 0;
}

/** Items for the digest of `date`: queued before `date`, on or after the day of the previous digest. */
export async function digestItemsFor(db: Queryable, staffId: string, date: string): Promise<DigestItem[]> {
  const rows = await db.query<{ item: DigestItem }>(
    `SELECT i.item FROM digest_items i
     WHERE i.staff_id = $1 AND i.queued_day < $2::date
       AND i.queued_day >= coalesce((SELECT max(d.digest_date) FROM digests_sent d WHERE d.staff_id = $1 AND d.digest_date < $2::date), '-infinity'::date)
     ORDER BY i.queued_day, i.item->>'queuedAt', i.key`,
    [staffId, date],
  );
  return rows.map((r) => storedDigestItem(r.item));
}

export async function markDigestSent(db: Queryable, staffId: string, date: string): Promise<void> {
  await db.query('INSERT INTO digests_sent (staff_id, digest_date) VALUES ($1, $2::date) ON CONFLICT DO NOTHING', [staffId, date]);
}

/** Extends a claim this worker still holds by another lease; false when it no longer holds it. */
export async function renewClaim(db: Queryable, req: ClaimRequest): Promise<boolean> {
  const rows = await db.query(
    `UPDATE sent_mail SET lease_until = clock_timestamp() + $4::interval
     WHERE key = $1 AND staff_id = $2 AND claimed_by = $3 AND state = 'sending' RETURNING key`,
    [req.key, req.staffId, req.worker, `${req.leaseMs ?? DEFAULT_LEASE_MS} milliseconds`],
  );
  return rows.length === 1;
}

/** Records that the server answered "accepted" after the final dot. */
export async function confirmSent(db: Queryable, req: Pick<ClaimRequest, 'key' | 'staffId' | 'worker'>): Promise<void> {
  await db.query(`UPDATE sent_mail SET confirmed_at = clock_timestamp() WHERE key = $1 AND staff_id = $2 AND claimed_by = $3 AND state = 'sent'`, [req.key, req.staffId, req.worker]);
}

/** Takes back a record the server then refused (it answered the final dot with an error): nothing was delivered. */
export async function unrecordSent(db: Queryable, req: Pick<ClaimRequest, 'key' | 'staffId' | 'worker'>): Promise<void> {
  await db.query(`DELETE FROM sent_mail WHERE key = $1 AND staff_id = $2 AND claimed_by = $3 AND state = 'sent' AND confirmed_at IS NULL`, [req.key, req.staffId, req.worker]);
}

/** The database could not record the mail as sent (after retries): its final dot did not go out, so it was not delivered. */
export class RecordFailedError extends Error {
  override name = 'RecordFailedError';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** The mail server's connection failed while the mail was being recorded: nothing went out, so nothing is recorded. */
class ConnectionLostError extends Error {
  override name = 'ConnectionLostError';
  constructor() {
    super('The connection to the mail server failed before the final dot; the mail was not recorded.');
  }
}

/** The claim was taken over by another worker before this one recorded the mail: it must not deliver it. */
export class ClaimLostError extends Error {
  override name = 'ClaimLostError';
  constructor(req: Pick<ClaimRequest, 'key' | 'staffId'>) {
    super(`Another worker took over the mail ${req.key} to ${req.staffId} before it was recorded as sent; this worker did not deliver it.`);
  }
}

export interface SendOnceOptions {
  /** Whether a failure after the final dot is the server's refusal (it answered with an error code): then nothing was delivered. */
  refused?: (err: unknown) => boolean;
  /** The time recorded as sent, on the sender's clock (default: the database's). */
  sentAt?: () => Date;
  /** Waits between attempts to record a mail sent (or take a refused one back); default 0.2, 0.5, 1, 2, 4 and 8 s. */
  markRetryMs?: readonly number[];
}

const MARK_RETRY_MS = [200, 500, 1000, 2000, 4000, 8000];

/**
 * Claim, send, record, let the final dot go: what the notification activity does for each recipient.
 * `send` hands the message over and calls `record(letDotGo)` while the server waits for the final dot.
 * The record is a transaction: the row becomes 'sent' (if this worker still holds the claim), then
 * `letDotGo()` sends the dot, and the COMMIT follows the moment the dot is written. The dot comes
 * first: a worker killed between the two leaves a mail sent twice (same Message-ID), never one lost.
 * While the mail is being handed over, the claim is renewed every third of its lease, so a live
 * worker on a slow mail server never loses it to another worker. The record is tried again through
 * a database failure (a restart, a dropped connection) while the server waits.
 *  - A failure before the dot: nothing was delivered; the claim is given back for a retry.
 *  - The server refusing after the dot: nothing was delivered; the record is taken back.
 *  - No answer after the dot: the server most likely has the mail; it stays recorded, unconfirmed.
 */
export async function sendOnce(
  db: Database,
  req: ClaimRequest,
  send: (attempt: number, record: (letDotGo: () => Promise<boolean>) => Promise<void>) => Promise<void>,
  options: SendOnceOptions = {},
): Promise<Claim> {
  const claim = await claimSend(db, req);
  if (claim.outcome !== 'claimed') return claim;
  const leaseMs = req.leaseMs ?? DEFAULT_LEASE_MS;
  const waits = options.markRetryMs ?? MARK_RETRY_MS;
  const keep = setInterval(() => void renewClaim(db, req).catch(() => undefined), Math.max(20, Math.floor(leaseMs / 3)));
  let dotLetGo = false;
  try {
    await send(claim.attempt, (letDotGo) =>
      recordWithDot(db, req, options.sentAt?.(), waits, async () => (dotLetGo = await letDotGo())),
    );
  } catch (err) {
    if (!dotLetGo) {
      await releaseClaim(db, req).catch(() => undefined);
      throw err;
    }
    if (!options.refused?.(err)) return { ...claim, unconfirmed: true };
    await retrying(() => unrecordSent(db, req), waits);
    throw err;
  } finally {
    clearInterval(keep);
  }
  await retrying(() => confirmSent(db, req), waits).catch(() => undefined);
  return claim;
}

/**
 * The record of `sendOnce`: resolves once it is durable, or once the dot is gone and the record was
 * retried as far as it goes (a COMMIT that failed after the dot is marked again outside a
 * transaction: the mail went out, so only the record can still be saved). Rejects only before the
 * dot: `ClaimLostError` when another worker took the claim over, `ConnectionLostError` when the
 * mail server's connection failed first, `RecordFailedError` when the database failed every time.
 */
async function recordWithDot(db: Database, req: ClaimRequest, at: Date | undefined, waits: readonly number[], letDotGo: () => Promise<boolean>): Promise<void> {
  let gone = false;
  for (let attempt = 0; ; attempt++) {
    try {
      await db.transaction(async (tx) => {
        if (!(await markSent(tx, req, at))) throw new ClaimLostError(req);
        gone = true;
        if (!(await letDotGo())) throw new ConnectionLostError();
        // The dot is written: resolving now issues the COMMIT at once.
      });
      return;
    } catch (err) {
      if (err instanceof ClaimLostError || err instanceof ConnectionLostError) throw err;
      if (gone) break;
      if (attempt >= waits.length) throw new RecordFailedError(err);
      await new Promise((r) => setTimeout(r, waits[attempt]));
    }
  }
  await retrying(() => markSent(db, req, at), waits).catch(() => undefined);
}

async function retrying<T>(step: () => Promise<T>, waits: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= waits.length) throw err;
      await new Promise((r) => setTimeout(r, waits[attempt]));
    }
  }
}
