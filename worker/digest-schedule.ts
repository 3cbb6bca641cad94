/**
 * The Temporal Schedule that starts the morning digest (workflows/digest-workflow.ts) every
 * working day at 07:00 Copenhagen time. The worker calls `ensureDigestSchedule` at every start:
 * it creates the schedule once and afterwards brings it up to date, so a changed
 * VUGGE_DIGEST_TIME takes effect on the next start and two workers never make two schedules.
 *
 *   VUGGE_DIGEST_TIME   HH:MM local time of the digest (default 07:00)
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleUpdateOptions } from '@temporalio/client';
import { z } from 'zod';

export const DIGEST_SCHEDULE_ID = 'vugge-morgenoversigt';
const DEFAULT_TIME = '07:00';
const ZONE = 'Europe/Copenhagen';

const DigestTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export class DigestScheduleConfigError extends Error {
  override name = 'DigestScheduleConfigError';
}

/** '07:00' → { hour: 7, minute: 0 }; a bad VUGGE_DIGEST_TIME gets one sentence. */
export function digestTime(env: Record<string, string | undefined> = process.env): { hour: number; minute: number } {
  const raw = env.VUGGE_DIGEST_TIME || DEFAULT_TIME;
  if (!DigestTime.safeParse(raw).success) {
    throw new DigestScheduleConfigError(`VUGGE_DIGEST_TIME ('${raw}'): skriv et klokkeslæt som 07:00 / write a time of day such as 07:00.`);
  }
  const [hour, minute] = raw.split(':').map(Number) as [number, number];
  return { hour, minute };
}

export interface DigestScheduleOptions {
  /** The case workers' task queue: the same worker runs the digest workflow. */
  taskQueue: string;
  time?: { hour: number; minute: number };
  /** Default 'vugge-morgenoversigt'. */
  scheduleId?: string;
  /** Closing days from the programmes' compiled calendars: the digest skips them. */
  closedDates?: string[];
}

function scheduleBody(o: DigestScheduleOptions): ScheduleUpdateOptions {
  const { hour, minute } = o.time ?? digestTime();
  return {
    spec: {
      // Weekdays here; the compiled calendars' closing days (passed as input) are skipped by the workflow.
      calendars: [{ dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY' }], hour, minute, comment: 'Morgenoversigt hverdage / morning digest on working days' }],
      timezone: ZONE,
    },
    action: { type: 'startWorkflow', workflowType: 'digestWorkflow', taskQueue: o.taskQueue, args: o.closedDates ? [{ closedDates: o.closedDates }] : [], workflowRunTimeout: '12 hours' },
    // A server or worker that was down at 07:00 still sends the digest when back in the morning;
    // one run a morning at most.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '4 hours' },
    state: { paused: false },
  };
}

/** Creates the digest schedule, or updates it to these settings; returns which it did. */
export async function ensureDigestSchedule(client: Client, o: DigestScheduleOptions): Promise<'created' | 'updated'> {
  const scheduleId = o.scheduleId ?? DIGEST_SCHEDULE_ID;
  const body = scheduleBody(o);
  const update = async (): Promise<'updated'> => {
    // Keep an operator's pause: only the time, the action and the policies are Vugge's.
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...body, state: { ...body.state, paused: previous.state.paused, note: previous.state.note } }));
    return 'updated';
  };
  try {
    return await update();
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    await client.schedule.create({ scheduleId, ...body } as ScheduleOptions);
    return 'created';
  } catch (err) {
    // Another worker created it a moment ago.
    if (err instanceof ScheduleAlreadyRunning) return update();
    throw err;
  }
}
