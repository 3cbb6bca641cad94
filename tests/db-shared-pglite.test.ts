/**
 * One embedded database for all of Vugge's processes: `npm start` serves its PGlite on a Unix
 * socket in the data directory, and every other process connects there with `pg`. Concurrent
 * writers all land; a transaction on one connection is never interleaved with another
 * connection's statements; a connection that goes away mid-transaction is rolled back; without a
 * server, a process opens the files itself as before.
 */
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../activities/db/audit.js';
import { connectPgliteServer, PGLITE_SOCKET_PORT, type Database } from '../activities/db/driver.js';
import { openVuggeDatabase, pgliteSocketDir, serveVuggeDatabase, type ServedDatabase } from '../activities/db/index.js';
import { lastReadyStatus } from '../activities/db/pglite-server.js';
import { readMigrations } from '../activities/db/migrate.js';
import { spawnVugge } from './helpers/vugge-cli.js';
import { tempDir } from './helpers/temporal.js';

// One served database for the file (PGlite's first start in a directory takes seconds); each test
// writes its own tables.
const dataDir = tempDir('vugge-shared-');
const dir = join(dataDir, 'vugge-db');
let served: ServedDatabase;
const opened: Database[] = [];
const clients: pg.Client[] = [];

beforeAll(async () => {
  served = await serveVuggeDatabase(dir);
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  for (const db of opened.splice(0)) await db.close();
});
afterAll(() => served?.close());

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ host: pgliteSocketDir(dir), port: PGLITE_SOCKET_PORT, user: 'postgres', database: 'postgres' });
  await c.connect();
  clients.push(c);
  return c;
}

function connect(): Database {
  const db = connectPgliteServer(pgliteSocketDir(dir));
  opened.push(db);
  return db;
}

describe('the PGlite server', () => {
  it('is reachable only by the owner: the socket directory is 0700 and the socket 0600', async () => {
    const s = served;
    expect(statSync(s.socketDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(s.socketDir, `.s.PGSQL.${PGLITE_SOCKET_PORT}`)).mode & 0o777).toBe(0o600);
  });

  it('takes concurrent writers from several pools, each parameterised statement whole', async () => {
    const [a, b] = [connect(), connect()];
    await a.exec('CREATE TABLE writes (writer text, n integer, doubled integer)');
    // Extended-protocol statements (Parse/Bind/Execute/Sync) of two pools interleave on the wire;
    // a Bind meeting the other pool's Parse would store the wrong pairs.
    await Promise.all(
      [a, b].flatMap((db, w) => Array.from({ length: 40 }, (_, n) => db.query('INSERT INTO writes VALUES ($1, $2, $2::integer * 2)', [`w${w}`, n]))),
    );
    const rows = await a.query<{ writer: string; count: number; bad: number }>('SELECT writer, count(*) AS count, count(*) FILTER (WHERE doubled <> n * 2) AS bad FROM writes GROUP BY writer ORDER BY writer');
    expect(rows).toEqual([
      { writer: 'w0', count: 40, bad: 0 },
      { writer: 'w1', count: 40, bad: 0 },
    ]);
  });

  it('lets no other connection in while a transaction is open: it waits, then sees only what was committed', async () => {
    const [a, b] = [await client(), await client()];
    await a.query('CREATE TABLE t1 (v integer)');
    const order: string[] = [];
    await a.query('BEGIN');
    await a.query('INSERT INTO t1 VALUES (1)');
    const read = b.query<{ n: number }>('SELECT count(*)::integer AS n FROM t1').then((r) => (order.push('read'), r.rows[0]!.n));
    const write = b.query('INSERT INTO t1 VALUES (100)');
    // Still inside a's transaction: a sees its own row and not b's.
    expect((await a.query<{ s: number }>('SELECT sum(v)::integer AS s FROM t1')).rows[0]!.s).toBe(1);
    await a.query('INSERT INTO t1 VALUES (2)');
    order.push('commit');
    await a.query('COMMIT');
    expect(await read).toBe(2);
    await write;
    expect(order).toEqual(['commit', 'read']);
    expect((await a.query<{ s: number }>('SELECT sum(v)::integer AS s FROM t1')).rows[0]!.s).toBe(103);
  });

  it('rolls back the transaction of a connection that goes away, and lets the others on', async () => {
    const [a, b] = [await client(), await client()];
    await a.query('CREATE TABLE t2 (v integer)');
    await a.query('BEGIN');
    await a.query('INSERT INTO t2 VALUES (1)');
    const read = b.query<{ n: number }>('SELECT count(*)::integer AS n FROM t2');
    clients.splice(clients.indexOf(a), 1);
    await a.end();
    expect((await read).rows[0]!.n).toBe(0);
  });

  it('keeps the hash chain whole when two pools append to the audit log at once', async () => {
    const [a, b] = [connect(), connect()];
    await Promise.all([a, b].flatMap((db) => Array.from({ length: 15 }, () => appendAudit(db, { actor: 'system', action: 'test.append', source: 'cli' }))));
    expect(await verifyAudit(a)).toMatchObject({ ok: true, rows: 30 });
    await a.exec('TRUNCATE audit_log; UPDATE audit_head SET last_id = 0, last_hash = repeat(\'0\', 64)');
  });

  it('serves another process: the CLI checks the audit log the server holds open', async () => {
    await appendAudit(connect(), { actor: 'system', action: 'test.append', source: 'cli' });
    const out = await spawnVugge(['audit', 'verify'], { VUGGE_DATA_DIR: dataDir, VUGGE_DATABASE_URL: '' });
    expect(out.stdout).toMatch(/^Revisionssporet er helt: 1 rækker/);
    expect(out.code).toBe(0);
  });
});

describe('vugge db status', () => {
  it('names the shared database, the migrations applied and what the read model holds', async () => {
    const out = await spawnVugge(['db', 'status', '--json'], { VUGGE_DATA_DIR: dataDir, VUGGE_DATABASE_URL: '' });
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ driver: 'pglite-shared', migrations: { applied: readMigrations().map((m) => m.version), pending: [] }, cases: { open: 0, closed: 0 }, occurrences: 0 });
  });
});

describe('openVuggeDatabase on PGlite', () => {
  it('connects to the server when one answers', async () => {
    const db = await openVuggeDatabase({ driver: 'pglite', dir });
    opened.push(db);
    expect(db.via).toBe('socket');
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('opens the files itself when no server runs, also past a socket file left by a crash', async () => {
    const own = join(tempDir('vugge-unshared-'), 'vugge-db');
    mkdirSync(pgliteSocketDir(own), { recursive: true, mode: 0o700 });
    writeFileSync(join(pgliteSocketDir(own), `.s.PGSQL.${PGLITE_SOCKET_PORT}`), '');
    const db = await openVuggeDatabase({ driver: 'pglite', dir: own });
    opened.push(db);
    expect(db.via).toBeUndefined();
    expect(await db.query('SELECT count(*) AS n FROM cases')).toEqual([{ n: 0 }]);
  });
});

describe('lastReadyStatus', () => {
  const z = (status: string) => [0x5a, 0, 0, 0, 5, status.charCodeAt(0)];
  it.each([
    [[...z('T')], 'T'],
    [[0x43, 0, 0, 0, 6, 0x41, 0, ...z('I')], 'I'],
    [[...z('T'), ...z('E')], 'E'],
    [[0x43, 0, 0, 0, 6, 0x41, 0], undefined],
  ])('reads the status of the last ReadyForQuery in %j', (bytes, status) => {
    expect(lastReadyStatus(new Uint8Array(bytes))).toBe(status);
  });
});
