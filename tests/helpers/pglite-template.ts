/**
 * A migrated PGlite data directory made once per machine (per set of migrations) and copied for
 * each test that needs a database of its own on disk: creating a PGlite database runs initdb in
 * WebAssembly, which takes seconds, while opening a copy takes a fraction of that.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openVuggeDatabase, type Database } from '../../activities/db/index.js';
import { MIGRATIONS_DIR } from '../../activities/db/migrate.js';

function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

let ready: Promise<string> | undefined;

async function template(): Promise<string> {
  const dir = join(tmpdir(), `vugge-pglite-template-${templateKey()}`);
  if (existsSync(dir)) return dir;
  // Built aside and renamed into place, so parallel test files never see half a template.
  const building = mkdtempSync(join(tmpdir(), 'vugge-pglite-building-'));
  const db = await openVuggeDatabase({ driver: 'pglite', dir: join(building, 'vugge-db') });
  await db.close();
  try {
    renameSync(join(building, 'vugge-db'), dir);
  } catch (err) {
    if (!existsSync(dir)) throw err;
  }
  rmSync(building, { recursive: true, force: true });
  return dir;
}

/** Puts a migrated PGlite database at `dataDir/vugge-db`, where the worker looks for it. */
export async function seedPglite(dataDir: string): Promise<void> {
  ready ??= template();
  cpSync(await ready, join(dataDir, 'vugge-db'), { recursive: true });
}

/** A migrated PGlite database of its own in a new temporary directory. */
export async function openTestPglite(): Promise<Database> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vugge-testdb-'));
  await seedPglite(dataDir);
  return openVuggeDatabase({ driver: 'pglite', dir: join(dataDir, 'vugge-db') });
}
