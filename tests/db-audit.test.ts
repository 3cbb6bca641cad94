/**
 * The audit log on PGlite and PostgreSQL: appends form one hash chain even when they race, the
 * table refuses updates and deletes, and `verifyAudit` names the first row that was changed,
 * removed or reordered once someone gets past that.
 */
import { expect, it } from 'vitest';
import { AuditRejected, appendAudit, canonicalJson, GENESIS_HASH, rowHash, verifyAudit, type AuditEntry } from '../activities/db/audit.js';
import type { Database } from '../activities/db/driver.js';
import { forEachDatabase } from './helpers/databases.js';

const entry = (n: number): AuditEntry => ({ actor: n % 3 === 0 ? 'workflow' : 'sr-mette', action: 'case.event', caseId: `K-2026-${String(n).padStart(4, '0')}`, source: n % 3 === 0 ? 'workflow' : 'cli', details: { type: 'birth', seq: n } });

async function appendMany(db: Database, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) await appendAudit(db, entry(n));
}

/** Edits the table as someone with the owner's rights would: past the append-only trigger. */
async function tamper(db: Database, sql: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await tx.exec(sql);
    await tx.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  });
}

it('hashes the canonical JSON: key order does not matter, content does', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  const row = { at: new Date('2026-03-16T08:00:00.000Z'), actor: 'sr-mette', action: 'case.event', caseId: 'K-1', source: 'cli' as const, details: { a: 1, b: 'x' } };
  expect(rowHash(GENESIS_HASH, row)).toBe(rowHash(GENESIS_HASH, { ...row, details: { b: 'x', a: 1 } }));
  expect(rowHash(GENESIS_HASH, row)).not.toBe(rowHash(GENESIS_HASH, { ...row, details: { a: 2, b: 'x' } }));
});

forEachDatabase('audit log', (t) => {
  it('chains appended rows and verifies them', async () => {
    await appendMany(t.db, 5);
    const verdict = await verifyAudit(t.db);
    expect(verdict).toMatchObject({ ok: true, rows: 5 });
    const [last] = await t.db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = 5');
    expect(verdict.headHash).toBe(last!.hash);
    expect(await verifyAudit(t.db)).toEqual(verdict);
  });

  it('verifies an empty log', async () => {
    expect(await verifyAudit(t.db)).toEqual({ ok: true, rows: 0, headHash: GENESIS_HASH });
  });

  it('keeps one chain when many appends race', async () => {
    const other = await t.another();
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(i % 2 ? other : t.db, entry(i + 1))));
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 40 });
    const [{ n, distinctPrev }] = (await t.db.query<{ n: number; distinctPrev: number }>('SELECT count(*) AS n, count(DISTINCT prev_hash) AS "distinctPrev" FROM audit_log')) as [{ n: number; distinctPrev: number }];
    expect([n, distinctPrev]).toEqual([40, 40]);
  });

  it('refuses UPDATE and DELETE on the table', async () => {
    await appendMany(t.db, 2);
    await expect(t.db.query("UPDATE audit_log SET actor = 'sr-ole' WHERE id = 1")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM audit_log WHERE id = 2')).rejects.toThrow(/append-only/);
  });

  it.each([
    ['a changed detail', "UPDATE audit_log SET details = '{\"type\":\"death\",\"seq\":4}' WHERE id = 4", { kind: 'changed', id: 4 }],
    ['a changed actor', "UPDATE audit_log SET actor = 'sr-ole' WHERE id = 2", { kind: 'changed', id: 2 }],
    ['a changed time', "UPDATE audit_log SET at = at + interval '1 second' WHERE id = 6", { kind: 'changed', id: 6 }],
    ['a deleted row', 'DELETE FROM audit_log WHERE id = 3', { kind: 'removed', id: 3 }],
    ['the last row deleted', 'DELETE FROM audit_log WHERE id = 6', { kind: 'removed', id: 6 }],
    ['two rows swapped', 'UPDATE audit_log SET id = -4 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 5; UPDATE audit_log SET id = 5 WHERE id = -4', { kind: 'reordered', id: 4 }],
    ['a row deleted and the rest renumbered', 'DELETE FROM audit_log WHERE id = 3; UPDATE audit_log SET id = id - 1 WHERE id > 3', { kind: 'changed', id: 2 }],
  ])('names the first broken row after %s', async (_what, sql, firstBreak) => {
    await appendMany(t.db, 6);
    await tamper(t.db, sql);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, firstBreak });
  });

  it('names a row rewritten together with its own hash by the break it leaves in the next', async () => {
    await appendMany(t.db, 4);
    const [row] = await t.db.query<{ prevHash: string; at: Date }>('SELECT prev_hash AS "prevHash", at FROM audit_log WHERE id = 2');
    const forged = rowHash(row!.prevHash, { at: row!.at, actor: 'sr-ole', action: 'case.event', caseId: 'K-2026-0002', source: 'cli', details: { type: 'birth', seq: 2 } });
    await tamper(t.db, `UPDATE audit_log SET actor = 'sr-ole', hash = '${forged}' WHERE id = 2`);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: false, rows: 2, firstBreak: { kind: 'changed', id: 2 } });
  });

  it.each([
    [{ details: { name: 'Mette Hansen' } }, /uden mellemrum/],
    [{ details: { cpr: '010190-1234' } }, /CPR/],
    [{ actor: 'Mette' }, /medarbejder-id/],
    [{ caseId: '0101901234' }, /CPR/],
    [{ action: 'Opret sag' }, /handlingen skal være en kode/],
  ])('refuses %o in one sentence, writing nothing', async (bad, message) => {
    await expect(appendAudit(t.db, { ...entry(1), ...bad } as AuditEntry)).rejects.toThrowError(AuditRejected);
    await expect(appendAudit(t.db, { ...entry(1), ...bad } as AuditEntry)).rejects.toThrowError(message);
    expect(await verifyAudit(t.db)).toMatchObject({ ok: true, rows: 0 });
  });
});
