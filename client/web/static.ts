/**
 * Static assets: Det Fælles Designsystem's CSS, JS, fonts and icons from node_modules, Vugge's own
 * few, and the rules editor's bundle (dist/web/, rebuilt here when a source is newer than it).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { buildWeb, webOutDir } from '../../scripts/build-web.mjs';

// The package exports only its JS bundle (dist/js/dkfds.min.js); the dist folder sits two levels up.
const dkfdsDist = dirname(dirname(createRequire(import.meta.url).resolve('dkfds')));
const ownAssets = join(dirname(fileURLToPath(import.meta.url)), 'static');

export async function serveDesignSystem(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: dkfdsDist, prefix: '/static/dkfds/', maxAge: '1d' });
  await app.register(fastifyStatic, { root: ownAssets, prefix: '/static/', decorateReply: false, maxAge: '1h' });
  await app.register(fastifyStatic, { root: await editorBundle(), prefix: '/static/studio/', decorateReply: false, maxAge: 0 });
}

/** dist/web/, fresh: a failed build leaves the editor's plain form working and says why once. */
async function editorBundle(): Promise<string> {
  try {
    await buildWeb({ ifStale: true, quiet: true });
  } catch (err) {
    console.warn(`vugge: regeleditoren kunne ikke bygges; siden bruger den enkle formular / the rules editor could not be bundled (${err instanceof Error ? err.message : String(err)}).`);
  }
  mkdirSync(webOutDir, { recursive: true });
  return webOutDir;
}
