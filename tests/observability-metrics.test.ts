/**
 * Metrics and health (worker/metrics.ts, worker/health.ts, client/web/metrics.ts and health.ts):
 * what each notification outcome counts, the overdue gauge per unit from the read model, the
 * worker's HTTP listener, and the web app's latency by route pattern behind its door.
 */
import Fastify from 'fastify';
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationRequest, NotificationResult } from '../activities/notification-types.js';
import { healthRoutes } from '../client/web/health.js';
import { createWebMetrics, loadMetricsToken, metricsRoutes } from '../client/web/metrics.js';
import type { CaseActivities } from '../worker/create-worker.js';
import { loadWorkerHttpConfig, startWorkerHealth, type WorkerHealth } from '../worker/health.js';
import { createWorkerMetrics, measuredActivities } from '../worker/metrics.js';

const request = (kind: string, at = '2027-09-05T06:00:00.000Z') => ({ kind, at, caseId: 'S-1', idempotencyKey: `S-1:x:1:${kind}:0` }) as unknown as NotificationRequest;

function activitiesAnswering(answer: (req: NotificationRequest) => Promise<NotificationResult>): CaseActivities {
  return { sendNotification: answer, resolveRoles: async () => ({}) as never };
}

const sample = async (metrics: ReturnType<typeof createWorkerMetrics>, name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values;

describe('notification metrics', () => {
  it('counts recipients sent and queued, once; a retry that finds all sent counts nothing', async () => {
    const metrics = createWorkerMetrics({ processMetrics: false });
    const answers: NotificationResult[] = [
      { sentTo: ['sr-mette', 'sp-anne'], alreadySent: false, queuedForDigest: ['ft-lars'] },
      { sentTo: ['sr-mette', 'sp-anne'], alreadySent: true },
    ];
    const measured = measuredActivities(activitiesAnswering(async () => answers.shift()!), metrics, () => Date.parse('2027-09-05T06:00:30.000Z'));
    await measured.sendNotification(request('reminder'));
    await measured.sendNotification(request('reminder'));
    const values = await sample(metrics, 'vugge_notifications_total');
    expect(values.map((v) => [v.labels.kind, v.labels.outcome, v.value])).toEqual([
      ['reminder', 'sent', 2],
      ['reminder', 'queued_for_digest', 1],
    ]);
    const latency = await sample(metrics, 'vugge_wake_to_send_seconds');
    expect((latency as { metricName?: string; value: number }[]).find((v) => v.metricName === 'vugge_wake_to_send_seconds_sum')?.value).toBe(30);
  });

  it('counts a failed attempt by kind, and an undeliverable one apart', async () => {
    const metrics = createWorkerMetrics({ processMetrics: false });
    const failures = [
      ApplicationFailure.create({ type: 'SmtpUnavailable', message: 'down' }),
      ApplicationFailure.create({ type: 'Undeliverable', message: 'gave up' }),
      ApplicationFailure.create({ type: 'RecipientRejected', message: 'no such mailbox' }),
    ];
    const measured = measuredActivities(activitiesAnswering(async () => Promise.reject(failures.shift())), metrics);
    for (const kind of ['escalation', 'escalation', 'reminder']) await expect(measured.sendNotification(request(kind))).rejects.toBeInstanceOf(ApplicationFailure);
    const values = await sample(metrics, 'vugge_notifications_total');
    expect(values.map((v) => [v.labels.kind, v.labels.outcome, v.value])).toEqual([
      ['escalation', 'failed', 1],
      ['escalation', 'undeliverable', 1],
      ['reminder', 'undeliverable', 1],
    ]);
  });

  it('reads the overdue steps per unit from the read model at each scrape', async () => {
    const asked: unknown[][] = [];
    const db = { query: async (_sql: string, params: readonly unknown[] = []) => (asked.push([...params]), [{ unit: 'nord', n: 3 }, { unit: 'syd', n: 1 }]) as never, exec: async () => undefined };
    const metrics = createWorkerMetrics({ db, today: () => '2027-10-01', processMetrics: false });
    const text = await metrics.registry.metrics();
    expect(text).toContain('vugge_overdue_steps{unit="nord"} 3');
    expect(text).toContain('vugge_overdue_steps{unit="syd"} 1');
    expect(asked).toEqual([['2027-10-01']]);
  });
});

describe("the worker's health listener", () => {
  let health: WorkerHealth | undefined;
  afterEach(async () => health?.close());

  it('answers /healthz, names the check that is not ready on /readyz, and serves /metrics', async () => {
    const metrics = createWorkerMetrics({ processMetrics: false });
    metrics.notifications.inc({ kind: 'reminder', outcome: 'sent' });
    health = await startWorkerHealth({ config: { host: '127.0.0.1', port: 0 }, registry: metrics.registry, checks: { temporal: async () => true, database: async () => false } });
    const base = `http://127.0.0.1:${health.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ temporal: true, database: false });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('vugge_notifications_total{kind="reminder",outcome="sent"} 1');
  });

  it('reads its port from the environment and refuses a bad one in one sentence', () => {
    expect(loadWorkerHttpConfig({ VUGGE_WORKER_HTTP_PORT: '9470', VUGGE_SDK_METRICS: '127.0.0.1:9471' })).toEqual({ host: '127.0.0.1', port: 9470, sdkMetrics: '127.0.0.1:9471' });
    expect(() => loadWorkerHttpConfig({ VUGGE_WORKER_HTTP_PORT: 'høj' })).toThrow(/^VUGGE_WORKER_HTTP_PORT \('høj'\): skal være et portnummer 0–65535/);
    expect(() => loadWorkerHttpConfig({ VUGGE_SDK_METRICS: '9471' })).toThrow(/^VUGGE_SDK_METRICS \('9471'\): skal være vært:port/);
  });
});

describe("the web app's metrics and health", () => {
  async function app(token?: string, ready = true) {
    const web = Fastify();
    const metrics = createWebMetrics({ processMetrics: false });
    await web.register(metricsRoutes, { metrics, token });
    await web.register(healthRoutes, { checks: { temporal: async () => ready } });
    web.get('/sager/:caseId', { config: { who: 'staff' } }, async () => 'sag');
    return web;
  }

  it('times requests by route pattern, never by case id', async () => {
    const web = await app();
    await web.inject('/sager/S-2027-0042');
    const text = (await web.inject('/metrics')).body;
    expect(text).toMatch(/vugge_web_request_duration_seconds_count\{method="GET",route="\/sager\/:caseId",status="200"\} 1/);
    expect(text).not.toContain('S-2027-0042');
  });

  it('serves /metrics on the machine itself, or to the bearer of VUGGE_METRICS_TOKEN', async () => {
    const open = await app();
    expect((await open.inject({ url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } })).statusCode).toBe(403);
    const token = 'm'.repeat(32);
    const closed = await app(token);
    expect((await closed.inject('/metrics')).statusCode).toBe(401);
    expect((await closed.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect(() => loadMetricsToken({ VUGGE_METRICS_TOKEN: 'short' })).toThrow(/^VUGGE_METRICS_TOKEN: skal være mindst 32 tegn/);
  });

  it('is ready only when Temporal answers', async () => {
    expect((await (await app(undefined, true)).inject('/readyz')).statusCode).toBe(200);
    const notReady = await (await app(undefined, false)).inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ temporal: false });
    expect((await (await app(undefined, false)).inject('/healthz')).statusCode).toBe(200);
  });
});
