/**
 * Precompiles the `vugge` command line into dist/cli/ with esbuild, so a call starts in a fraction
 * of a second instead of compiling TypeScript first. `npm ci` and `npm install` run it (`prepare`);
 * `npm run build:cli` runs it by hand. client/bin.mjs uses the result only while it is newer than
 * every source file it was built from (listed in dist/cli/inputs.json), so an edit never runs stale code.
 *
 * Each command group stays its own chunk, loaded when called. Pure-ESM libraries made of many small
 * files (the parser library and its lodash-es; zod, luxon, yaml) are bundled in, which is what makes
 * the start fast; everything else (Temporal's SDK, nodemailer) is loaded from node_modules as usual.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { bundleStaleness } from '../client/bundle-state.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const outDir = resolve(root, 'dist/cli');

/**
 * Bundling moves code into dist/cli/, so `new URL('../rules', import.meta.url)` would point into
 * dist/. Each source file's `import.meta.url` becomes its own place in the checkout, found from the
 * bundle's place at run time (the checkout can move; the layout inside it does not).
 */
const BUNDLED = /^(chevrotain|@chevrotain\/[^/]+|lodash-es|zod|luxon|yaml)(\/|$)/;

/** Bare imports outside BUNDLED stay imports of node_modules. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromBundle = relative(outDir, args.path).split('\\').join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * Moves the new build into dist/cli/ one file at a time, each rename atomic: chunks first (their
 * names carry a content hash), then cli.js, then inputs.json. A call running meanwhile sees either
 * the old or the new CLI whole. Files of older builds go once they are an hour old.
 */
function install(tmp) {
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(tmp);
  const last = ['cli.js.map', 'cli.js', 'inputs.json'];
  for (const f of [...files.filter((f) => !last.includes(f)), ...last]) renameSync(resolve(tmp, f), resolve(outDir, f));
  rmSync(tmp, { recursive: true, force: true });
  for (const f of readdirSync(outDir)) {
    if (!files.includes(f) && statSync(resolve(outDir, f)).mtimeMs < Date.now() - 3_600_000) rmSync(resolve(outDir, f), { force: true });
  }
}

/** Builds dist/cli/; with `ifStale`, only when the sources changed since the last build. */
export async function buildCli({ quiet = false, ifStale = false } = {}) {
  if (ifStale && !bundleStaleness(pathToFileURL(`${root}/`))) return undefined;
  const builtAt = Date.now();
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'client/cli/index.ts' },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: '[name]-[hash]',
    sourcemap: true,
    metafile: true,
    // Bundled CommonJS (yaml's Node build) calls require() for Node built-ins.
    banner: { js: "import { createRequire as __vuggeRequire } from 'node:module'; const require = __vuggeRequire(import.meta.url);" },
    logLevel: quiet ? 'error' : 'warning',
    plugins: [externalPackages, sourceUrls],
  });
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules')), 'scripts/build-cli.mjs', 'client/bin.mjs', 'client/bundle-state.mjs'];
  writeFileSync(resolve(tmp, 'inputs.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`);
  install(tmp);
  if (!quiet) console.log(`vugge: CLI precompiled to ${relative(root, outDir)}/ (${inputs.length} source files).`);
  return { builtAt, inputs };
}

// `--if-possible` (the `prepare` script): a failed build leaves the CLI running from source, not a failed install.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    await buildCli();
  } catch (err) {
    if (!process.argv.includes('--if-possible')) throw err;
    console.warn(`vugge: the CLI could not be precompiled (${err instanceof Error ? err.message : String(err)}); it runs from source.`);
  }
}
