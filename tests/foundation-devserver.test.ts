/**
 * The Temporal CLI dev server on a SQLite file: cases survive a server restart, and Vugge's custom
 * search attributes are registered and queryable through visibility.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DevServer } from '../scripts/dev-server.js';
import { freePort } from '../scripts/dev-server.js';
import { startTestDevServer, tempDir } from './helpers/temporal.js';
import { proceedSignal, tagged, waitForProceed } from './fixtures/foundation-workflows.js';
import { OWNERS, UNIT } from '../workflows/search-attributes.js';

const require = createRequire(import.meta.url);
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/foundation-workflows.ts') });
});

async function withWorker<T>(address: string, taskQueue: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const nativeConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle: bundle });
    return await worker.runUntil(fn(new Client({ connection })));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

describe('dev server persistence', () => {
  let server: DevServer | undefined;
  afterAll(async () => server?.stop());

  it('keeps a running workflow across a restart on the same SQLite file, and the workflow continues', async () => {
    const dbFile = join(tempDir(), 'temporal.sqlite');
    const port = await freePort();
    const taskQueue = `persist-${randomUUID()}`;
    const workflowId = `K-${randomUUID().slice(0, 8)}`;

    server = await startTestDevServer(dbFile, port);
    await withWorker(server.address, taskQueue, async (client) => {
      const handle = await client.workflow.start(waitForProceed, { taskQueue, workflowId });
      // The first workflow task completes (its state is in the database) before the server stops.
      await untilFirstTaskCompleted(handle);
    });
    await server.stop();

    server = await startTestDevServer(dbFile, port);
    const result = await withWorker(server.address, taskQueue, async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.signal(proceedSignal);
      return handle.result();
    });
    expect(result).toBe('fortsatte');
  });
});

describe('dev server visibility', () => {
  let server: DevServer | undefined;
  beforeAll(async () => {
    server = await startTestDevServer();
  });
  afterAll(async () => server?.stop());

  it('finds workflows by the custom search attributes they set', async () => {
    const taskQueue = `visibility-${randomUUID()}`;
    const unit = `enhed-${randomUUID().slice(0, 6)}`;
    await withWorker(server!.address, taskQueue, async (client) => {
      const a = await client.workflow.start(tagged, { taskQueue, workflowId: `K-${randomUUID().slice(0, 8)}`, args: [unit, ['sp-anne', 'sr-bo'], 2] });
      const b = await client.workflow.start(tagged, { taskQueue, workflowId: `K-${randomUUID().slice(0, 8)}`, args: [unit, ['ft-carl'], 3] });
      const query = `${UNIT.name} = '${unit}' AND ${OWNERS.name} = 'sp-anne'`;
      let found: string[] = [];
      // Visibility is eventually consistent: poll briefly.
      for (let attempt = 0; attempt < 40 && found.length === 0; attempt++) {
        found = [];
        for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
        if (found.length === 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found).toEqual([a.workflowId]);
      const described = await b.describe();
      expect(described.typedSearchAttributes.get(OWNERS)).toEqual(['ft-carl']);
      await Promise.all([a.signal(proceedSignal), b.signal(proceedSignal)]);
    });
  });
});

/** Waits until the workflow's first task has completed, polling its history. */
async function untilFirstTaskCompleted(handle: { fetchHistory(): Promise<{ events?: { workflowTaskCompletedEventAttributes?: unknown }[] | null }> }): Promise<void> {
  for (;;) {
    const { events } = await handle.fetchHistory();
    if (events?.some((e) => e.workflowTaskCompletedEventAttributes)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
