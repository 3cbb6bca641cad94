/**
 * What one `vugge` call costs before it does anything: `vugge rules check` of the Spædbarn rules,
 * precompiled (dist/cli, what `npm ci` builds) and from the TypeScript sources through tsx, side by
 * side with `node -e 0`. Medians of --runs calls each, run in turn so machine load hits all alike;
 * CPU time is the child's user+system time (Linux: /proc/self/stat), wall time is elapsed.
 * Goal: the precompiled call at most 5× `node -e 0`.
 *
 *   npx tsx bench/cli-start.bench.ts [--runs 15]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildCli } from '../scripts/build-cli.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const bin = new URL('../client/bin.mjs', import.meta.url).pathname;
const rules = new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url).pathname;

/** CPU seconds used so far by this process's finished children (utime + stime fields of /proc/self/stat). */
function childrenCpu(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

const variants = {
  'node -e 0': { args: ['-e', '0'], env: {} },
  'vugge rules check (precompiled)': { args: [bin, 'rules', 'check', rules], env: {} },
  'vugge rules check (from source, tsx)': { args: [bin, 'rules', 'check', rules], env: { VUGGE_CLI_FROM_SOURCE: '1' } },
};
type Name = keyof typeof variants;

await buildCli({ quiet: true });
const wall: Record<Name, number[]> = { 'node -e 0': [], 'vugge rules check (precompiled)': [], 'vugge rules check (from source, tsx)': [] };
const cpu: Record<Name, number[]> = { 'node -e 0': [], 'vugge rules check (precompiled)': [], 'vugge rules check (from source, tsx)': [] };
for (let i = 0; i < runs; i++) {
  for (const [name, v] of Object.entries(variants) as [Name, (typeof variants)[Name]][]) {
    const cpu0 = childrenCpu();
    const t0 = performance.now();
    const result = spawnSync(process.execPath, v.args, { env: { ...process.env, ...v.env }, encoding: 'utf8' });
    wall[name].push(performance.now() - t0);
    const cpu1 = childrenCpu();
    if (cpu0 !== undefined && cpu1 !== undefined) cpu[name].push((cpu1 - cpu0) * 1000);
    if (result.status !== 0 || result.stderr) throw new Error(`${name} failed (${result.status}): ${result.stderr}`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const base = { wall: median(wall['node -e 0']), cpu: median(cpu['node -e 0']) };
console.log(`Start cost of one CLI call, medians of ${runs} runs (Node ${process.version}):\n`);
console.log('| call | wall | × node -e 0 | CPU | × node -e 0 |\n| --- | --- | --- | --- | --- |');
for (const name of Object.keys(variants) as Name[]) {
  const w = median(wall[name]);
  const c = median(cpu[name]);
  console.log(`| ${name} | ${w.toFixed(0)} ms | ${(w / base.wall).toFixed(1)} | ${Number.isNaN(c) ? '—' : `${c.toFixed(0)} ms`} | ${Number.isNaN(c) ? '—' : (c / base.cpu).toFixed(1)} |`);
}
