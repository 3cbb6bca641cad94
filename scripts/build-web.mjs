/**
 * Bundles the rules editor for the browser into dist/web/ with esbuild: the page script
 * (CodeMirror 6 and Vugge's highlighting) and the web worker that runs the real rules compiler
 * from dsl/ as the administrator types. `npm ci`/`npm install` run it (`prepare`), `npm run
 * build:web` by hand, and the web app checks at start that the bundle is newer than every source
 * file it was built from (dist/web/inputs.json), rebuilding it when it is not.
 *
 * The worker imports only dsl/ and the studio's own browser code; a Node built-in reaching it is a
 * build error here, not a failure in someone's browser.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleStaleness } from '../client/bundle-state.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const webOutDir = resolve(root, 'dist/web');
const MANIFEST = 'dist/web/inputs.json';

/** Refuses `node:fs`, `fs`, … anywhere in the browser bundle, naming the file that asked. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    const names = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    b.onResolve({ filter: /^(node:)?[a-z_]+(\/.*)?$/ }, (args) => {
      if (!names.has(args.path)) return undefined;
      return { errors: [{ text: `${relative(root, args.importer)} imports the Node built-in '${args.path}', which the browser does not have` }] };
    });
  },
};

/** Builds dist/web/ (editor.js, rules-worker.js, impact-progress.js, studio.css); with `ifStale`, only when a source changed. */
export async function buildWeb({ quiet = false, ifStale = false } = {}) {
  if (ifStale && !bundleStaleness(pathToFileURL(`${root}/`), MANIFEST)) return undefined;
  const builtAt = Date.now();
  const tmp = `${webOutDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      editor: 'client/web/studio/browser/editor.ts',
      'rules-worker': 'client/web/studio/browser/rules-worker.ts',
      'impact-progress': 'client/web/studio/browser/impact-progress.ts',
      studio: 'client/web/studio/studio.css',
    },
    outdir: tmp,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    plugins: [noNodeBuiltins],
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules')), 'scripts/build-web.mjs'];
  writeFileSync(resolve(tmp, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
  mkdirSync(webOutDir, { recursive: true });
  // Scripts first, the manifest last: a bundle is fresh only once all of it is in place.
  const files = readdirSync(tmp);
  for (const f of [...files.filter((f) => f !== 'inputs.json'), 'inputs.json']) renameSync(resolve(tmp, f), resolve(webOutDir, f));
  rmSync(tmp, { recursive: true, force: true });
  if (!quiet) console.log(`vugge: rules editor bundled to ${relative(root, webOutDir)}/ (${inputs.length} source files).`);
  return { builtAt, inputs };
}

// `--if-possible` (the `prepare` script): a failed build leaves the editor's plain form, not a failed install.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildWeb();
  } catch (err) {
    if (!process.argv.includes('--if-possible')) throw err;
    console.warn(`vugge: the rules editor could not be bundled (${err instanceof Error ? err.message : String(err)}); the page offers its plain form.`);
  }
}
