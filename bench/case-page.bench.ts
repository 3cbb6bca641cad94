/**
 * *Sagen* over HTTP: the case page as a signed-in caseworker gets it from the web app on a dev
 * server (the web test environment's three cases, a real sign-in through the local OpenID provider,
 * real HTTP with the session cookie). Prints p50 and p95 of the page in milliseconds.
 *
 *   npx tsx bench/case-page.bench.ts [--requests 200] [--warmup 20]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CookieJar, send, signIn } from '../tests/web/sign-in-flow.js';
import { startWebEnv } from '../tests/web/web-env.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' } } });
const requests = Number(values.requests);
const warmup = Number(values.warmup);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const env = await startWebEnv();
try {
  const jar = new CookieJar();
  await signIn(jar, env.web.url, 'sr-mette');
  const url = `${env.web.url}/sager/${env.cases.nord1}`;
  for (let i = 0; i < warmup; i++) {
    const res = await send(jar, url);
    if (res.status !== 200) throw new Error(`the case page answered ${res.status}`);
  }
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await send(jar, url);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`case page over HTTP, ${requests} requests: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
} finally {
  await env.stop();
}
