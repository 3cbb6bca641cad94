import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';

const files = ['spaedbarnsindsatsen.rules', 'minding-the-baby.rules', 'familieanbringelse.rules'].map((f) =>
  readFileSync(new URL(`../rules/${f}`, import.meta.url), 'utf8'),
);

/** A single input must finish well within this; a hang would show up as a failure, not a slow suite. */
const perInputMs = 2000;

function checkCompiles(source: string): void {
  const started = performance.now();
  const result = compile(source);
  expect(performance.now() - started, 'time for one input (ms)').toBeLessThan(perInputMs);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  const lines = source.split('\n').length;
  for (const e of result.errors) {
    expect(e.loc.line).toBeGreaterThanOrEqual(1);
    expect(e.loc.column).toBeGreaterThanOrEqual(1);
    expect(e.loc.line).toBeLessThanOrEqual(lines + 1);
    expect(e.message.da.length).toBeGreaterThan(0);
    expect(e.message.en.length).toBeGreaterThan(0);
  }
}

const words = (s: string) => s.split(/(\s+)/);

/** Edits an administrator could make by mistake: delete, duplicate or swap words, or characters. */
const mutation = (source: string) => {
  const tokens = words(source);
  const idx = fc.nat({ max: tokens.length - 1 });
  const chars = fc.nat({ max: source.length - 1 });
  return fc.oneof(
    fc.tuple(idx).map(([i]) => tokens.filter((_, k) => k !== i).join('')),
    fc.tuple(idx).map(([i]) => tokens.flatMap((t, k) => (k === i ? [t, ' ', t] : [t])).join('')),
    fc.tuple(idx, idx).map(([i, j]) => {
      const copy = [...tokens];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return copy.join('');
    }),
    fc.tuple(chars).map(([i]) => source.slice(0, i) + source.slice(i + 1)),
    fc.tuple(chars, fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => source.slice(0, i) + s + source.slice(i)),
    fc.tuple(chars, chars).map(([i, j]) => source.slice(0, Math.min(i, j)) + source.slice(Math.max(i, j))),
  );
};

describe('fuzzing the rules language', () => {
  it('random strings never throw and give positioned errors', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => checkCompiles(s)), { numRuns: 300 });
  });

  it('random keyword soup never throws', () => {
    const vocab = ['task', 'meeting', 'a', '"A"', 'in phase', '1', 'owner', 'due', 'from', 'to', 'week', 'pregnancy week', 'after', 'before',
      'repeat', 'every', '4', 'weeks', 'until', 'closing', ',', 'then', 'only if', 'not', 'premature', '(', ')', 'and', 'or', 'escalate',
      'remind', 'on the day of', 'birth', "child's", '6.', 'month of life', 'visit norm', ':', 'hours', 'per week', 'programme', 'version'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...vocab), { maxLength: 80 }), (ws) => checkCompiles(`programme p "P"\nversion "1"\n${ws.join(' ')}`)),
      { numRuns: 300 },
    );
  });

  it.each(files.map((f, i) => [i, f] as const))('mutated programme file %i never throws', (_i, source) => {
    fc.assert(fc.property(mutation(source), (mutated) => checkCompiles(mutated)), { numRuns: 150 });
  });
});
