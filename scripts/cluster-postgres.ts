/**
 * The cluster's PostgreSQL: Debian's `postgresql` package (installed when missing and we may), one
 * server with a password, its data directory under `.data/cluster/postgres`, listening on the
 * loopback address only. It holds Temporal's two databases and Vugge's own.
 *
 * PostgreSQL refuses to run as root. As root, the server runs as the `postgres` user, and since
 * `.data/` is private to its owner (0700), the data then lives in the postgres user's own
 * `/var/lib/postgresql/vugge-cluster-<hash of the project path>`, with `.data/cluster/postgres` a
 * link to it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PRIVATE_FILE_MODE } from '../worker/storage/data-dir.js';

const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

/** initdb, pg_ctl and postgres: Debian's newest under /usr/lib/postgresql, else on PATH. */
export function postgresBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    const found = versions.map((v) => join(debian, v, 'bin')).find((dir) => BINARIES.every((b) => existsSync(join(dir, b))));
    if (found) return found;
  }
  return (process.env.PATH ?? '').split(':').find((dir) => dir && BINARIES.every((b) => existsSync(join(dir, b))));
}

/** Installs Debian's `postgresql` when it is missing and we are root with apt-get; else one sentence on what to run. */
export function ensurePostgresInstalled(log: (line: string) => void): string {
  const found = postgresBinDir();
  if (found) return found;
  if (process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    log('Installerer PostgreSQL (Debian-pakken postgresql) …');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = postgresBinDir();
    if (installed) return installed;
  }
  throw new Error('PostgreSQL mangler: kør `sudo apt-get install -y postgresql` og start igen. / PostgreSQL is missing: run `sudo apt-get install -y postgresql` and start again.');
}

export interface ClusterPostgres {
  port: number;
  user: string;
  password: string;
  /** postgres://vugge:…@127.0.0.1:port/<database> */
  url(database: string): string;
  /** Creates the database unless it exists; true when it was created. */
  ensureDatabase(database: string): Promise<boolean>;
  /** `pg_ctl restart -m fast`: every connection is cut, the data stays. */
  restart(): void;
  stop(): void;
}

interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function osUser(name: string): OsUser | undefined {
  try {
    return { name, uid: Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim()), gid: Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim()) };
  } catch {
    return undefined;
  }
}

/** Where the data directory really is, creating it (and, as root, the link to it) when missing. */
function dataDirectory(clusterDir: string, runAs: OsUser | undefined): string {
  const link = join(clusterDir, 'postgres');
  if (!runAs) {
    mkdirSync(link, { recursive: true, mode: 0o700 });
    return link;
  }
  if (existsSync(link)) return realpathSync(link);
  const hash = createHash('sha256').update(clusterDir).digest('hex').slice(0, 12);
  const real = `/var/lib/postgresql/vugge-cluster-${hash}`;
  mkdirSync(real, { recursive: true, mode: 0o700 });
  chownSync(real, runAs.uid, runAs.gid);
  if (lstatSync(link, { throwIfNoEntry: false })) rmSync(link, { force: true });
  symlinkSync(real, link);
  return real;
}

export async function startClusterPostgres(options: { clusterDir: string; port: number; log: (line: string) => void }): Promise<ClusterPostgres> {
  const { clusterDir, port, log } = options;
  const bin = ensurePostgresInstalled(log);
  const root = process.getuid?.() === 0;
  const runAs = root ? osUser('postgres') : undefined;
  if (root && !runAs) throw new Error("PostgreSQL kan ikke køre som root, og brugeren 'postgres' findes ikke; installér Debian-pakken postgresql. / PostgreSQL cannot run as root and the 'postgres' user is missing.");
  const data = dataDirectory(clusterDir, runAs);
  const run = (program: string, args: string[]) => {
    const [command, fullArgs] = runAs ? ['runuser', ['-u', runAs.name, '--', join(bin, program), ...args]] : [join(bin, program), args];
    return execFileSync(command, fullArgs, { cwd: data, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  const passwordFile = join(clusterDir, 'postgres-password');
  const user = 'vugge';
  if (!existsSync(join(data, 'PG_VERSION'))) {
    log(`Opretter PostgreSQL-databaseklyngen i ${join(clusterDir, 'postgres')} …`);
    const password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, password, { mode: PRIVATE_FILE_MODE });
    // initdb reads the password from a file the postgres user can read; it goes again at once.
    const pwfile = `${data}-initdb-password`;
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
    try {
      run('initdb', ['-D', data, '-U', user, '-A', 'scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8', '--no-instructions']);
    } finally {
      rmSync(pwfile, { force: true });
    }
  } else if (!existsSync(passwordFile)) {
    throw new Error(`Kodeordet til klyngens PostgreSQL mangler (${passwordFile}); slet .data/cluster og start forfra. / The cluster database password file is missing: delete .data/cluster and start again.`);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const options_ = `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const status = () => spawnSync(runAs ? 'runuser' : join(bin, 'pg_ctl'), runAs ? ['-u', runAs.name, '--', join(bin, 'pg_ctl'), '-D', data, 'status'] : ['-D', data, 'status'], { stdio: 'ignore' }).status === 0;
  if (status()) log(`PostgreSQL kører allerede på port ${port}.`);
  else {
    log(`Starter PostgreSQL på 127.0.0.1:${port} …`);
    try {
      run('pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-w', '-t', '60', '-o', options_, 'start']);
    } catch (err) {
      throw new Error(`PostgreSQL startede ikke; se ${join(data, 'server.log')}. / PostgreSQL did not start: ${(err as { stderr?: string }).stderr ?? String(err)}`);
    }
  }
  const url = (database: string) => `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    user,
    password,
    url,
    async ensureDatabase(database: string) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (rowCount) return false;
        await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
        return true;
      } finally {
        await client.end();
      }
    },
    restart() {
      run('pg_ctl', ['-D', data, '-l', join(data, 'server.log'), '-w', '-t', '60', '-m', 'fast', '-o', options_, 'restart']);
    },
    stop() {
      if (status()) run('pg_ctl', ['-D', data, '-w', '-t', '60', '-m', 'fast', 'stop']);
    },
  };
}
