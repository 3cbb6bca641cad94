/**
 * Starts the Temporal CLI dev server on a SQLite file, with Vugge's search attributes registered,
 * and waits until it answers. Used by `npm start` and by the tests that need real visibility and
 * persistence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, fchmodSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { ensurePrivateDirSync, PRIVATE_FILE_MODE } from '../worker/storage/data-dir.js';
import { searchAttributeRegistrations } from '../workflows/search-attributes.js';

export interface DevServerOptions {
  /** Temporal CLI executable. */
  cli: string;
  /** SQLite file: cases survive a restart on the same file. */
  dbFile: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  /** Web UI port; 0 picks a free one; `false` runs headless. */
  uiPort?: number | false;
  /** Codec server the Web UI decodes payloads with (`--ui-codec-endpoint`), e.g. http://127.0.0.1:8888. */
  uiCodecEndpoint?: string;
  /** Where the server's own log goes (append). */
  logFile?: string;
  namespace?: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Temporal-udviklingsserveren stoppede under opstart (kode ${child.exitCode}); se dens log.`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal-udviklingsserveren på ${address} svarede ikke inden for ${timeoutMs / 1000} s: ${String(lastError)}`);
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port || (await freePort());
  const uiPort = options.uiPort === false ? undefined : options.uiPort || (await freePort());
  ensurePrivateDirSync(dirname(options.dbFile));
  const args = ['server', 'start-dev', '--db-filename', options.dbFile, '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (uiPort !== undefined && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.namespace && options.namespace !== 'default') args.push('--namespace', options.namespace);
  for (const registration of searchAttributeRegistrations) args.push('--search-attribute', registration);
  const out = options.logFile ? openSync(options.logFile, 'a', PRIVATE_FILE_MODE) : 'ignore';
  if (typeof out === 'number') fchmodSync(out, PRIVATE_FILE_MODE);
  const child = spawn(options.cli, args, { stdio: ['ignore', out, out] });
  const address = `127.0.0.1:${port}`;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilServing(address, child, 60_000);
    // The server made the database (cases' histories) with its own umask; SQLite gives its WAL and
    // journal files the database file's mode, so tightening it once keeps them private too.
    for (const file of [options.dbFile, `${options.dbFile}-wal`, `${options.dbFile}-shm`]) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined, process: child, stop };
}
