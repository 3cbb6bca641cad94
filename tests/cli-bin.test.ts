/**
 * The `vugge` command runs precompiled (dist/cli, built by `npm ci` through `prepare`) when that
 * build is newer than its sources, and from the TypeScript sources otherwise — never stale code.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleStaleness } from '../client/bundle-state.mjs';
import { buildCli, outDir } from '../scripts/build-cli.mjs';
import { spawnVugge as vugge } from './helpers/vugge-cli.js';

describe('bundleStaleness', () => {
  /** A checkout with one source file and a build manifest written at `builtAt`. */
  function checkout(builtAt: number | undefined, inputs = ['client/cli.ts']): URL {
    const root = mkdtempSync(join(tmpdir(), 'vugge-bin-'));
    mkdirSync(join(root, 'client'));
    mkdirSync(join(root, 'dist/cli'), { recursive: true });
    writeFileSync(join(root, 'client/cli.ts'), '');
    utimesSync(join(root, 'client/cli.ts'), new Date(1_000_000), new Date(1_000_000));
    if (builtAt !== undefined) writeFileSync(join(root, 'dist/cli/inputs.json'), JSON.stringify({ builtAt, inputs }));
    return pathToFileURL(`${root}/`);
  }

  it.each([
    ['built after the last edit', 2_000_000, ['client/cli.ts'], undefined],
    ['an edit after the build', 500_000, ['client/cli.ts'], 'er ældre end client/cli.ts'],
    ['never built', undefined, [], 'findes ikke'],
    ['built from a file that is gone', 2_000_000, ['client/cli.ts', 'client/gone.ts'], 'er bygget af client/gone.ts, som ikke findes mere'],
  ])('%s', (_, builtAt, inputs, danish) => {
    expect(bundleStaleness(checkout(builtAt, inputs))?.da).toBe(danish);
  });
});

describe('the precompiled CLI', () => {
  beforeAll(async () => {
    await buildCli({ quiet: true, ifStale: true });
  });

  it('is up to date after a build and runs without a note', async () => {
    expect(bundleStaleness(new URL('../', import.meta.url))).toBeUndefined();
    const help = await vugge(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('vugge staff list | check | feed-url');
  });

  it('points every path it takes from import.meta.url at the checkout, not at dist/', () => {
    const rewritten = readdirSync(outDir)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => [...readFileSync(join(outDir, f), 'utf8').matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)].map((m) => m[1]!));
    expect(rewritten).toContain('../../client/service/temporal-client.ts');
    for (const rel of rewritten) expect(readFileSync(new URL(rel, pathToFileURL(`${outDir}/`)), 'utf8').length).toBeGreaterThan(0);
  });

  it('prints what the sources print (rules check, the staff file through bundled yaml, an input error)', async () => {
    const calls = [['rules', 'check', 'rules/spaedbarnsindsatsen.rules'], ['staff', 'check'], ['overdue', '--unit', 'nordd']];
    for (const args of calls) {
      const [bundled, source] = await Promise.all([vugge(args), vugge(args, { VUGGE_CLI_FROM_SOURCE: '1' })]);
      expect(bundled).toEqual(source);
    }
  });
});
