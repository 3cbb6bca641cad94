/**
 * Builds the case worker: the case workflow bundle plus the activities it calls. Tests and the start
 * script share this, so both run the very same workflow code.
 */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { NotificationActivities } from '../activities/notifications.js';
import { createRegistryActivities, type RegistryActivities } from '../activities/rules-registry.js';
import { createProjectionActivities, noProjectionActivities } from '../activities/case-projection.js';
import { notificationBatch } from '../activities/notification-batch.js';
import type { Database } from '../activities/db/index.js';

const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Evaluated once per worker and shared by every case (see the module's comment). Without this the
 * SDK's reusable context gives each case its own instance of every module it imports.
 */
export const sharedWorkflowModules = [fileURLToPath(new URL('../workflows/shared-modules.ts', import.meta.url))];

/**
 * What a case calls: notifications, and the staff directory for the unit's leaders. The morning
 * digest's activities are there when Vugge sends real e-mail (not in the recording mode).
 */
export type CaseActivities = Pick<NotificationActivities, 'sendNotification' | 'resolveRoles'> & Partial<Pick<NotificationActivities, 'digestRecipients' | 'sendDigest'>>;

export interface CreateWorkerOptions {
  connection: NativeConnection;
  /** Default 'default'. */
  namespace?: string;
  taskQueue: string;
  activities: CaseActivities;
  /**
   * The rules registry's and the migration batch's activities. Default: the compiler, the staff
   * directory of VUGGE_STAFF_FILE (else the example directory) and the worker's own client.
   */
  registryActivities?: RegistryActivities;
  /**
   * Vugge's database, opened once by the worker process: the cases project their read model and
   * audit rows into it. Without it the projection activity writes nothing (tests that do not look).
   */
  database?: Database;
  /** A bundle made once with `bundleCaseWorkflows()`; without it the worker bundles at start (~seconds). */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Default 10: a case task is short; a 2-core machine gains nothing from more. */
  maxConcurrentWorkflowTaskExecutions?: number;
  /**
   * Default 250. Every cached case keeps its own instance of the workflow's modules (the SDK's
   * reusable context gives each workflow its own module cache): ~1.8 MB a case against ~0.5 MB for a
   * one-timer workflow (bench/workflow.bench.ts). Cases sleep for days between wakes, so an evicted
   * case costs one replay of a short history when it wakes; a bounded cache keeps the worker small.
   */
  maxCachedWorkflows?: number;
  /** From `dataConverter(config)` in temporal.config.ts: encrypts payloads when keys are configured. */
  dataConverter?: DataConverter;
}

/**
 * Bundles the case workflows once (`entry`: another entry point, such as a test's next build). Pass the worker's data converter: its failure converter runs
 * inside the workflow sandbox, so it must be part of the bundle for workflow errors to be encrypted.
 */
export function bundleCaseWorkflows(dataConverter?: DataConverter, entry: string = workflowsPath): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: entry,
    logger: quietBundlerLogger,
    preloadModules: sharedWorkflowModules,
    ...(dataConverter?.failureConverterPath ? { failureConverterPath: dataConverter.failureConverterPath } : {}),
    ...(dataConverter?.payloadConverterPath ? { payloadConverterPath: dataConverter.payloadConverterPath } : {}),
  });
}

/** Webpack's per-module listing is noise; warnings and errors still show. */
const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: opts.taskQueue,
    activities: {
      ...(opts.registryActivities ?? createRegistryActivities({ database: opts.database })),
      ...(opts.database ? createProjectionActivities(opts.database) : noProjectionActivities),
      ...opts.activities,
      // A wake's notices in one activity, each sent by the worker's own `sendNotification`.
      ...notificationBatch(opts.activities.sendNotification),
    },
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules: sharedWorkflowModules } }),
    maxConcurrentWorkflowTaskExecutions: opts.maxConcurrentWorkflowTaskExecutions ?? 10,
    maxCachedWorkflows: opts.maxCachedWorkflows ?? 250,
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
}

export { workflowsPath };
