/**
 * Reminder and escalation instants. Dates stay local; only here does a date become a UTC instant,
 * at the programme's reminder time (or the meeting's planned time), so a reminder "one week before"
 * goes out at 08:00 local time on both sides of a daylight-saving change.
 */
import type { Duration, EscalationLevel, Reminder } from '../compile/model.js';
import type { EscalationMoment, ReminderMoment } from './types.js';
import { addDuration } from './dates.js';
import { localToUtcIso } from './zone.js';

export interface MomentClock {
  zone: string;
  reminderTime: string;
}

function withoutHours(d: Duration): Duration {
  return { months: d.months, weeks: d.weeks, days: d.days, hours: 0 };
}

function isZero(d: Duration): boolean {
  return d.months === 0 && d.weeks === 0 && d.days === 0 && d.hours === 0;
}

export function reminderMoments(
  reminders: readonly Reminder[],
  target: number,
  time: string | undefined,
  clock: MomentClock,
  to?: string[],
): ReminderMoment[] {
  return reminders.map((r) => {
    const day = addDuration(target, withoutHours(r.before), -1);
    // Hours count from the meeting's own time when it has one ("2 hours before the meeting").
    const at = localToUtcIso(day, r.before.hours !== 0 && time ? time : clock.reminderTime, clock.zone, r.before.hours * 60);
    return { at, to: to ?? [...r.to], kind: isZero(r.before) ? 'due_today' : 'reminder' };
  });
}

/** Each level counts from the deadline (latest date), as the model defines `after`. */
export function escalationMoments(levels: readonly EscalationLevel[], latest: number, clock: MomentClock): EscalationMoment[] {
  return levels.map((level, i) => ({
    at: localToUtcIso(addDuration(latest, withoutHours(level.after)), clock.reminderTime, clock.zone, -level.after.hours * 60),
    to: [...level.to],
    level: i + 1,
  }));
}

/** The largest reminder lead time, as the date from which an occurrence counts as due soon. */
export function dueSoonFrom(reminders: readonly Reminder[], target: number): number {
  let from = target;
  for (const r of reminders) from = Math.min(from, addDuration(target, r.before, -1));
  return from;
}
