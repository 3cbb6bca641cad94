#!/usr/bin/env node
// The `vugge` command. Runs the precompiled CLI in dist/cli/ (built by `npm ci`/`npm install`
// through `prepare`, or `npm run build:cli`) when it is newer than every source file it was built
// from; otherwise runs the TypeScript sources through tsx — a few seconds slower — and says so.
// VUGGE_CLI_FROM_SOURCE=1 always runs the sources, without the note.
import { bundleStaleness } from './bundle-state.mjs';

const root = new URL('..', import.meta.url);
const fromSource = process.env.VUGGE_CLI_FROM_SOURCE === '1';
const stale = fromSource ? undefined : bundleStaleness(root);
let main;
if (!fromSource && !stale) {
  ({ main } = await import(new URL('dist/cli/cli.js', root).href));
} else {
  if (stale) {
    process.stderr.write(`Bemærk: den forudoversatte CLI (dist/cli) ${stale.da}; kører fra kildekoden, som tager et par sekunder mere; npm run build:cli gør den hurtig igen. / Note: the precompiled CLI ${stale.en}; running from source (npm run build:cli).\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli/index.ts'));
}
process.exitCode = await main(process.argv.slice(2));
