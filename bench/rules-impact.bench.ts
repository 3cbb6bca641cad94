/**
 * The rules studio's impact analysis over 10,000 synthetic running cases of Spædbarnsindsatsen:
 * each case's facts planned under the current rules and under a draft (the case meeting one week
 * later), compared step by step — what the preview page's "this change moves N steps in M cases"
 * costs on the server. Cases are notified 0–18 months back with their first steps done, so the
 * planner sees short and long histories. Goal: the page shows progress after 1 s, so any time
 * works; under a minute for 10,000 cases keeps an administrator waiting no longer than a coffee.
 *
 *   npx tsx bench/rules-impact.bench.ts [--cases 10000] [--runs 3]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import type { CaseFacts } from '../dsl/facts.js';
import { impactOf, type CaseOnRules } from '../client/service/rules-impact.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const NOW = '2026-06-15T10:00:00.000Z';

function programme(source: string): Programme {
  const result = compile(source);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message.en).join('\n'));
  return result.programme;
}

const source = readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8');
const current = programme(source);
const draft = programme(source.replace('due at the latest 1 week after notification', 'due at the latest 2 weeks after notification'));

function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Notified `age` days before today; the first steps done on the way, the way a case fills up. */
function syntheticFacts(n: number): CaseFacts {
  const age = (n * 7919) % 540;
  const notified = addDays(NOW.slice(0, 10), -age);
  const facts: CaseFacts['facts'] = [{ kind: 'event', event: 'notification', date: notified, by: 'tl-karen' }];
  const done = (step: string, after: number) => {
    if (age > after) facts.push({ kind: 'done', step, date: addDays(notified, after), by: 'sr-mette' });
  };
  done('underretning_vurdering', 0);
  if (n % 3) done('sagsmoede', 5);
  done('screening', 10);
  if (age > 20 && n % 2) facts.push({ kind: 'event', event: 'intake', date: addDays(notified, 20), by: 'sr-mette' });
  return { caseId: `B-${n}`, dueDate: addDays(notified, 150), facts } as CaseFacts;
}

const cases: CaseOnRules[] = Array.from({ length: CASES }, (_, n) => ({ caseId: `B-${n}`, facts: syntheticFacts(n), programme: current }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const times: number[] = [];
let last;
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  last = await impactOf(draft, cases, NOW);
  times.push(performance.now() - start);
}
console.log(`impact of a draft over ${CASES} cases: median ${(median(times) / 1000).toFixed(2)} s over ${RUNS} runs (${(median(times) / CASES).toFixed(2)} ms a case)`);
console.log(`  moves ${last!.movedSteps} steps in ${last!.changedCases} cases, ${last!.newlyOverdue} become overdue, ${last!.newSteps} new steps; ${last!.failed.length} failed`);
