/**
 * A throwaway PostgreSQL server for tests: initdb in a temporary directory, started on a free
 * loopback port with durability off (fast, and nothing to keep). PostgreSQL refuses to run as root,
 * so as root the server runs as the 'postgres' OS user (or 'nobody') through runuser. The only
 * reason to skip is missing binaries (`postgresMissing()` says which).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/dev-server.js';

const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

/** The directory holding initdb, pg_ctl and postgres: on PATH, or Debian's newest under /usr/lib/postgresql. */
function binDir(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && BINARIES.every((b) => existsSync(join(dir, b)))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return undefined;
  const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(debian, v, 'bin')).find((dir) => BINARIES.every((b) => existsSync(join(dir, b))));
}

/** Why no test server can be started, or undefined when one can. */
export function postgresMissing(): string | undefined {
  return binDir() ? undefined : `PostgreSQL's ${BINARIES.join(', ')} are not on PATH nor under /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)`;
}

function osUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

export interface PostgresServer {
  /** Connection URL of database `name` (created on demand with `createDatabase`). */
  url(name?: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): void;
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  if (!bin) throw new Error(postgresMissing());
  const root = mkdtempSync(join(tmpdir(), 'vugge-pg-'));
  const data = join(root, 'data');
  const runAs = process.getuid?.() === 0 ? (['postgres', 'nobody'].map((n) => [n, osUser(n)] as const).find(([, u]) => u) ?? undefined) : undefined;
  if (process.getuid?.() === 0 && !runAs) throw new Error("PostgreSQL cannot run as root and neither the 'postgres' nor the 'nobody' user exists.");
  if (runAs) chownSync(root, runAs[1]!.uid, runAs[1]!.gid);
  const run = (program: string, args: string[]) => {
    const [command, fullArgs] = runAs ? ['runuser', ['-u', runAs[0], '--', join(bin, program), ...args]] : [join(bin, program), args];
    return execFileSync(command, fullArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'vugge', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60`;
    run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    rmSync(root, { recursive: true, force: true });
    throw new Error(`PostgreSQL test server did not start: ${stderr || (err as Error).message}`);
  }
  const url = (name = 'postgres') => `postgres://vugge@127.0.0.1:${port}/${name}`;
  return {
    url,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
