/**
 * The working-day calendar of a programme: weekends plus `calendar.closedDates` (public holidays
 * and municipal closing days resolved at compile time). Built once per programme object and cached,
 * because the planner may run for many cases against the same compiled programme.
 */
import type { Programme } from '../compile/model.js';
import { isoWeekday, toDay } from './dates.js';

export interface WorkingCalendar {
  isWorkingDay(day: number): boolean;
  /** The day itself when it is a working day, else the next working day. */
  nextWorkingDay(day: number): number;
  /** The day itself when it is a working day, else the previous working day. */
  previousWorkingDay(day: number): number;
}

const cache = new WeakMap<Programme['calendar'], WorkingCalendar>();

// A calendar where every weekday is closed would never yield a working day: stop searching after a
// year and keep the date rather than loop forever.
const MAX_SEARCH = 366;

export function calendarOf(programme: Programme): WorkingCalendar {
  const key = programme.calendar;
  let cal = cache.get(key);
  if (!cal) {
    cal = buildCalendar(key);
    cache.set(key, cal);
  }
  return cal;
}

function buildCalendar(calendar: Programme['calendar']): WorkingCalendar {
  const closed = new Set<number>(calendar.closedDates.map(toDay));
  const weekend = new Set<number>(calendar.weekend ?? [6, 7]);
  const isWorkingDay = (day: number): boolean => !weekend.has(isoWeekday(day)) && !closed.has(day);
  const search = (day: number, step: 1 | -1): number => {
    if (!Number.isFinite(day)) return day;
    for (let i = 0, d = day; i < MAX_SEARCH; i++, d += step) {
      if (isWorkingDay(d)) return d;
    }
    return day;
  };
  return {
    isWorkingDay,
    nextWorkingDay: (day) => search(day, 1),
    previousWorkingDay: (day) => search(day, -1),
  };
}
