/**
 * Proof on a real Temporal server that nothing personal is readable in a case's workflow history
 * without the key: a case with a hospital-stay pause, read back as the raw bytes the server stores,
 * while the same case answers its queries in clear through the encrypting client.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { registerSearchAttributes } from '../client/service/temporal-client.js';
import { dataConverter, loadTemporalConfig } from '../temporal.config.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { eventLogQuery, registerEventUpdate, snapshotQuery } from '../workflows/case-messages.js';
import { fixtureProgramme } from './fixtures/planner-programme.js';
import { createTimeSkippingEnv, rawHistory } from './helpers/temporal.js';
import { newCaseId, openCase, register, sleepUntil, TEAM } from './workflow-harness.js';

// Built from configuration exactly as the worker and the CLI build them: the worker's refuses unencrypted payloads.
const config = loadTemporalConfig({ VUGGE_PAYLOAD_KEYS: `test1:${randomBytes(32).toString('base64')}` });
const converter = dataConverter(config)!;
const workerConverter = dataConverter(config, { worker: true })!;
const STAFF_IDS = Object.values(TEAM);
const REASON = 'hospitalsophold';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  [env, bundle] = await Promise.all([createTimeSkippingEnv({ dataConverter: converter }), bundleCaseWorkflows(workerConverter)]);
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
});
afterAll(async () => {
  await env?.teardown();
});

/**
 * Markers the SDK writes in its own JSON encoding: `patched()` versions (the patch id only) and
 * local-activity bookkeeping (activity type, attempt, times; the activity's result inside is encrypted).
 */
function isSdkMarker(event: temporal.api.history.v1.IHistoryEvent): boolean {
  const name = event.markerRecordedEventAttributes?.markerName;
  return name === 'core_patch' || name === 'core_local_activity';
}

/** The events' protobuf bytes as text; optionally without search attributes, which are never encrypted. */
function bytesOf(events: temporal.api.history.v1.IHistoryEvent[], { withSearchAttributes }: { withSearchAttributes: boolean }): string {
  const copies = events.filter((event) => !isSdkMarker(event)).map((event) => {
    const copy = temporal.api.history.v1.HistoryEvent.fromObject(temporal.api.history.v1.HistoryEvent.toObject(event as temporal.api.history.v1.HistoryEvent));
    if (!withSearchAttributes) {
      for (const value of Object.values(copy)) if (value && typeof value === 'object' && 'searchAttributes' in value) delete (value as { searchAttributes?: unknown }).searchAttributes;
    }
    return copy;
  });
  return Buffer.from(temporal.api.history.v1.History.encode({ events: copies }).finish()).toString('latin1');
}

/**
 * A case with a start input, a reminder (an activity whose input names staff) and a hospital-stay
 * pause; `inspect` runs while the worker is still up, since a query needs a worker to answer it.
 */
async function runCase(client: Client, workerConverter: DataConverter | undefined, inspect: (handle: WorkflowHandle) => Promise<void> = async () => undefined): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const taskQueue = `cases-${newCaseId()}`;
  const recording = createRecordingNotificationActivities();
  const worker = await createWorker({ connection: env.nativeConnection, taskQueue, activities: recording.activities, workflowBundle: bundle, dataConverter: workerConverter });
  return worker.runUntil(async () => {
    const day = new Date((await env.currentTimeMs()) + 24 * 3600_000).toISOString().slice(0, 10);
    await sleepUntil(env, `${day}T07:00`);
    const handle = await openCase({ ...env, client } as TestWorkflowEnvironment, taskQueue, { programme: fixtureProgramme, notified: day });
    await sleepUntil(env, `${day}T09:00`);
    expect(recording.requests.length).toBeGreaterThan(0);
    await register(handle, { type: 'pause', at: day, reason: REASON });
    await inspect(handle);
    const events = await rawHistory(env, handle.workflowId);
    await handle.terminate('test done');
    return events;
  });
}

describe('payload encryption in the workflow history', () => {
  it('keeps the pause reason and staff ids out of the raw history, while queries still answer them', async () => {
    const events = await runCase(env.client, workerConverter, async (handle) => {
      const pause = (await handle.query(eventLogQuery)).find((e) => e.event.type === 'pause');
      expect(pause?.event).toMatchObject({ type: 'pause', reason: REASON, by: TEAM.socialraadgiver });
      expect((await handle.query(snapshotQuery)).team).toEqual(TEAM);
      // A client without the key cannot read the query result.
      const keyless = new Client({ connection: env.connection, namespace: env.namespace });
      await expect(keyless.workflow.getHandle(handle.workflowId).query(eventLogQuery)).rejects.toThrow(/binary\/encrypted/);
    });
    const stored = bytesOf(events, { withSearchAttributes: false });
    expect(stored).not.toContain(REASON);
    for (const staffId of STAFF_IDS) expect(stored).not.toContain(staffId);
    // Every payload outside the search attributes and the SDK's markers is ciphertext: none is left
    // in the SDK's JSON encoding. The markers hold no personal data either.
    expect(stored).toContain('binary/encrypted');
    const markers = events.filter(isSdkMarker).map((marker) => Buffer.from(temporal.api.history.v1.HistoryEvent.encode(marker).finish()).toString('latin1'));
    for (const marker of markers) {
      expect(marker).not.toContain(REASON);
      for (const staffId of STAFF_IDS) expect(marker).not.toContain(staffId);
    }
    // The leader look-up's answer (staff ids by role) sits in its local-activity marker, encrypted.
    const lookup = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(lookup.length).toBeGreaterThan(0);
    for (const marker of lookup) {
      const bytes = Buffer.from(temporal.api.history.v1.HistoryEvent.encode(marker).finish()).toString('latin1');
      expect(bytes).toContain('binary/encrypted');
      expect(bytes).not.toContain('tl-karen');
    }
    expect(stored).not.toContain('json/plain');
    expect(events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(true);
    expect(events.some((e) => e.activityTaskScheduledEventAttributes)).toBe(true);

    // Search attributes are not encrypted: they carry staff ids (never names), as documented.
    expect(bytesOf(events, { withSearchAttributes: true })).toContain(TEAM.socialraadgiver);
  });

  it('an update sent past Vugge, unencrypted, is rejected with one sentence and changes nothing; Vugge’s own still works', async () => {
    await runCase(env.client, workerConverter, async (handle) => {
      const before = await handle.query(eventLogQuery);
      // Sent as `temporal workflow update` sends it, plain JSON; the answer is read with the key to see why.
      const codec = converter.payloadCodecs![0]!;
      const outsider = new Client({ connection: env.connection, namespace: env.namespace, dataConverter: { ...converter, payloadCodecs: [{ encode: async (p) => p, decode: (p) => codec.decode(p) }] } });
      const day = (before.at(-1)!.event as { at: string }).at;
      const sent = outsider.workflow.getHandle(handle.workflowId).executeUpdate(registerEventUpdate, { args: [{ type: 'resume', at: day, by: 'tl-karen' }] });
      await expect(sent).rejects.toMatchObject({ cause: { type: 'VuggeRejected', message: expect.stringMatching(/^Vugge afviser data, der ikke er krypteret/) } });
      expect(await handle.query(eventLogQuery)).toEqual(before);
      // The case is not stuck: an update through Vugge is accepted right after.
      await register(handle, { type: 'resume', at: day });
      expect((await handle.query(eventLogQuery)).at(-1)!.event).toMatchObject({ type: 'resume', by: TEAM.socialraadgiver });
    });
  });

  it('control: without the codec the same case shows the reason and staff ids in the raw history', async () => {
    // Without the codec, but with the test client's interceptors (its terminate leaves the clock running).
    const events = await runCase(new Client({ connection: env.connection, namespace: env.namespace, interceptors: env.client.options.interceptors }), undefined);
    const stored = bytesOf(events, { withSearchAttributes: false });
    expect(stored).toContain(REASON);
    expect(stored).toContain(TEAM.socialraadgiver);
    expect(stored).not.toContain('binary/encrypted');
  });
});
