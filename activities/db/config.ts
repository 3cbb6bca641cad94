/**
 * Where Vugge's own database lives, read once from the environment and validated:
 *
 *   VUGGE_DATABASE_URL   postgres://user:password@host:5432/vugge — PostgreSQL in production.
 *                        Unset: an in-process PGlite (PostgreSQL compiled to WebAssembly) under
 *                        VUGGE_DATA_DIR/vugge-db, so a laptop needs no database server.
 *   VUGGE_DATABASE_POOL  connections per process to PostgreSQL (default 10)
 *   VUGGE_DATA_DIR       Vugge's data directory (default .data), shared with the mail logs
 *
 * A bad value gives one sentence naming the variable, Danish first and English after; the URL
 * itself is never echoed, since it may hold a password.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../temporal.config.js';

export type DatabaseConfig =
  | { driver: 'postgres'; url: string; poolSize: number }
  | { driver: 'pglite'; dir: string };

const EnvSchema = z.object({
  VUGGE_DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/,
      'skal være en PostgreSQL-adresse som postgres://vugge:kodeord@db.kommune.dk:5432/vugge / must be a PostgreSQL URL such as postgres://vugge:password@db.example:5432/vugge',
    )
    .optional(),
  VUGGE_DATABASE_POOL: z.coerce.number().int().min(1).max(100).default(10),
  VUGGE_DATA_DIR: z.string().min(1).default('.data'),
});

const poolSentence = 'skal være et antal forbindelser fra 1 til 100 / must be a number of connections from 1 to 100';

export function loadDatabaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const given = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const variable = String(parsed.error.issues[0]!.path[0]);
    // The URL is never echoed: it may hold a password.
    const shown = variable === 'VUGGE_DATABASE_POOL' ? ` ('${given[variable]}')` : '';
    const message = variable === 'VUGGE_DATABASE_POOL' ? poolSentence : parsed.error.issues[0]!.message;
    throw new ConfigError(`${variable}${shown}: ${message}.`);
  }
  const e = parsed.data;
  if (e.VUGGE_DATABASE_URL) return { driver: 'postgres', url: e.VUGGE_DATABASE_URL, poolSize: e.VUGGE_DATABASE_POOL };
  return { driver: 'pglite', dir: join(e.VUGGE_DATA_DIR, 'vugge-db') };
}
