/**
 * How fast the rules pipeline is: compile the Spædbarn rules file, and plan one case that has run
 * for 24 months (every meeting held, visits logged weekly). Prints median and p95 after a warm-up.
 * Goals: compile ≤ 20 ms, plan ≤ 1 ms (median). Then the size limit: a 5 MB file is refused at
 * once, and a file just under the limit (the Spædbarn file repeated) compiles in bounded time.
 *
 *   npx tsx bench/dsl.bench.ts [--runs N]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../dsl/compile/compile.js';
import { MAX_SOURCE_CHARS } from '../dsl/language/limits.js';
import type { CaseFacts, Fact } from '../dsl/facts.js';
import type { Programme } from '../dsl/compile/model.js';
import { plan } from '../dsl/plan/index.js';

const RULES = fileURLToPath(new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url));

function isoPlus(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A case from notification in pregnancy to the child's second birthday, everything registered. */
export function twentyFourMonthCase(programme: Programme): { facts: CaseFacts; now: string } {
  const birth = '2026-03-17';
  const facts: Fact[] = [
    { kind: 'event', event: 'notification', date: '2025-10-06' },
    { kind: 'event', event: 'intake', date: '2025-10-14' },
    { kind: 'event', event: 'birth', date: birth },
    { kind: 'event', event: 'discharge', date: isoPlus(birth, 4) },
  ];
  for (const step of programme.steps) {
    if (!step.recurrence && step.when) facts.push({ kind: 'done', step: step.id, date: '2025-10-20' });
  }
  for (let week = 0; week < 104; week++) {
    facts.push({ kind: 'visit', date: isoPlus(birth, 7 * week + 1), hours: 3 });
    facts.push({ kind: 'visit', date: isoPlus(birth, 7 * week + 3), hours: 2 });
  }
  for (let n = 1; n <= 26; n++) {
    const date = isoPlus(birth, 28 * (n - 1) + 2);
    facts.push({ kind: 'planned', step: 'netvaerksmoede', occurrence: n, date, time: '10:00' });
    if (n <= 24) facts.push({ kind: 'done', step: 'netvaerksmoede', occurrence: n, date });
  }
  return { facts: { caseId: 'bench-1', dueDate: '2026-03-20', facts }, now: '2028-03-17T09:00:00Z' };
}

function stats(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95) };
}

function measure(runs: number, warmup: number, fn: () => void): { median: number; p95: number } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 500;
const source = readFileSync(RULES, 'utf8');
const compiled = compile(source);
if (!compiled.ok) {
  console.error(`${RULES} does not compile; run 'vugge rules check' on it first.`);
  process.exit(1);
}
const programme = compiled.programme;
const { facts, now } = twentyFourMonthCase(programme);
const occurrences = plan(programme, facts, now).occurrences.length;

const c = measure(Math.max(20, Math.floor(runs / 10)), 10, () => void compile(source));
const p = measure(runs, 100, () => void plan(programme, facts, now));
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
console.log(`compile spaedbarnsindsatsen.rules (${source.length} chars): median ${fmt(c.median)}, p95 ${fmt(c.p95)}  (goal ≤ 20 ms)`);
console.log(`plan 24-month case (${facts.facts.length} facts, ${occurrences} occurrences): median ${fmt(p.median)}, p95 ${fmt(p.p95)}  (goal ≤ 1 ms)`);

/** One compile of a large source: time and how much the heap grew. */
function large(label: string, text: string): void {
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const result = compile(text);
  const ms = performance.now() - t0;
  const mb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const outcome = result.ok ? 'compiled' : `${result.errors.length} errors, first ${result.errors[0]!.code}`;
  console.log(`${label} (${text.length} chars): ${fmt(ms)}, heap +${mb.toFixed(0)} MB, ${outcome}`);
}

const repeated = (chars: number) => source.repeat(Math.ceil(chars / source.length)).slice(0, chars);
large('5 MB file', repeated(5 * 1024 * 1024));
large('file at the size limit', repeated(MAX_SOURCE_CHARS));
