/**
 * The case worker's own Prometheus metrics (prom-client), beside the SDK's runtime metrics that the
 * Rust core exports on VUGGE_SDK_METRICS (worker/health.ts installs both). Labels are kinds,
 * outcomes and units — never a case id or a person, so a metric's cardinality stays small.
 *
 *   vugge_notifications_total{kind, outcome}   sent | queued_for_digest | failed | undeliverable
 *   vugge_wake_to_send_seconds{kind}           from the notice's planned moment to its sending
 *   vugge_overdue_steps{unit}                  overdue steps of open cases (from the read model)
 */
import { ApplicationFailure } from '@temporalio/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { loadDatabaseConfig } from '../activities/db/config.js';
import { openDatabase, type Database, type Queryable } from '../activities/db/driver.js';
import type { NotificationRequest } from '../activities/notification-types.js';
import type { CaseActivities } from './create-worker.js';

export type NotificationOutcome = 'sent' | 'queued_for_digest' | 'failed' | 'undeliverable';

/** The failures that end in the team leader's list of undelivered notices. */
const UNDELIVERABLE = new Set(['Undeliverable', 'RecipientRejected']);

export interface WorkerMetrics {
  registry: Registry;
  notifications: Counter<'kind' | 'outcome'>;
  wakeToSend: Histogram<'kind'>;
}

export interface WorkerMetricsOptions {
  /** Vugge's database, for the overdue steps per unit; without it that gauge is left out. */
  db?: Queryable;
  /** Copenhagen's date today (the read model's "overdue" is against it). */
  today?: () => string;
  /** Node's process metrics (memory, event loop lag); default true. */
  processMetrics?: boolean;
}

const copenhagenToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

export function createWorkerMetrics(options: WorkerMetricsOptions = {}): WorkerMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'vugge_worker_' });
  const notifications = new Counter({
    name: 'vugge_notifications_total',
    help: 'Notifications by kind (reminder, escalation, …) and outcome: sent, queued_for_digest, failed (will be retried), undeliverable (on the leader\'s list).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const wakeToSend = new Histogram({
    name: 'vugge_wake_to_send_seconds',
    help: 'Seconds from the moment a notification was due (its planned time) to the mail server accepting it.',
    labelNames: ['kind'] as const,
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 86400],
    registers: [registry],
  });
  const { db } = options;
  if (db) {
    const today = options.today ?? copenhagenToday;
    new Gauge({
      name: 'vugge_overdue_steps',
      help: 'Overdue steps of open cases per unit, from the read model.',
      labelNames: ['unit'] as const,
      registers: [registry],
      async collect() {
        // A database that does not answer leaves the gauge empty; /readyz says why.
        const rows = await db.query<{ unit: string; n: number }>('SELECT unit, count(*) AS n FROM occurrences WHERE latest < $1::date GROUP BY unit', [today()]).catch(() => []);
        this.reset();
        for (const row of rows) this.set({ unit: row.unit }, Number(row.n));
      },
    });
  }
  return { registry, notifications, wakeToSend };
}

function outcomeOf(err: unknown): NotificationOutcome {
  return err instanceof ApplicationFailure && err.type && UNDELIVERABLE.has(err.type) ? 'undeliverable' : 'failed';
}

/**
 * The case activities with `sendNotification` counted: each recipient sent or queued for the
 * digest once (a retry that finds everything sent counts nothing), each failed attempt by its kind.
 */
export function measuredActivities<A extends CaseActivities>(activities: A, metrics: WorkerMetrics, now: () => number = Date.now): A {
  const send = activities.sendNotification;
  const sendNotification: typeof send = async (request: NotificationRequest) => {
    const kind = String(request?.kind ?? 'unknown');
    try {
      const result = await send(request);
      if (!result.alreadySent) {
        const queued = result.queuedForDigest?.length ?? 0;
        const sent = result.sentTo.length;
        if (sent) {
          metrics.notifications.inc({ kind, outcome: 'sent' }, sent);
          const due = Date.parse(request.at);
          if (Number.isFinite(due)) metrics.wakeToSend.observe({ kind }, Math.max(0, now() - due) / 1000);
        }
        if (queued) metrics.notifications.inc({ kind, outcome: 'queued_for_digest' }, queued);
      }
      return result;
    } catch (err) {
      metrics.notifications.inc({ kind, outcome: outcomeOf(err) });
      throw err;
    }
  };
  return { ...activities, sendNotification };
}

/**
 * A small pool to Vugge's PostgreSQL for the overdue gauge and the readiness check. Only with
 * VUGGE_DATABASE_URL: the embedded PGlite is open in one process at a time, and that is not this.
 */
export async function openMetricsDatabase(env: Record<string, string | undefined> = process.env): Promise<Database | undefined> {
  const config = loadDatabaseConfig(env);
  if (config.driver !== 'postgres') return undefined;
  return openDatabase({ ...config, poolSize: 2 });
}
