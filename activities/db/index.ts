/**
 * Vugge's own database beside Temporal: the read model for lists and dashboards, the audit log,
 * and the exactly-once mail store. `openVuggeDatabase()` reads VUGGE_DATABASE_URL (PostgreSQL) or
 * falls back to PGlite under VUGGE_DATA_DIR, and brings the schema up to date.
 *
 * On PGlite, the process that `serveVuggeDatabase()` runs in (`npm start`) owns the files and
 * shares them on a Unix socket beside them; every other process connects there while it answers,
 * and opens the files itself only when no server runs.
 */
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../temporal.config.js';
import { loadDatabaseConfig, type DatabaseConfig } from './config.js';
import { connectPgliteServer, openDatabase, openPgliteInstance, pgliteDatabase, PGLITE_SOCKET_PORT, type Database } from './driver.js';
import { restrictModes } from './file-modes.js';
import { migrate } from './migrate.js';
import { servePglite, type PgliteServer } from './pglite-server.js';

export type { Database, Queryable } from './driver.js';

/** Where the socket of the PGlite in `dir` lives: a 0700 directory beside it. */
export function pgliteSocketDir(dir: string): string {
  return join(dirname(dir), 'vugge-db-socket');
}

/** Whether a server answers on the socket in `socketDir`. */
export function pgliteServerAnswers(socketDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(join(socketDir, `.s.PGSQL.${PGLITE_SOCKET_PORT}`));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export async function openVuggeDatabase(config: DatabaseConfig = loadDatabaseConfig()): Promise<Database> {
  const served = config.driver === 'pglite' && !config.dir.startsWith('memory://') && (await pgliteServerAnswers(pgliteSocketDir(config.dir)));
  const db = served && config.driver === 'pglite' ? connectPgliteServer(pgliteSocketDir(config.dir)) : await openDatabase(config);
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

export interface ServedDatabase {
  readonly socketDir: string;
  close(): Promise<void>;
}

/**
 * Opens the PGlite under `dir` in this process (taking its lock), brings the schema up to date and
 * serves it on `pgliteSocketDir(dir)` for the worker, the web app and the CLI.
 */
export async function serveVuggeDatabase(dir: string): Promise<ServedDatabase> {
  const socketDir = pgliteSocketDir(dir);
  // A Unix socket path holds at most 107 bytes.
  if (Buffer.byteLength(join(socketDir, `.s.PGSQL.${PGLITE_SOCKET_PORT}`)) > 100) {
    throw new ConfigError(`Stien ${socketDir} er for lang til databasens sokkel; brug en kortere VUGGE_DATA_DIR / the path ${socketDir} is too long for the database socket: use a shorter VUGGE_DATA_DIR.`);
  }
  const opened = await openPgliteInstance(dir);
  let server: PgliteServer | undefined;
  try {
    await migrate(pgliteDatabase(opened.pglite, async () => undefined));
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    restrictModes(dirname(socketDir), socketDir);
    server = await servePglite(opened.pglite, join(socketDir, `.s.PGSQL.${PGLITE_SOCKET_PORT}`));
  } catch (err) {
    await opened.close();
    throw err;
  }
  return {
    socketDir,
    async close() {
      await server.close();
      await opened.close();
    },
  };
}
