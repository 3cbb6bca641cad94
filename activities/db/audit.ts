/**
 * The audit log: who did what, when, to which case, from where — one row per action, append-only,
 * hash-chained. A row's hash is sha256 over the previous row's hash and the row's canonical JSON
 * (keys sorted, no whitespace), so changing, removing or reordering rows breaks the chain from that
 * row on; `verifyAudit` names the first broken row. Details carry ids and codes only.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CaseId, firstProblem, looksLikeCpr, sentence, StaffId } from '../../dsl/contract.js';
import type { Database, Queryable } from './driver.js';

export const GENESIS_HASH = '0'.repeat(64);

/** An id, code, date or number: no spaces (so no names) and never ten digits in a row (no CPR). */
const DetailValue = z.union([
  z.string().regex(/^[A-Za-z0-9._:@/+-]{1,120}$/, 'oplysninger må kun være id’er og koder uden mellemrum / details may hold only ids and codes without spaces').refine((v) => !looksLikeCpr(v), 'oplysninger må ikke ligne et CPR-nummer / details must not look like a CPR number'),
  z.number(),
  z.boolean(),
  z.null(),
]);

export const AuditEntry = z.object({
  /** A staff id, or 'workflow' / 'system' for what the engine does by itself. */
  actor: z.union([z.literal('workflow'), z.literal('system'), StaffId]),
  /** An action code such as 'case.event', 'auth.sign_in', 'rules.publish'. */
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'handlingen skal være en kode som case.event / the action must be a code such as case.event'),
  caseId: CaseId.nullish(),
  source: z.enum(['web', 'cli', 'workflow']),
  details: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/), z.union([DetailValue, z.array(DetailValue).max(50)])).default({}),
  /** When it happened; the database's clock when left out. */
  at: z.date().optional(),
});
export type AuditEntry = z.input<typeof AuditEntry>;

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  caseId: string | null;
  source: 'web' | 'cli' | 'workflow';
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export class AuditRejected extends Error {
  override name = 'AuditRejected';
}

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of a row: sha256(previous hash + canonical JSON of what the row says). */
export function rowHash(prevHash: string, row: Pick<AuditRow, 'at' | 'actor' | 'action' | 'caseId' | 'source' | 'details'>): string {
  const content = canonicalJson({ at: row.at.toISOString(), actor: row.actor, action: row.action, caseId: row.caseId, source: row.source, details: row.details });
  return createHash('sha256').update(`${prevHash}\n${content}`).digest('hex');
}

/** Appends one row. Appends queue on the chain head's row lock, so the chain never forks. */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<AuditRow> {
  const parsed = AuditEntry.safeParse(entry);
  if (!parsed.success) throw new AuditRejected(sentence(firstProblem(parsed.error)));
  return db.transaction((tx) => appendChecked(tx, parsed.data));
}

/** `appendAudit` inside a transaction the caller holds. */
export async function appendAuditIn(tx: Queryable, entry: AuditEntry): Promise<AuditRow> {
  const parsed = AuditEntry.safeParse(entry);
  if (!parsed.success) throw new AuditRejected(sentence(firstProblem(parsed.error)));
  return appendChecked(tx, parsed.data);
}

async function appendChecked(tx: Queryable, e: z.output<typeof AuditEntry>): Promise<AuditRow> {
  const [head] = await tx.query<{ lastId: number; lastHash: string; now: Date }>('SELECT last_id AS "lastId", last_hash AS "lastHash", now() AS now FROM audit_head FOR UPDATE');
  if (!head) throw new AuditRejected('Revisionssporets hoved mangler; databasen er ikke migreret / the audit chain head is missing: the database is not migrated.');
  // Milliseconds, as JavaScript and the canonical JSON hold them.
  const at = new Date((e.at ?? head.now).getTime());
  const row = { id: head.lastId + 1, at, actor: e.actor, action: e.action, caseId: e.caseId ?? null, source: e.source, details: e.details, prevHash: head.lastHash, hash: '' };
  row.hash = rowHash(row.prevHash, row);
  await tx.query(
    'INSERT INTO audit_log (id, at, actor, action, case_id, source, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)',
    [row.id, row.at, row.actor, row.action, row.caseId, row.source, JSON.stringify(row.details), row.prevHash, row.hash],
  );
  await tx.query('UPDATE audit_head SET last_id = $1, last_hash = $2', [row.id, row.hash]);
  return row;
}

/** One of a case's accepted events, as the case workflow logged it (its `eventSeq` is the case's own). */
export type CaseEventAudit = Omit<AuditEntry, 'caseId' | 'source'> & { eventSeq: number };

/**
 * Appends a case's accepted events, each once: an event whose (case id, event sequence) is already
 * in the log is left out, so a repeated or retried projection writes no second row. The chain
 * head is locked first, so two writers for the same case cannot both find an event missing.
 */
export async function appendCaseEvents(tx: Queryable, caseId: string, events: readonly CaseEventAudit[]): Promise<number> {
  if (!events.length) return 0;
  await tx.query('SELECT last_id FROM audit_head FOR UPDATE');
  const present = await tx.query<{ eventSeq: string }>(
    `SELECT details->>'eventSeq' AS "eventSeq" FROM audit_log WHERE case_id = $1 AND source = 'workflow' AND details ? 'eventSeq'`,
    [caseId],
  );
  const written = new Set(present.map((r) => Number(r.eventSeq)));
  let appended = 0;
  for (const event of [...events].sort((a, b) => a.eventSeq - b.eventSeq)) {
    if (written.has(event.eventSeq)) continue;
    const { eventSeq, ...entry } = event;
    await appendAuditIn(tx, { ...entry, caseId, source: 'workflow', details: { ...entry.details, eventSeq } });
    written.add(eventSeq);
    appended++;
  }
  return appended;
}

export type AuditBreak =
  | { kind: 'changed'; id: number }
  | { kind: 'removed'; id: number }
  | { kind: 'reordered'; id: number };

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  /** The hash of the last row: write it down elsewhere to catch a rewrite of the whole chain. */
  headHash: string;
  firstBreak?: AuditBreak;
}

const COLUMNS = 'id, at, actor, action, case_id AS "caseId", source, details, prev_hash AS "prevHash", hash';
const PAGE = 1000;

/**
 * Walks the chain in id order and names the first break: a gap in the ids is a removed row; a row
 * whose content no longer gives its hash was changed; a row whose predecessor's hash belongs to a
 * row further on was reordered; any other wrong predecessor means the row before was rewritten
 * together with its hash. A head pointing past the last row means rows were cut off the end.
 */
export async function verifyAudit(db: Queryable): Promise<AuditVerdict> {
  let expectedPrev = GENESIS_HASH;
  let expectedId = 1;
  for (;;) {
    const page = await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE id >= $1 ORDER BY id LIMIT ${PAGE}`, [expectedId]);
    for (const row of page) {
      const verdict = (firstBreak: AuditBreak): AuditVerdict => ({ ok: false, rows: expectedId - 1, headHash: expectedPrev, firstBreak });
      if (row.id !== expectedId) return verdict({ kind: 'removed', id: expectedId });
      if (rowHash(row.prevHash, row) !== row.hash) return verdict({ kind: 'changed', id: row.id });
      if (row.prevHash !== expectedPrev) {
        const [later] = await db.query<{ id: number }>('SELECT id FROM audit_log WHERE hash = $1 AND id > $2', [row.prevHash, row.id]);
        return verdict(later ? { kind: 'reordered', id: row.id } : { kind: 'changed', id: row.id - 1 });
      }
      expectedPrev = row.hash;
      expectedId = row.id + 1;
    }
    if (page.length < PAGE) break;
  }
  const rows = expectedId - 1;
  const [head] = await db.query<{ lastId: number; lastHash: string }>('SELECT last_id AS "lastId", last_hash AS "lastHash" FROM audit_head');
  if (!head || head.lastId !== rows || head.lastHash !== expectedPrev) return { ok: false, rows, headHash: expectedPrev, firstBreak: { kind: 'removed', id: rows + 1 } };
  return { ok: true, rows, headHash: expectedPrev };
}
