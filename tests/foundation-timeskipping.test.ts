/** The time-skipping test server (JVM, from Maven Central) runs Vugge's long sleeps in seconds. */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from './helpers/temporal.js';
import { sleepThirtyDays } from './fixtures/foundation-workflows.js';

const require = createRequire(import.meta.url);
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/foundation-workflows.ts'), logger: undefined });
});
afterAll(async () => {
  await env?.teardown();
});

describe('time-skipping test server', () => {
  it('sleeps 30 days of workflow time within the test timeout', async () => {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: `ts-${randomUUID()}`, workflowBundle: bundle });
    const slept = await worker.runUntil(
      env.client.workflow.execute(sleepThirtyDays, { taskQueue: worker.options.taskQueue, workflowId: `sleep-${randomUUID()}` }),
    );
    // 30 days of workflow time inside the test's timeout: time was skipped, not waited for.
    expect(slept).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
  });
});
