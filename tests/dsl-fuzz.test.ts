/** Fuzzing the rules language: whatever the input, compile() returns and every error is positioned. Time per input: bench/dsl-fuzz.bench.ts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import { keywordSoup, mutation, randomText, RULES_FILES } from './dsl-mutations.js';

function checkCompiles(source: string): void {
  const result = compile(source);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = source.split('\n').length;
  for (const e of result.errors) {
    expect(e.loc.line).toBeGreaterThanOrEqual(1);
    expect(e.loc.column).toBeGreaterThanOrEqual(1);
    expect(e.loc.line).toBeLessThanOrEqual(lines + 1);
    expect(e.message.da.length).toBeGreaterThan(0);
    expect(e.message.en.length).toBeGreaterThan(0);
    expect(Array.isArray(e.path), 'every error has a path').toBe(true);
  }
}

describe('fuzzing the rules language', () => {
  it('random strings never throw and give positioned errors', () => {
    fc.assert(fc.property(randomText, (s) => checkCompiles(s)), { numRuns: 300 });
  });

  it('random keyword soup never throws', () => {
    fc.assert(fc.property(keywordSoup, (s) => checkCompiles(s)), { numRuns: 300 });
  });

  it.each(RULES_FILES.map((f, i) => [i, f] as const))('mutated programme file %i never throws', (_i, source) => {
    fc.assert(fc.property(mutation(source), (mutated) => checkCompiles(mutated)), { numRuns: 150 });
  });
});
