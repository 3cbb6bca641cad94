/**
 * Inputs for fuzzing the rules language, shared by the fuzz test (correctness) and
 * bench/dsl-fuzz.bench.ts (time per input): random text, keyword soup and mistaken edits of the
 * real programme files.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';

export const RULES_FILES = ['spaedbarnsindsatsen.rules', 'minding-the-baby.rules', 'familieanbringelse.rules'].map((f) =>
  readFileSync(new URL(`../rules/${f}`, import.meta.url), 'utf8'),
);

const words = (s: string) => s.split(/(\s+)/);

/** Edits an administrator could make by mistake: delete, duplicate or swap words, or characters. */
export function mutation(source: string): fc.Arbitrary<string> {
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
}

const VOCAB = ['task', 'meeting', 'a', '"A"', 'in phase', '1', 'owner', 'due', 'from', 'to', 'week', 'pregnancy week', 'after', 'before',
  'repeat', 'every', '4', 'weeks', 'until', 'closing', ',', 'then', 'only if', 'not', 'premature', '(', ')', 'and', 'or', 'escalate',
  'remind', 'on the day of', 'birth', "child's", '6.', 'month of life', 'visit norm', ':', 'hours', 'per week', 'programme', 'version'];

/** Words of the language in random order, after a valid header. */
export const keywordSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...VOCAB), { maxLength: 80 })
  .map((ws) => `programme p "P"\nversion "1"\n${ws.join(' ')}`);

/** Any text at all. */
export const randomText: fc.Arbitrary<string> = fc.string({ maxLength: 400 });
