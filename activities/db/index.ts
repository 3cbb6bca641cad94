/**
 * Vugge's own database beside Temporal: the read model for lists and dashboards, the audit log,
 * and the exactly-once mail store. `openVuggeDatabase()` reads VUGGE_DATABASE_URL (PostgreSQL) or
 * falls back to PGlite under VUGGE_DATA_DIR, and brings the schema up to date.
 */
import { loadDatabaseConfig, type DatabaseConfig } from './config.js';
import { openDatabase, type Database } from './driver.js';
import { migrate } from './migrate.js';

export type { Database, Queryable } from './driver.js';

export async function openVuggeDatabase(config: DatabaseConfig = loadDatabaseConfig()): Promise<Database> {
  const db = await openDatabase(config);
  try {
    await migrate(db);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
