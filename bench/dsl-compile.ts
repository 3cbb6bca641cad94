/**
 * How long the rules pipeline takes on the real programme files (median of 200 runs each):
 * the browser editor re-parses on every keystroke, so parse should stay well under ~20 ms.
 * Run: npx tsx bench/dsl-compile.ts
 */
import { readFileSync } from 'node:fs';
import { compile } from '../dsl/compile/compile.js';
import { parse } from '../dsl/language/parse.js';

function medianMs(run: () => void, times = 200): number {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(times / 2)]!;
}

for (const file of ['spaedbarnsindsatsen.rules', 'minding-the-baby.rules', 'familieanbringelse.rules']) {
  const source = readFileSync(new URL(`../rules/${file}`, import.meta.url), 'utf8');
  compile(source); // warm-up
  console.log(`${file}: parse ${medianMs(() => parse(source)).toFixed(2)} ms, compile ${medianMs(() => compile(source)).toFixed(2)} ms (median of 200)`);
}
