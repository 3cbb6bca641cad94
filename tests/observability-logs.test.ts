/**
 * Vugge's operational log (activities/log.ts): only ids and codes reach it. The field list and the
 * masking on their own, then a whole case on the time-skipping server with the SDK's logger on
 * Vugge's: its log holds the case id, and neither the pause reason nor the date of birth.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { createLogger, safeFields, scrub, sdkLogger } from '../activities/log.js';
import { Runtime } from '@temporalio/worker';
import { createWorkerMetrics, measuredActivities } from '../worker/metrics.js';
import { createWorker } from '../worker/create-worker.js';
import { loadRules, newCaseId, openCase, register, sleepUntil, useCaseTestEnv } from './workflow-harness.js';

/** A log whose lines a test can read back. */
function memoryLog(level: 'trace' | 'info' = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ name: 'test', level, destination }), lines };
}

// tests/setup.ts has installed the SDK runtime (once per process); this file's workers log through
// Vugge's logger instead, as `installRuntime` makes the worker's do.
const sdk = memoryLog('trace');
Object.assign(Runtime.instance(), { logger: sdkLogger(sdk.log) });

describe('the log keeps ids and codes only', () => {
  it('drops fields that are not on the list and masks dates and CPR-like numbers in texts', () => {
    const { log, lines } = memoryLog();
    log.info({ caseId: 'S-2027-0001', staffId: 'sr-mette', reason: 'hospitalsophold', birth: '2027-09-06', name: 'Mette' }, 'Fødsel 2027-09-06 registreret for 060927-1234');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ caseId: 'S-2027-0001', staffId: 'sr-mette', level: 'info', msg: 'Fødsel […] registreret for […]' });
    expect(lines[0]).not.toMatch(/hospitalsophold|2027-09-06|060927|Mette"/);
  });

  it('logs an error as its type and masked message', () => {
    const { log, lines } = memoryLog();
    log.error(new Error('birth 2027-09-06 rejected'));
    expect(JSON.parse(lines[0]!)).toMatchObject({ err: { type: 'Error', message: 'birth […] rejected' } });
  });

  it("passes the SDK's metadata through the same list", () => {
    const { log, lines } = memoryLog();
    sdkLogger(log).warn('Notification failed', { workflowId: 'S-1', sdkComponent: 'workflow', args: [{ reason: 'anbringelse' }], error: new Error('x') });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ workflowId: 'S-1', sdkComponent: 'workflow', level: 'warn', err: { message: 'x' } });
    expect(line).not.toHaveProperty('args');
  });

  it('masks without touching ids', () => {
    expect(scrub('case S-2027-0042 due 2028-01-31T08:00:00.000Z')).toBe('case S-2027-0042 due […]');
    expect(safeFields({ caseId: 'S-1', facts: { birth: '2027-09-06' } })).toEqual({ caseId: 'S-1' });
  });
});

describe('a whole case in the log', () => {
  const t = useCaseTestEnv();
  const programme = loadRules('spaedbarnsindsatsen');

  it('names the case, never its pause reason or date of birth', async () => {
    const recording = createRecordingNotificationActivities();
    const metrics = createWorkerMetrics({ processMetrics: false });
    const taskQueue = `log-${newCaseId()}`;
    const worker = await createWorker({ connection: t.env.nativeConnection, taskQueue, activities: measuredActivities(recording.activities, metrics), workflowBundle: t.bundle });
    const caseId = newCaseId();
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-08-02T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, caseId, notified: '2027-08-02', dueDate: '2027-09-10' });
      await sleepUntil(t.env, '2027-09-06T12:00');
      await register(handle, { type: 'occurred', what: 'birth', at: '2027-09-06' });
      await sleepUntil(t.env, '2027-09-20T12:00');
      await register(handle, { type: 'pause', at: '2027-09-20', reason: 'hospitalsophold' });
      await sleepUntil(t.env, '2027-10-04T12:00');
      await register(handle, { type: 'resume', at: '2027-10-04' });
      await sleepUntil(t.env, '2027-11-01T12:00');
      await handle.terminate('test done');
    });
    expect(recording.requests.length).toBeGreaterThan(0);
    // The SDK's own lines arrive through Vugge's logger (they are buffered in the runtime a moment).
    await new Promise((r) => setTimeout(r, 300));
    const text = sdk.lines.join('\n');
    expect(text).toContain(caseId);
    expect(sdk.lines.some((l) => l.includes(`"activityType":"sendNotifications","workflowId":"${caseId}"`))).toBe(true);
    expect(text).not.toContain('hospitalsophold');
    expect(text).not.toContain('2027-09-06');
  });
});
