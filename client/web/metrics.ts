/**
 * The web instance's Prometheus metrics: request latency by route *pattern* (`/sager/:caseId`, never
 * a case id or a calendar token) and status, plus Node's process metrics, at `GET /metrics`.
 *
 *   VUGGE_METRICS_TOKEN   at least 32 characters: /metrics answers only requests carrying
 *                         `Authorization: Bearer <token>`. Unset, it answers only requests made
 *                         on this machine (to the loopback address, not through a proxy).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import { ConfigError } from '../../temporal.config.js';

const Token = z.string().min(32, 'skal være mindst 32 tegn, fx fra openssl rand -base64 32 / must be at least 32 characters');

/** VUGGE_METRICS_TOKEN, checked; never echoed. */
export function loadMetricsToken(env: Record<string, string | undefined> = process.env): string | undefined {
  const given = env.VUGGE_METRICS_TOKEN;
  if (given === undefined || given === '') return undefined;
  const parsed = Token.safeParse(given);
  if (!parsed.success) throw new ConfigError(`VUGGE_METRICS_TOKEN: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

export interface WebMetrics {
  registry: Registry;
  requestSeconds: Histogram<'method' | 'route' | 'status'>;
}

export function createWebMetrics(options: { processMetrics?: boolean } = {}): WebMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'vugge_web_' });
  const requestSeconds = new Histogram({
    name: 'vugge_web_request_duration_seconds',
    help: 'Web request latency by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, requestSeconds };
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function mayRead(request: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    return timingSafeEqual(digest(given), digest(token));
  }
  // The socket's own peer, not request.ip: a proxy's X-Forwarded-For must not open the door.
  return LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
}

const started = Symbol('started');

/** Times every request of the app by its route pattern (not encapsulated) and serves `GET /metrics`. */
export const metricsRoutes = fp(async (app: FastifyInstance, options: { metrics: WebMetrics; token?: string }): Promise<void> => {
  const { metrics, token } = options;
  app.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, bigint>)[started] = process.hrtime.bigint();
  });
  app.addHook('onResponse', async (request, reply) => {
    const start = (request as unknown as Record<symbol, bigint | undefined>)[started];
    if (start === undefined) return;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestSeconds.observe({ method: request.method, route: route.startsWith('/static/') ? '/static/*' : route, status: String(reply.statusCode) }, seconds);
  });
  app.get('/metrics', { config: { who: 'anyone' } }, async (request, reply) => {
    if (!mayRead(request, token)) return reply.code(token ? 401 : 403).header('cache-control', 'no-store').send('Forbidden');
    return reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store').send(await metrics.registry.metrics());
  });
});
