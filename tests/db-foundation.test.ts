/**
 * The database's foundation: VUGGE_DATABASE_URL read and checked, migrations applied once and
 * guarded by checksums, PGlite's directory private and held by one process, and `vugge audit
 * verify` on both drivers.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { appendAudit } from '../activities/db/audit.js';
import { loadDatabaseConfig, type DatabaseConfig } from '../activities/db/config.js';
import { openDatabase, type Database } from '../activities/db/driver.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import { migrate, readMigrations, type Migration } from '../activities/db/migrate.js';
import { run as audit } from '../client/cli/audit.js';
import { ConfigError } from '../temporal.config.js';
import { postgresMissing, startPostgres, type PostgresServer } from './helpers/postgres.js';
import { tempDir } from './helpers/temporal.js';

describe('loadDatabaseConfig', () => {
  it('defaults to PGlite under the data directory', () => {
    expect(loadDatabaseConfig({})).toEqual({ driver: 'pglite', dir: join('.data', 'vugge-db') });
    expect(loadDatabaseConfig({ VUGGE_DATA_DIR: '/var/lib/vugge', VUGGE_DATABASE_URL: '' })).toEqual({ driver: 'pglite', dir: '/var/lib/vugge/vugge-db' });
  });

  it('uses PostgreSQL when VUGGE_DATABASE_URL is set', () => {
    expect(loadDatabaseConfig({ VUGGE_DATABASE_URL: 'postgres://vugge:hemmelig@db.kommune.dk:5432/vugge?sslmode=require', VUGGE_DATABASE_POOL: '4' })).toEqual({
      driver: 'postgres',
      url: 'postgres://vugge:hemmelig@db.kommune.dk:5432/vugge?sslmode=require',
      poolSize: 4,
    });
  });

  it.each([
    [{ VUGGE_DATABASE_URL: 'mysql://vugge:hemmelig@db/vugge' }, /^VUGGE_DATABASE_URL: skal være en PostgreSQL-adresse/],
    [{ VUGGE_DATABASE_POOL: 'mange' }, /^VUGGE_DATABASE_POOL \('mange'\): skal være et antal forbindelser fra 1 til 100/],
    [{ VUGGE_DATABASE_POOL: '0' }, /^VUGGE_DATABASE_POOL \('0'\): skal være et antal/],
  ])('rejects %o in one sentence naming the variable', (env, message) => {
    expect(() => loadDatabaseConfig(env)).toThrowError(ConfigError);
    expect(() => loadDatabaseConfig(env)).toThrowError(message);
  });

  it('never echoes the URL, which may hold a password', () => {
    expect(() => loadDatabaseConfig({ VUGGE_DATABASE_URL: 'postgres://vugge:hemmelig@ db/vugge' })).toThrowError(/^(?!.*hemmelig)/s);
  });
});

describe('migrations', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  });
  afterAll(() => db.close());
  beforeEach(() => db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public'));

  it('apply once, in order; a second run does nothing', async () => {
    expect(await migrate(db)).toEqual(readMigrations().map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const tables = await db.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(['audit_head', 'audit_log', 'case_owners', 'cases', 'digest_items', 'digests_sent', 'occurrences', 'overdue_snapshot_days', 'overdue_snapshots',
      'rules_drafts', 'schema_migrations', 'sent_mail']);
  });

  it('refuse a migration changed after it was applied, and one this version does not know', async () => {
    const first: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE a (x int);', checksum: 'c1' };
    await migrate(db, [first]);
    await expect(migrate(db, [{ ...first, checksum: 'c2' }])).rejects.toThrowError(/Migration 001_first er ændret, efter den blev kørt/);
    await migrate(db, [first, { version: 2, name: 'second', sql: 'CREATE TABLE b (x int);', checksum: 'c3' }]);
    await expect(migrate(db, [first])).rejects.toThrowError(/Databasen har migration 002_second, som denne version af Vugge ikke kender/);
    await expect(migrate(db, [first, { version: 3, name: 'gap', sql: '', checksum: 'c4' }])).rejects.toThrowError(/uden huller/);
  });

  it('leave the schema as it was when a file fails', async () => {
    await expect(migrate(db, [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x int); CREATE TABLE a (x int);', checksum: 'c' }])).rejects.toThrow();
    expect(await db.query(`SELECT 1 FROM pg_tables WHERE tablename IN ('a', 'schema_migrations')`)).toEqual([]);
  });
});

describe('PGlite under the data directory', () => {
  it('keeps the directory 0700 and its files 0600, and lets one process open it at a time', async () => {
    const dataDir = tempDir('vugge-data-');
    const config = loadDatabaseConfig({ VUGGE_DATA_DIR: dataDir }) as Extract<DatabaseConfig, { driver: 'pglite' }>;
    const db = await openVuggeDatabase(config);
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(config.dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(config.dir, 'PG_VERSION')).mode & 0o777).toBe(0o600);
      expect(statSync(`${config.dir}.lock`).mode & 0o777).toBe(0o600);
      // The lock names this process: a second open (another worker or CLI) is refused in one sentence.
      writeFileSync(`${config.dir}.lock`, String(process.ppid));
      await expect(openVuggeDatabase(config)).rejects.toThrowError(/er åben i en anden proces .* sæt VUGGE_DATABASE_URL/);
      writeFileSync(`${config.dir}.lock`, String(process.pid));
    } finally {
      await db.close();
    }
    // A lock left by a process that is gone is taken over.
    writeFileSync(`${config.dir}.lock`, '999999999');
    const again = await openVuggeDatabase(config);
    await again.close();
  });
});

describe('vugge audit verify', () => {
  const out: string[] = [];
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void out.push(line));
  });
  afterEach(() => void out.splice(0));
  afterAll(() => vi.restoreAllMocks());

  function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    return fn().finally(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });
  }

  async function scenario(env: Record<string, string>) {
    const config = loadDatabaseConfig(env);
    const db = await openVuggeDatabase(config);
    for (let n = 1; n <= 3; n++) await appendAudit(db, { actor: 'tl-karen', action: 'rules.publish', source: 'web', details: { version: `v${n}` } });
    await db.close();
    expect(await withEnv(env, () => audit(['verify']))).toBe(0);
    expect(out.pop()).toMatch(/^Revisionssporet er helt: 3 rækker, seneste hash [0-9a-f]{64}\. \/ The audit log is intact: 3 rows/);
    const tamper = await openVuggeDatabase(config);
    const [second] = await tamper.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = 2');
    await tamper.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; UPDATE audit_log SET details = '{"version":"v9"}' WHERE id = 2`);
    await tamper.close();
    expect(await withEnv(env, () => audit(['verify']))).toBe(1);
    expect(out.pop()).toBe('Række 2 i revisionssporet er ændret, efter den blev skrevet. / Row 2 of the audit log was changed after it was written.');
    return second!.hash;
  }

  it('checks the chain on PGlite and names the changed row', async () => {
    const env = { VUGGE_DATA_DIR: tempDir('vugge-audit-'), VUGGE_DATABASE_URL: '' };
    await scenario(env);
    expect(await withEnv(env, () => audit(['verify', '--head', 'abc']))).toBe(2);
    expect(out.pop()).toMatch(/^--head skal være en hash på 64 tegn/);
    expect(await withEnv(env, () => audit(['check']))).toBe(2);
  });

  describe.skipIf(Boolean(postgresMissing()))(`on PostgreSQL${postgresMissing() ? ` (skipped: ${postgresMissing()})` : ''}`, () => {
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startPostgres();
    });
    afterAll(() => server?.stop());

    it('checks the chain, and a head written down earlier that is gone', async () => {
      await server.createDatabase('audit_cli');
      const env = { VUGGE_DATABASE_URL: server.url('audit_cli') };
      await scenario(env);
      const db = await openVuggeDatabase(loadDatabaseConfig(env));
      const [head] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = 3');
      await db.exec('TRUNCATE audit_log; UPDATE audit_head SET last_id = 0, last_hash = repeat(\'0\', 64)');
      await db.close();
      // An emptied log is a consistent chain: only the head written down before shows the rewrite.
      expect(await withEnv(env, () => audit(['verify']))).toBe(0);
      out.pop();
      expect(await withEnv(env, () => audit(['verify', '--head', head!.hash]))).toBe(1);
      expect(out.pop()).toMatch(/^Den noterede hash [0-9a-f]{12}… findes ikke i revisionssporet; sporet er skrevet om\. \/ The recorded hash/);
    });
  });
});
