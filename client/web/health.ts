/**
 * Health and readiness of a web instance, for the load balancer in front of several of them:
 *
 *   GET /healthz   200 while the process serves requests
 *   GET /readyz    200 when Temporal answers and (when configured) Vugge's database answers;
 *                  503 with what does not, e.g. {"temporal":false,"database":true}
 *
 * Neither says anything about a case or a person, so both are open to anyone (`who: 'anyone'`).
 */
import type { FastifyInstance } from 'fastify';
import { runChecks, type Check } from '../../worker/health.js';

export type { Check } from '../../worker/health.js';

export async function healthRoutes(app: FastifyInstance, options: { checks: Record<string, Check> }): Promise<void> {
  app.get('/healthz', { config: { who: 'anyone' } }, async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
  app.get('/readyz', { config: { who: 'anyone' } }, async (_request, reply) => {
    const result = await runChecks(options.checks);
    return reply
      .code(Object.values(result).every(Boolean) ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(result);
  });
}
