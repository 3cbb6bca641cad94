/**
 * How long the rules pipeline takes on the fuzz test's inputs (tests/dsl-mutations.ts): random
 * text, keyword soup and mistaken edits of the programme files. Prints median, p95 and the slowest
 * input per family. Goal: every input well under 2 s — a hang or a blow-up in error recovery shows
 * here as an outlier.
 *
 *   npx tsx bench/dsl-fuzz.bench.ts [--runs N]
 */
import fc from 'fast-check';
import { compile } from '../dsl/compile/compile.js';
import { keywordSoup, mutation, randomText, RULES_FILES } from '../tests/dsl-mutations.js';

const PER_INPUT_GOAL_MS = 2000;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 300;

const families: [string, fc.Arbitrary<string>][] = [
  ['random text', randomText],
  ['keyword soup', keywordSoup],
  ...RULES_FILES.map((source, i): [string, fc.Arbitrary<string>] => [`mutated file ${i}`, mutation(source)]),
];

let missed = false;
for (const [name, arbitrary] of families) {
  const times = fc.sample(arbitrary, runs).map((input) => {
    const started = performance.now();
    compile(input);
    return performance.now() - started;
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const slowest = times.at(-1)!;
  if (slowest >= PER_INPUT_GOAL_MS) missed = true;
  console.log(`${name.padEnd(16)} median ${at(0.5)} ms  p95 ${at(0.95)} ms  slowest ${slowest.toFixed(1)} ms  (goal < ${PER_INPUT_GOAL_MS} ms)`);
}
process.exitCode = missed ? 1 : 0;
