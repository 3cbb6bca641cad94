/**
 * Runs a block of database tests once on PGlite (in memory) and once on a real PostgreSQL server,
 * so the same SQL is proven on both. Each test starts from empty tables on a migrated schema.
 */
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { openDatabase, type Database } from '../../activities/db/driver.js';
import { migrate } from '../../activities/db/migrate.js';
import { postgresMissing, startPostgres, type PostgresServer } from './postgres.js';

export type Driver = Database['driver'];

export interface TestDatabase {
  /** The database of the running test. */
  readonly db: Database;
  /**
   * A second connection to the same database, as a second worker machine would have (PostgreSQL:
   * its own pool; PGlite runs in one process, so the same instance).
   */
  another(): Promise<Database>;
}

/** Empties every table but the migrations' own, and puts back the audit chain's genesis head. */
export async function resetDatabase(db: Database): Promise<void> {
  const tables = await db.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`);
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t.name}"`).join(', ')}`);
  await db.query(`INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, 0, repeat('0', 64))`);
}

export function forEachDatabase(title: string, body: (t: TestDatabase, driver: Driver) => void): void {
  for (const driver of ['pglite', 'postgres'] as const) {
    const skip = driver === 'postgres' ? postgresMissing() : undefined;
    describe.skipIf(Boolean(skip))(`${title} — ${driver}${skip ? ` (skipped: ${skip})` : ''}`, () => {
      let server: PostgresServer | undefined;
      let db: Database | undefined;
      const others: Database[] = [];
      beforeAll(async () => {
        if (driver === 'postgres') {
          server = await startPostgres();
          await server.createDatabase('vugge_test');
          db = await openDatabase({ driver: 'postgres', url: server.url('vugge_test'), poolSize: 10 });
        } else {
          db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
        }
        await migrate(db);
      });
      afterAll(async () => {
        for (const other of others) await other.close();
        await db?.close();
        server?.stop();
      });
      beforeEach(() => resetDatabase(db!));
      body(
        {
          get db() {
            return db!;
          },
          async another() {
            if (driver === 'pglite') return db!;
            const other = await openDatabase({ driver: 'postgres', url: server!.url('vugge_test'), poolSize: 10 });
            others.push(other);
            return other;
          },
        },
        driver,
      );
    });
  }
}
