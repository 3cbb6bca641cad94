/**
 * The case worker's small HTTP listener for whoever runs it (a load balancer, systemd, Kubernetes,
 * Prometheus), and the SDK runtime with Vugge's logger and the SDK's own metrics:
 *
 *   GET /healthz   200 while the process runs
 *   GET /readyz    200 when Temporal answers, the worker polls and (when configured) the database
 *                  answers; 503 naming what does not, e.g. {"temporal":true,"worker":false}
 *   GET /metrics   Vugge's metrics (worker/metrics.ts) in Prometheus text format
 *
 *   VUGGE_WORKER_HTTP_HOST   address it listens on                   (default 127.0.0.1)
 *   VUGGE_WORKER_HTTP_PORT   its port; 0 picks a free one            (default 9464; a second worker
 *                            on the same machine needs another)
 *   VUGGE_SDK_METRICS        host:port where the SDK's Rust core exports its runtime metrics
 *                            (task latencies, poll counts, cache size) for Prometheus; unset: off
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { sdkLogger, type Logger } from '../activities/log.js';
import { ConfigError } from '../temporal.config.js';

export interface WorkerHttpConfig {
  host: string;
  port: number;
  /** host:port of the SDK's Prometheus exporter, when switched on. */
  sdkMetrics?: string;
}

const EnvSchema = z.object({
  VUGGE_WORKER_HTTP_HOST: z.string().regex(/^[A-Za-z0-9.:-]+$/, 'skal være en adresse som 127.0.0.1 eller 0.0.0.0 / must be an address such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
  VUGGE_WORKER_HTTP_PORT: z.coerce.number({ error: 'skal være et portnummer 0–65535 / must be a port number 0–65535' }).int('skal være et portnummer 0–65535 / must be a port number 0–65535').min(0, 'skal være et portnummer 0–65535 / must be a port number 0–65535').max(65535, 'skal være et portnummer 0–65535 / must be a port number 0–65535').default(9464),
  VUGGE_SDK_METRICS: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'skal være vært:port, fx 127.0.0.1:9465 / must be host:port, e.g. 127.0.0.1:9465').optional(),
});

export function loadWorkerHttpConfig(env: Record<string, string | undefined> = process.env): WorkerHttpConfig {
  const given = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    throw new ConfigError(`${variable} ('${given[variable]}'): ${issue.message}.`);
  }
  const e = parsed.data;
  return { host: e.VUGGE_WORKER_HTTP_HOST, port: e.VUGGE_WORKER_HTTP_PORT, ...(e.VUGGE_SDK_METRICS ? { sdkMetrics: e.VUGGE_SDK_METRICS } : {}) };
}

/**
 * Installs the SDK runtime once, before the first connection: its log lines (workflow, activity,
 * worker and the Rust core's warnings) go through Vugge's logger; its metrics to `sdkMetrics`.
 */
export function installRuntime(log: Logger, config: Pick<WorkerHttpConfig, 'sdkMetrics'>): void {
  Runtime.install({
    logger: sdkLogger(log),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(config.sdkMetrics ? { metrics: { prometheus: { bindAddress: config.sdkMetrics } } } : {}),
    },
  });
}

/** One readiness check: resolves true when the thing answers. A check that throws counts as false. */
export type Check = () => Promise<boolean>;

/** Runs every check with a time limit; what each said. */
export async function runChecks(checks: Record<string, Check>, timeoutMs = 2000): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      const ok = await Promise.race([check().catch(() => false), timeout]);
      clearTimeout(timer);
      return [name, ok] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export interface WorkerHealth {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startWorkerHealth(options: { config: WorkerHttpConfig; registry: Registry; checks: Record<string, Check>; log?: Logger }): Promise<WorkerHealth> {
  const { config, registry, checks } = options;
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'Method Not Allowed');
    if (path === '/healthz') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
    if (path === '/readyz') {
      void runChecks(checks).then((result) => send(Object.values(result).every(Boolean) ? 200 : 503, 'application/json', JSON.stringify(result)));
      return;
    }
    if (path === '/metrics') {
      void registry.metrics().then(
        (text) => send(200, registry.contentType, text),
        (err: unknown) => {
          options.log?.error({ err }, 'metrics collection failed');
          send(500, 'text/plain; charset=utf-8', 'metrics collection failed');
        },
      );
      return;
    }
    send(404, 'text/plain; charset=utf-8', 'Not Found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConfigError(`VUGGE_WORKER_HTTP_PORT ('${config.port}'): porten er optaget — giv hver worker på maskinen sin egen port / the port is in use: give each worker on the machine its own port.`)
          : err,
      ),
    );
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
