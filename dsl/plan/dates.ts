/**
 * Local calendar dates as day numbers (days since 1970-01-01). The planner works in local dates
 * only, so daylight-saving changes can never move a date; only reminder instants become UTC.
 * Plain integer arithmetic here keeps the hot path free of Luxon objects.
 */
import type { Duration } from '../compile/model.js';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → day number. Out-of-range parts roll over the way Date.UTC does. */
export function toDay(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Every plan formats the same few thousand days; remembering them spares most of the allocation.
const isoCache = new Map<number, string>();

/** Day number → 'YYYY-MM-DD'. */
export function toIso(day: number): string {
  let iso = isoCache.get(day);
  if (iso === undefined) {
    if (isoCache.size >= 100_000) isoCache.clear();
    iso = formatDay(day);
    isoCache.set(day, iso);
  }
  return iso;
}

function formatDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the week that contains `day`. */
export function mondayOf(day: number): number {
  return day - isoWeekday(day) + 1;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** Calendar months, clamped to the month's last day like Luxon's plus({ months }): 31 Jan + 1 month = 28/29 Feb. */
export function addMonths(day: number, months: number): number {
  if (months === 0) return day;
  const date = new Date(day * DAY_MS);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const dom = Math.min(date.getUTCDate(), daysInMonth(year, month0));
  return Math.floor(Date.UTC(year, month0, dom) / DAY_MS);
}

/**
 * Adds a calendar amount the way Luxon does: months first (clamped), then weeks and days. Hours
 * count only in whole days here (24 hours = 1 day); instants handle the rest.
 */
export function addDuration(day: number, d: Duration, sign: 1 | -1 = 1, times = 1): number {
  const months = sign * times * d.months;
  const days = sign * times * (d.weeks * 7 + d.days + Math.trunc(d.hours / 24));
  return addMonths(day, months) + days;
}

/** Whether a duration advances time at all; a zero step would make a cadence loop forever. */
export function isPositive(d: Duration): boolean {
  return d.months > 0 || d.weeks * 7 + d.days + Math.trunc(d.hours / 24) > 0;
}

/** The length of a duration in whole days from `from` (months vary). */
export function durationDays(from: number, d: Duration): number {
  return addDuration(from, d) - from;
}
