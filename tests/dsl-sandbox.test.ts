/**
 * The rules pipeline is pure: it runs unchanged inside Temporal's deterministic workflow sandbox
 * (no Node built-ins, no I/O), and gives the same answer there as in Node.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from './helpers/temporal.js';
import { compileAndPlanInSandbox } from './fixtures/sandbox-workflows.js';
import type { CaseFacts } from '../dsl/facts.js';

const require = createRequire(import.meta.url);
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => env?.teardown());

describe('rules pipeline in the workflow sandbox', () => {
  it('compiles the Spædbarn file and plans a case with the same result as in Node', async () => {
    const source = readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8');
    const facts: CaseFacts = {
      caseId: 'K-2026-0001',
      dueDate: '2027-04-20',
      facts: [
        { kind: 'event', event: 'notification', date: '2026-11-02' },
        { kind: 'event', event: 'intake', date: '2026-11-16' },
      ],
    };
    const now = '2026-11-20T10:00:00Z';
    const inNode = await compileAndPlanInSandbox(source, facts, now);
    expect(inNode.errors).toBe(0);

    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/sandbox-workflows.ts'), logger: undefined });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue: `sandbox-${randomUUID()}`, workflowBundle });
    const inSandbox = await worker.runUntil(
      env.client.workflow.execute(compileAndPlanInSandbox, { taskQueue: worker.options.taskQueue, workflowId: `sandbox-${randomUUID()}`, args: [source, facts, now] }),
    );
    expect(inSandbox).toEqual(inNode);
    expect(inSandbox.steps).toBeGreaterThan(20);
  });
});
