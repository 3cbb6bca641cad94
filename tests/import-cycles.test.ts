/**
 * No module imports itself back through others: a circle between files means neither can be read,
 * tested or moved alone. Reads every TypeScript file of the checkout and follows its relative
 * imports (type-only imports too — they are a circle in the reader's head all the same).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIP = new Set(['node_modules', 'dist', '.data', '.tools', '.git']);

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name) || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts') ? [path] : [];
  });
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The repository files `source` imports, by path relative to the checkout. */
export function importsOf(file: string, source: string, exists: (path: string) => boolean): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    const spec = (m[1] ?? m[2])!;
    const target = resolve(dirname(file), spec);
    const candidates = [target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), target, `${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find(exists);
    if (hit) found.push(hit);
  }
  return found;
}

/** Every circle in the graph, each once, as the files along it (first file repeated at the end). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it.each([
    ['a chain', { a: ['b'], b: ['c'], c: [] }, []],
    ['two files importing each other', { a: ['b'], b: ['a'] }, [['a', 'b', 'a']]],
    ['a longer circle behind a clean start', { s: ['a'], a: ['b'], b: ['c'], c: ['a'] }, [['a', 'b', 'c', 'a']]],
    ['a file importing itself', { a: ['a'] }, [['a', 'a']]],
  ])('finds %s', (_, edges, expected) => {
    expect(findCycles(new Map(Object.entries(edges)))).toEqual(expected);
  });

  it('reads static, type-only, re-export and dynamic imports', () => {
    const source = "import { x } from './a.js';\nimport type { Y } from '../b.js';\nexport { z } from './c.js';\nconst m = await import('./d.js');\nimport z from 'zod';\n";
    const known = new Set(['/r/p/a.ts', '/r/b.ts', '/r/p/c.ts', '/r/p/d.ts']);
    expect(importsOf('/r/p/f.ts', source, (p) => known.has(p))).toEqual(['/r/p/a.ts', '/r/b.ts', '/r/p/c.ts', '/r/p/d.ts']);
  });

  it('has none among the TypeScript files of the checkout', () => {
    const files = tsFiles(root);
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, importsOf(f, readFileSync(f, 'utf8'), (p) => known.has(p))]));
    const cycles = findCycles(graph).map((c) => c.map((f) => relative(root, f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('lets the shared connection settings import nothing of the worker, so client/ does not depend on it through them', () => {
    const files = tsFiles(root);
    const known = new Set(files);
    const seen = new Set<string>();
    const reach = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const next of importsOf(file, readFileSync(file, 'utf8'), (p) => known.has(p))) reach(next);
    };
    reach(join(root, 'temporal.config.ts'));
    expect([...seen].map((f) => relative(root, f)).filter((f) => f.startsWith('worker/'))).toEqual([]);
  });
});
