/**
 * One small query interface over the two drivers Vugge runs on: `pg` against PostgreSQL, and PGlite
 * (PostgreSQL compiled to WebAssembly, in-process) under the data directory. The same SQL runs on
 * both, and both return the same JavaScript values: `date` as 'YYYY-MM-DD' strings, `bigint` and
 * `count(*)` as numbers, `timestamptz` as Date, `jsonb` parsed. Pass jsonb parameters as
 * `JSON.stringify(value)` with a `::jsonb` cast, and arrays as JavaScript arrays.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ConfigError } from '../../temporal.config.js';
import type { DatabaseConfig } from './config.js';
import { restrictModes } from './file-modes.js';
import { processAlive } from '../process-alive.js';

export interface Queryable {
  /** One statement with `$1…` parameters; the rows it returns. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly driver: DatabaseConfig['driver'];
  /** 'socket': PGlite shared by another process over its Unix socket (see pglite-server.ts). */
  readonly via?: 'socket';
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082 } as const;
const asNumber = (value: string): number => Number(value);
const asText = (value: string): string => value;

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.driver === 'postgres' ? openPostgres(config.url, config.poolSize) : openPglite(config.dir);
}

function openPostgres(url: string, poolSize: number): Database {
  return overPool({ connectionString: url, max: poolSize }, 'postgres');
}

/**
 * PGlite served by another Vugge process on the Unix socket in `socketDir` (PostgreSQL's own
 * convention: the socket file is `socketDir/.s.PGSQL.5432`). The server takes the connections in
 * turn, a transaction at a time, so a few connections are plenty.
 */
export function connectPgliteServer(socketDir: string, poolSize = 4): Database {
  return overPool({ host: resolve(socketDir), port: PGLITE_SOCKET_PORT, user: 'postgres', database: 'postgres', max: poolSize }, 'pglite', 'socket');
}

/** The number in the socket file's name `.s.PGSQL.5432`; nothing listens on a TCP port. */
export const PGLITE_SOCKET_PORT = 5432;

function overPool(options: pg.PoolConfig, driver: Database['driver'], via?: 'socket'): Database {
  const parsers: Record<number, (value: string) => unknown> = { [OID.int8]: asNumber, [OID.date]: asText };
  const pool = new pg.Pool({
    ...options,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', (err) => console.error(`Forbindelsen til databasen blev afbrudt / the database connection was lost: ${err.message}`));
  const over = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, params as unknown[])).rows as Row[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    driver,
    ...(via ? { via } : {}),
    ...over(pool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(over(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function overPglite(db: PgliteLike): Queryable {
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, params as unknown[])).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}

export interface OpenPglite {
  pglite: PGlite;
  /** Closes PGlite, restores the file modes and gives up the lock. */
  close(): Promise<void>;
}

/** The PGlite instance itself in `dir` (kept 0700, files 0600), or in memory for `memory://`. One process at a time. */
export async function openPgliteInstance(dir: string): Promise<OpenPglite> {
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => undefined : lockDirectory(dir);
  let db: PGlite;
  try {
    if (!inMemory) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      restrictModes(dirname(dir), dir);
    }
    db = await PGlite.create(inMemory ? undefined : dir, { parsers: { [OID.int8]: asNumber, [OID.date]: asText } });
  } catch (err) {
    release();
    throw err;
  }
  if (!inMemory) restrictModes(dirname(dir), dir);
  return {
    pglite: db,
    async close() {
      await db.close();
      if (!inMemory) restrictModes(dirname(dir), dir);
      release();
    },
  };
}

/** PGlite in this process. */
async function openPglite(dir: string): Promise<Database> {
  const { pglite, close } = await openPgliteInstance(dir);
  return pgliteDatabase(pglite, close);
}

/** The query interface over a PGlite instance; `close` is what closing it does. */
export function pgliteDatabase(db: PGlite, close: () => Promise<void>): Database {
  return {
    driver: 'pglite',
    ...overPglite(db),
    // PGlite has one connection; its transaction() holds it, so other queries wait their turn.
    transaction: (fn) => db.transaction((tx) => fn(overPglite(tx))),
    close,
  };
}

/**
 * PGlite's files must be opened by one process only: a lock file beside the directory names the
 * process holding it. A lock left by a process that is gone is taken over.
 */
function lockDirectory(dir: string): () => void {
  const lockFile = `${dir}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (holder && holder !== process.pid && processAlive(holder)) {
        throw new ConfigError(
          `Databasen i ${dir} er åben i en anden proces (pid ${holder}), som ikke deler den; luk den, og start Vugge med npm start, som deler den med worker, web og kommandolinje, eller sæt VUGGE_DATABASE_URL / ` +
            `the database in ${dir} is open in another process (pid ${holder}) that does not share it; close it and start Vugge with npm start, which shares it with the worker, the web app and the CLI, or set VUGGE_DATABASE_URL.`,
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new ConfigError(`Låsen ${lockFile} kunne ikke tages / the lock ${lockFile} could not be taken.`);
}


