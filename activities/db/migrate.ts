/**
 * Ordered SQL migrations: `migrations/NNN_name.sql`, applied once each, in order, all pending ones
 * in one transaction (PostgreSQL's DDL is transactional: a failing file leaves the schema as it
 * was), recorded in `schema_migrations` with a sha256 checksum of the file. A file changed
 * after it was applied stops the run with one sentence (write a new migration instead). Two
 * processes migrating at once take turns on an advisory lock, so each file runs once.
 *
 * Why not a migration tool: the maintained ones for Node (node-pg-migrate, postgres-migrations,
 * drizzle-kit, Kysely's Migrator) drive a `pg` client or their own query builder; none runs on
 * PGlite without a second, community-kept adapter. These few lines run the same SQL files
 * through the same interface on both drivers, and tests cover them on both.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../temporal.config.js';
import type { Database } from './driver.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** Any constant shared by every Vugge process: 'vugge' as a number. */
const MIGRATION_LOCK = 0x76756767;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new ConfigError(`Migrationsfilen ${file} skal hedde NNN_navn.sql / the migration file ${file} must be named NNN_name.sql.`);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version: Number(match[1]), name: match[2]!, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Applies the migrations not yet applied; returns the versions it applied. */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<number[]> {
  for (const [index, m] of migrations.entries()) {
    if (m.version !== index + 1) throw new ConfigError(`Migrationerne skal være nummereret 001, 002, … uden huller; ${m.version} kom som nr. ${index + 1} / migrations must be numbered 001, 002, … without gaps.`);
  }
  return db.transaction(async (tx) => {
    // Held to the end of this transaction: a second migrator waits, then finds nothing left to do.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.query<{ version: number; name: string; checksum: string }>('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
    for (const row of applied) {
      const file = migrations.find((m) => m.version === row.version);
      if (!file) {
        throw new ConfigError(`Databasen har migration ${pad(row.version)}_${row.name}, som denne version af Vugge ikke kender; opdater Vugge / the database has migration ${pad(row.version)}_${row.name}, which this version of Vugge does not know: upgrade Vugge.`);
      }
      if (file.checksum !== row.checksum) {
        throw new ConfigError(`Migration ${pad(row.version)}_${row.name} er ændret, efter den blev kørt; ret den tilbage og læg ændringen i en ny migration / migration ${pad(row.version)}_${row.name} was changed after it was applied: restore it and put the change in a new migration.`);
      }
    }
    const done = new Set(applied.map((r) => r.version));
    const ran: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, m.checksum]);
      ran.push(m.version);
    }
    return ran;
  });
}

function pad(version: number): string {
  return String(version).padStart(3, '0');
}
