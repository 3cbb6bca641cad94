/**
 * Shared set-up for the case workflow tests on the time-skipping server: one environment and one
 * workflow bundle per test file, a fresh worker with the recording notification activity and a
 * random case id per test, and moving the server's clock to a fixed local date so tests can assert
 * the exact dates domain.md implies.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import { createRecordingNotificationActivities, type RecordedNotification } from '../activities/case-recording.js';
import { registerSearchAttributes } from '../client/service/temporal-client.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import type { caseWorkflow } from '../workflows/case-workflow.js';
import type { CaseEvent } from '../workflows/case-input.js';
import { registerEventUpdate } from '../workflows/case-messages.js';
import { createTimeSkippingEnv } from './helpers/temporal.js';
import { openVuggeDatabase, type Database } from '../activities/db/index.js';

export const ZONE = 'Europe/Copenhagen';
export const historiesDir = join(dirname(fileURLToPath(import.meta.url)), 'histories');
/** Set VUGGE_RECORD_HISTORIES=1 to re-record the replay histories under tests/histories/. */
export const recordHistories = process.env.VUGGE_RECORD_HISTORIES === '1';

export const TEAM = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-lars', teamleder: 'tl-birgit' };

export interface CaseTestEnv {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  /** Vugge's database for the file's workers (PGlite in memory): the cases' read model and audit rows. */
  db: Database;
}

export async function startCaseTestEnv(): Promise<CaseTestEnv> {
  const [env, bundle] = await Promise.all([createTimeSkippingEnv(), bundleCaseWorkflows()]);
  // After the server is up: PGlite's start is CPU-heavy, and the SDK gives the JVM only seconds to listen.
  const db = await openVuggeDatabase({ driver: 'pglite', dir: 'memory://' });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return { env, bundle, db };
}

/**
 * The hooks every case test file needs: one environment for the file (filled in before the first
 * test), and the cases a test left running terminated after it.
 */
export function useCaseTestEnv(): CaseTestEnv {
  const t = {} as CaseTestEnv;
  beforeAll(async () => {
    Object.assign(t, await startCaseTestEnv());
  });
  afterEach(terminateOpenCases);
  afterAll(async () => {
    await t.env?.teardown();
    await t.db?.close();
  });
  return t;
}

/** A local wall time in Copenhagen as epoch ms ('2027-01-04T07:00'). */
export function local(iso: string): number {
  return DateTime.fromISO(iso, { zone: ZONE }).toMillis();
}

/** The local date and time of an ISO instant ('2027-02-10 08:00'). */
export function localOf(instant: string): string {
  return DateTime.fromISO(instant, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

/** Moves the server's clock forward to a local wall time; fails if it has already passed. */
export async function sleepUntil(env: TestWorkflowEnvironment, localIso: string): Promise<void> {
  const target = local(localIso);
  const now = await env.currentTimeMs();
  if (target < now) throw new Error(`Test clock is already past ${localIso} (${new Date(now).toISOString()}).`);
  if (target > now) await env.sleep(target - now);
}

export interface CaseWorker {
  worker: Worker;
  taskQueue: string;
  requests: RecordedNotification[];
  /** Idempotency keys the case sent a second time (the activity would have ignored them). */
  repeated: string[];
}

export async function caseWorker({ env, bundle, db }: CaseTestEnv): Promise<CaseWorker> {
  const taskQueue = `cases-${randomUUID()}`;
  const recording = createRecordingNotificationActivities();
  const worker = await createWorker({ connection: env.nativeConnection, taskQueue, activities: recording.activities, database: db, workflowBundle: bundle });
  return { worker, taskQueue, requests: recording.requests, repeated: recording.repeated };
}

export function newCaseId(): string {
  return `T-${randomUUID().slice(0, 8)}`;
}

export interface OpenCase {
  programme: Programme;
  notified: string;
  dueDate?: string;
  team?: Record<string, string>;
  caseId?: string;
  /** Default 'nord' (a unit of config/staff.example.yaml). */
  unit?: string;
}

const started: WorkflowHandle[] = [];

/**
 * Terminates the cases a test left running (after a failed assertion): a case whose worker has gone
 * holds a workflow task that stops the server from skipping time for the next test.
 */
export async function terminateOpenCases(): Promise<void> {
  for (const handle of started.splice(0)) await handle.terminate('test finished').catch(() => undefined);
}

export async function openCase(env: TestWorkflowEnvironment, taskQueue: string, o: OpenCase): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
  const caseId = o.caseId ?? newCaseId();
  const handle = await env.client.workflow.start('caseWorkflow', {
    taskQueue,
    workflowId: caseId,
    args: [{ caseId, programme: o.programme, unit: o.unit ?? 'nord', municipality: 'jammerbugt', team: o.team ?? TEAM, notified: o.notified, dueDate: o.dueDate, openedBy: 'sr-mette' }],
  });
  started.push(handle);
  return handle as WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>;
}

/**
 * A case's outcome, read from its latest run. When a query meets a continue-as-new, the
 * time-skipping test server can leave the earlier run's history without its close event (see
 * tests/helpers/temporal.ts); a handle's own result() walks the runs from the first one and would
 * wait for that event for ever.
 */
export function outcomeOf(env: TestWorkflowEnvironment, handle: WorkflowHandle): Promise<unknown> {
  return env.client.workflow.getHandle(handle.workflowId).result();
}

export function loadRules(name: string): Programme {
  const result = compile(readFileSync(new URL(`../rules/${name}.rules`, import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`rules/${name}.rules does not compile: ${result.errors[0]?.message.en ?? ''}`);
  return result.programme;
}

type WithoutBy<T> = T extends unknown ? Omit<T, 'by'> & { by?: string } : never;

export function register(handle: WorkflowHandle, event: WithoutBy<CaseEvent>) {
  return handle.executeUpdate(registerEventUpdate, { args: [{ by: 'sr-mette', ...event } as CaseEvent] });
}

/** Notifications as `kind stepId#occurrence @ local time → recipients`, easy to compare in a table. */
export function summary(requests: RecordedNotification[], filter: (r: RecordedNotification) => boolean = () => true): string[] {
  return requests.filter(filter).map((r) => `${r.kind} ${r.stepId}#${r.occurrence} @ ${localOf(r.at)} → ${r.recipients.join(',')}`);
}

/** Saves a run's history for the replay test when re-recording is asked for. */
export async function saveHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (!recordHistories) return;
  const history = await handle.fetchHistory();
  mkdirSync(historiesDir, { recursive: true });
  writeFileSync(join(historiesDir, `${name}.json`), historyToText(history));
}

// The SDK's historyToJSON trips over a second protobufjs copy in node_modules; the generated
// message classes' own object conversion round-trips just as well (enums as names, bytes as base64).
const HistoryMessage = proto.temporal.api.history.v1.History;

export function historyToText(history: temporal.api.history.v1.IHistory): string {
  return JSON.stringify(HistoryMessage.toObject(HistoryMessage.fromObject(history), { longs: String, enums: String, bytes: String }));
}

export function historyFromText(text: string): temporal.api.history.v1.History {
  return HistoryMessage.fromObject(JSON.parse(text) as Record<string, unknown>);
}

/** The activity types of a history's local activities, in order (each recorded as a marker). */
export function localActivityTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== 'core_local_activity') return [];
    const data = marker.details?.data?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString()) as { activity_type: string }).activity_type] : [];
  });
}
