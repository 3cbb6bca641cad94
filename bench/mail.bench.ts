/**
 * A burst of 1,000 reminders due at the same moment, sent by the real activity implementation
 * with 20 in flight over a pooled SMTP transport to a local smtp-server. Reports, as medians of
 * 3 runs, the time until the server has accepted all of them (goal ≤ 60 s) and the duplicates it
 * saw (goal 0). Run: npx tsx bench/mail.bench.ts
 */
import { activitiesFor, notification, TestSmtpServer } from '../tests/mail-support.js';

const BURST = 1000;
const CONCURRENCY = 20;
const RUNS = 3;

async function runOnce(): Promise<{ seconds: number; duplicates: number; accepted: number }> {
  const server = await new TestSmtpServer().start();
  const { activities, deps } = await activitiesFor(server);
  const roles = ['socialraadgiver', 'sundhedsplejerske'] as const;
  const requests = Array.from({ length: BURST }, (_, i) =>
    notification({ caseId: `K-2026-${String(i).padStart(4, '0')}`, idempotencyKey: `K-2026-${String(i).padStart(4, '0')}:teamsamtale:1:reminder:0`, toRoles: [roles[i % 2]!] }),
  );
  const started = performance.now();
  await inParallel(requests, CONCURRENCY, (r) => activities.sendNotification(r));
  const seconds = (performance.now() - started) / 1000;
  await deps.close();
  await server.stop();
  const ids = server.received.map((r) => r.parsed.messageId);
  return { seconds, duplicates: ids.length - new Set(ids).size, accepted: server.received.length };
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const results = [];
for (let i = 0; i < RUNS; i++) {
  const r = await runOnce();
  results.push(r);
  console.log(`run ${i + 1}: ${r.accepted} accepted in ${r.seconds.toFixed(2)} s, ${r.duplicates} duplicates`);
}
console.log(`median of ${RUNS}: ${median(results.map((r) => r.seconds)).toFixed(2)} s for ${BURST} reminders (goal ≤ 60 s), ${median(results.map((r) => r.duplicates))} duplicates (goal 0), concurrency ${CONCURRENCY}, pooled transport`);
