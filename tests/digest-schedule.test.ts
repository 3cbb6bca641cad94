/**
 * The morning digest's Temporal Schedule on the dev server: created once at the first worker
 * start, brought up to date (not duplicated) at the next, 07:00 Copenhagen time on weekdays.
 */
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../scripts/dev-server.js';
import { DIGEST_SCHEDULE_ID, digestTime, ensureDigestSchedule } from '../worker/digest-schedule.js';
import { startTestDevServer } from './helpers/temporal.js';

let server: DevServer;
let connection: Connection;
let client: Client;
beforeAll(async () => {
  server = await startTestDevServer();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await server?.stop();
});

/** Schedule listing is eventually consistent: wait until it shows `id`, then count the digest schedules. */
async function digestSchedules(id: string): Promise<string[]> {
  const until = Date.now() + 15_000;
  for (;;) {
    const ids: string[] = [];
    for await (const s of client.schedule.list()) if (s.action?.type === 'startWorkflow' && s.action.workflowType === 'digestWorkflow') ids.push(s.scheduleId);
    if (ids.includes(id) || Date.now() > until) return ids;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('digest schedule', () => {
  it('is created once, updated at the next start, and runs weekdays at 07:00 Europe/Copenhagen', async () => {
    await expect(client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await ensureDigestSchedule(client, { taskQueue: 'vugge-cases' })).toBe('created');
    expect(await ensureDigestSchedule(client, { taskQueue: 'vugge-cases' })).toBe('updated');
    expect(await digestSchedules(DIGEST_SCHEDULE_ID)).toEqual([DIGEST_SCHEDULE_ID]);

    const described = await client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
    expect(described.spec.timezone).toBe('Europe/Copenhagen');
    expect(described.spec.calendars).toMatchObject([
      { hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] },
    ]);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'digestWorkflow', taskQueue: 'vugge-cases' });
    // The server agrees: every next run is a weekday at 07:00 Copenhagen time.
    const next = described.info.nextActionTimes.map((d) => DateTime.fromJSDate(d, { zone: 'Europe/Copenhagen' }));
    expect(next.length).toBeGreaterThan(0);
    for (const t of next) expect([t.toFormat('HH:mm'), t.weekday <= 5]).toEqual(['07:00', true]);
  });

  it('takes a new VUGGE_DIGEST_TIME at the next start and keeps an operator pause', async () => {
    const scheduleId = 'vugge-morgenoversigt-tid';
    const [a, b] = await Promise.all([ensureDigestSchedule(client, { taskQueue: 'vugge-cases', scheduleId }), ensureDigestSchedule(client, { taskQueue: 'vugge-cases', scheduleId })]);
    expect([a, b].sort()).toEqual(['created', 'updated']);
    const handle = client.schedule.getHandle(scheduleId);
    // A pause reaches the schedule as a signal: wait until the schedule itself reports it, as an
    // operator's pause long before the next worker start would be. A describe the loaded dev server
    // does not answer in time is asked again; a pause not seen within 10 s is given again (pausing a
    // paused schedule changes nothing), so a loaded server is waited for, never forever.
    const until = Date.now() + 90_000;
    let pausedAt = 0;
    while (!(await handle.describe().then((d) => d.state.paused, () => false))) {
      if (Date.now() > until) throw new Error('the schedule never reported the pause');
      if (Date.now() - pausedAt > 10_000) {
        await handle.pause('vedligehold').catch(() => undefined);
        pausedAt = Date.now();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await ensureDigestSchedule(client, { taskQueue: 'vugge-cases', scheduleId, time: digestTime({ VUGGE_DIGEST_TIME: '06:30' }) })).toBe('updated');
    const described = await handle.describe();
    expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(described.state.paused).toBe(true);
  });

  it('explains a malformed VUGGE_DIGEST_TIME in one sentence', () => {
    expect(digestTime({})).toEqual({ hour: 7, minute: 0 });
    expect(() => digestTime({ VUGGE_DIGEST_TIME: '7' })).toThrow("VUGGE_DIGEST_TIME ('7'): skriv et klokkeslæt som 07:00 / write a time of day such as 07:00.");
    expect(() => digestTime({ VUGGE_DIGEST_TIME: '24:00' })).toThrow(/^VUGGE_DIGEST_TIME \('24:00'\)/);
  });
});
