/** Static assets: Det Fælles Designsystem's CSS, JS, fonts and icons from node_modules, and Vugge's own few. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

// The package exports only its JS bundle (dist/js/dkfds.min.js); the dist folder sits two levels up.
const dkfdsDist = dirname(dirname(createRequire(import.meta.url).resolve('dkfds')));
const ownAssets = join(dirname(fileURLToPath(import.meta.url)), 'static');

export async function serveDesignSystem(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: dkfdsDist, prefix: '/static/dkfds/', maxAge: '1d' });
  await app.register(fastifyStatic, { root: ownAssets, prefix: '/static/', decorateReply: false, maxAge: '1h' });
}
