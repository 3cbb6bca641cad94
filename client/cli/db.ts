/**
 * `vugge db status | rebuild` — Vugge's own database for operators: which database and how far its
 * schema is, how much the read model holds; and rebuilding the read model from the running cases
 * (after a restore, or when the database was unreachable for longer than the cases retry).
 */
import { openVuggeDatabase, type Database } from '../../activities/db/index.js';
import { readMigrations } from '../../activities/db/migrate.js';
import { connectClient } from '../service/temporal-client.js';
import { rebuildReadModel } from './db-rebuild.js';
import { numberDa } from './format.js';
import { parseOptions, UsageError, wantsHelp } from './options.js';

const USAGE = `Brug / usage:
  vugge db status [--json]
      hvilken database, migrationer, sager og trin i læsemodellen / which database, migrations, cases and steps in the read model
  vugge db rebuild [--concurrency N]
      byg læsemodellen op igen fra de kørende sager / rebuild the read model from the running cases (N at a time, default 8)`;

export interface DatabaseStatus {
  driver: string;
  migrations: { applied: number[]; pending: number[] };
  cases: { open: number; closed: number };
  occurrences: number;
  auditRows: number;
  lastOverdueSnapshot: string | null;
}

export async function databaseStatus(db: Database): Promise<DatabaseStatus> {
  const applied = (await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
  const [counts] = await db.query<{ open: number; closed: number; occurrences: number; auditRows: number; lastSnapshot: string | null }>(
    `SELECT (SELECT count(*) FROM cases WHERE NOT closed) AS open, (SELECT count(*) FROM cases WHERE closed) AS closed,
            (SELECT count(*) FROM occurrences) AS occurrences, (SELECT last_id FROM audit_head) AS "auditRows",
            (SELECT max(day) FROM overdue_snapshot_days) AS "lastSnapshot"`,
  );
  return {
    driver: db.driver === 'postgres' ? 'postgres' : db.via === 'socket' ? 'pglite-shared' : 'pglite',
    migrations: { applied, pending: readMigrations().map((m) => m.version).filter((v) => !applied.includes(v)) },
    cases: { open: counts!.open, closed: counts!.closed },
    occurrences: counts!.occurrences,
    auditRows: counts!.auditRows,
    lastOverdueSnapshot: counts!.lastSnapshot,
  };
}

const DRIVER_TEXT: Record<string, string> = {
  postgres: 'PostgreSQL (VUGGE_DATABASE_URL)',
  'pglite-shared': 'PGlite, delt af npm start via soklen i datamappen / shared by npm start over the socket in the data directory',
  pglite: 'PGlite, åbnet af denne kommando (ingen server kører) / opened by this command (no server is running)',
};

function statusText(s: DatabaseStatus): string {
  const versions = (v: number[]) => (v.length ? v.map((n) => String(n).padStart(3, '0')).join(', ') : 'ingen / none');
  return [
    `Database: ${DRIVER_TEXT[s.driver]}`,
    `Migrationer kørt / migrations applied: ${versions(s.migrations.applied)}`,
    `Sager i læsemodellen / cases in the read model: ${numberDa(s.cases.open)} åbne / open, ${numberDa(s.cases.closed)} afsluttede / closed`,
    `Åbne trin / open steps: ${numberDa(s.occurrences)}`,
    `Rækker i revisionssporet / audit log rows: ${numberDa(s.auditRows)}`,
    `Seneste daglige tal for forsinkede trin / last daily overdue count: ${s.lastOverdueSnapshot ?? 'ingen / none'}`,
  ].join('\n');
}

async function rebuild(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { concurrency: { type: 'string' } }, USAGE);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError(`--concurrency '${values.concurrency}' skal være et helt tal fra 1 til 64. / --concurrency must be a whole number from 1 to 64.`);
  }
  const db = await openVuggeDatabase();
  try {
    const vugge = await connectClient();
    try {
      const result = await rebuildReadModel(vugge.client, db, {
        concurrency,
        onProgress: (done, total) => process.stderr.write(`\r${done}/${total} sager …`),
      });
      if (result.total) process.stderr.write('\n');
      for (const f of result.failed) console.error(f.sentence);
      const ok = result.total - result.failed.length;
      console.log(`${numberDa(ok)} af ${numberDa(result.total)} sager er genopbygget (${numberDa(result.written)} rettet). / ${ok} of ${result.total} cases rebuilt (${result.written} updated).`);
      return result.failed.length ? 1 : 0;
    } finally {
      await vugge.close();
    }
  } finally {
    await db.close();
  }
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || wantsHelp(args)) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'rebuild') return rebuild(rest);
  if (command !== 'status') throw new UsageError(`Ukendt underkommando '${command}'; brug status eller rebuild. / Unknown subcommand '${command}': use status or rebuild.\n${USAGE}`);
  const { values } = parseOptions(rest, { json: { type: 'boolean' } }, USAGE);
  const db = await openVuggeDatabase();
  try {
    const status = await databaseStatus(db);
    console.log(values.json ? JSON.stringify(status, null, 2) : statusText(status));
    return 0;
  } finally {
    await db.close();
  }
}
