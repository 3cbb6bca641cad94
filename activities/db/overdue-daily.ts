/**
 * The daily overdue snapshot that feeds the leaders' 12-week chart: the worker takes today's when
 * it starts and then each day just after midnight in Copenhagen. Taking a day again replaces it,
 * so several workers (or a restart) do no harm.
 */
import { DateTime } from 'luxon';
import type { Database } from './driver.js';
import { takeOverdueSnapshot } from './read-model.js';

export interface DailySnapshotOptions {
  /** Default 'Europe/Copenhagen'. */
  zone?: string;
  /** Minutes after midnight (default 5). */
  minutesAfterMidnight?: number;
  now?: () => number;
  /** How to wait (tests give their own); default setTimeout, unref'd. */
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
  onError?: (err: unknown) => void;
}

export interface DailySnapshots {
  /** Resolves when the snapshot taken at start is written (or has failed and been reported). */
  readonly first: Promise<void>;
  stop(): void;
}

const unrefTimer = (run: () => void, ms: number) => {
  const t = setTimeout(run, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

export function startDailyOverdueSnapshots(db: Database, options: DailySnapshotOptions = {}): DailySnapshots {
  const zone = options.zone ?? 'Europe/Copenhagen';
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? unrefTimer;
  const onError = options.onError ?? ((err) => console.error(`Dagens tal for forsinkede trin kunne ikke gemmes / today's overdue counts could not be stored: ${err instanceof Error ? err.message : String(err)}`));
  let timer: { cancel(): void } | undefined;
  let stopped = false;
  const take = () => takeOverdueSnapshot(db, DateTime.fromMillis(now(), { zone }).toISODate()!).catch(onError);
  const scheduleNext = () => {
    if (stopped) return;
    const next = DateTime.fromMillis(now(), { zone }).plus({ days: 1 }).startOf('day').plus({ minutes: options.minutesAfterMidnight ?? 5 });
    timer = setTimer(() => void take().then(scheduleNext), Math.max(1_000, next.toMillis() - now()));
  };
  const first = take().then(scheduleNext);
  return {
    first,
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}
