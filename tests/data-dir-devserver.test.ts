/**
 * `npm start` keeps the local Temporal database and its log in `.data/`: the folder is 0700 and the
 * files the dev server makes there are 0600, like the worker's own logs.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../scripts/dev-server.js';
import { temporalCliPath } from '../scripts/tools.js';
import { tempDir } from './helpers/temporal.js';

let server: DevServer | undefined;
afterAll(async () => server?.stop());

describe('the dev server in the data directory', () => {
  it('creates .data 0700 and the SQLite database and server log 0600', async () => {
    const dataDir = join(tempDir(), '.data');
    const dbFile = join(dataDir, 'temporal.sqlite');
    server = await startDevServer({ cli: temporalCliPath()!, dbFile, uiPort: false, logFile: join(dataDir, 'temporal-server.log') });
    const mode = async (path: string) => (await stat(path)).mode & 0o777;
    expect(await mode(dataDir)).toBe(0o700);
    for (const file of [dbFile, `${dbFile}-wal`, join(dataDir, 'temporal-server.log')].filter(existsSync)) expect([file, await mode(file)]).toEqual([file, 0o600]);
    expect(existsSync(dbFile)).toBe(true);
  });
});
