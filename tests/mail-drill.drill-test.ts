/**
 * The exactly-once drill (bench/drill.ts) in small: two worker processes on one task queue sharing a
 * PostgreSQL, one killed with SIGKILL while the cases' mails go out. No mail is lost and none arrives
 * twice: the killed worker's unrecorded mails never got their final dot, and its recorded ones are not
 * sent again. Each trial lasts a little over two minutes: the killed worker's activities come back
 * only after their 2-minute start-to-close timeout.
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../bench/drill.js';
import { postgresMissing } from './helpers/postgres.js';

const missing = postgresMissing();

describe.skipIf(Boolean(missing))(`two workers, one killed mid-burst${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('loses no mail and sends none twice', { timeout: 15 * 60_000 }, async () => {
    const results = await runDrill({ trials: 2, cases: 3, smtpDelayMs: 150, log: () => undefined });
    for (const r of results) {
      expect(r.expected).toBeGreaterThan(0);
      expect(r.lost).toBe(0);
      expect(r.received + r.lost).toBe(r.expected);
      expect(r.duplicate).toBe(0);
    }
  });
});
