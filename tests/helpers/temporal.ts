/**
 * Real Temporal servers for tests: the time-skipping test server (JVM, from Maven Central) and the
 * CLI dev server on a SQLite file. `npm test` provisions both before vitest starts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment, type ClientOptionsForTestEnv } from '@temporalio/testing';
import { startDevServer, type DevServer } from '../../scripts/dev-server.js';
import { temporalCliPath, testServerWrapper } from '../../scripts/tools.js';

export { testServerWrapper };

/**
 * A time-skipping environment on the provisioned test server; `client` e.g. `{ dataConverter }`.
 * The SDK gives the JVM a fixed few seconds to listen; on a loaded machine a start can miss that,
 * so a start that timed out is tried again (up to three times) before the file fails.
 */
export async function createTimeSkippingEnv(client?: ClientOptionsForTestEnv): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: testServerWrapper } },
        client,
      });
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String(err))) throw err;
    }
  }
}

/** A fresh dev server on a SQLite file in a temporary folder (or the given file). */
export function startTestDevServer(dbFile?: string, port?: number): Promise<DevServer> {
  const cli = temporalCliPath();
  if (!cli) throw new Error('Temporal CLI is not provisioned: run `npm run provision`.');
  const file = dbFile ?? join(mkdtempSync(join(tmpdir(), 'vugge-dev-')), 'temporal.sqlite');
  return startDevServer({ cli, dbFile: file, port, uiPort: false });
}

export function tempDir(prefix = 'vugge-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
