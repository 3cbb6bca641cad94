/**
 * Local wall time ↔ UTC for the programme's IANA zone. Asking Intl for an offset costs ~10 µs, too
 * slow for hundreds of reminder instants per plan, so each (zone, year) is probed once: its offset
 * on 1 January and the daylight-saving transitions, found to the millisecond by bisection. Zones with more than
 * two changes a year would be approximated; Europe/Copenhagen has exactly two.
 */
import { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const FALLBACK_ZONE = 'Europe/Copenhagen';

interface YearOffsets {
  /** UTC instants at which the offset changes, and the offset (minutes) from then on. */
  changes: { at: number; offset: number }[];
  initial: number;
}

const zones = new Map<string, { zone: IANAZone; years: Map<number, YearOffsets> }>();

function zoneEntry(name: string) {
  let entry = zones.get(name);
  if (!entry) {
    const zone = IANAZone.isValidZone(name) ? IANAZone.create(name) : IANAZone.create(FALLBACK_ZONE);
    entry = { zone, years: new Map() };
    zones.set(name, entry);
  }
  return entry;
}

function probeYear(zone: IANAZone, year: number): YearOffsets {
  const start = Date.UTC(year, 0, 1);
  const mid = Date.UTC(year, 6, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const initial = zone.offset(start);
  const changes: { at: number; offset: number }[] = [];
  const bisect = (lo: number, hi: number): void => {
    const before = zone.offset(lo);
    const after = zone.offset(hi);
    if (before === after) return;
    while (hi - lo > 1) {
      const m = Math.floor((lo + hi) / 2);
      if (zone.offset(m) === before) lo = m;
      else hi = m;
    }
    changes.push({ at: hi, offset: after });
  };
  bisect(start, mid);
  bisect(mid, end - 1);
  return { initial, changes };
}

/** Offset east of UTC in minutes at a UTC instant. */
function offsetAt(name: string, utcMs: number): number {
  const entry = zoneEntry(name);
  const year = new Date(utcMs).getUTCFullYear();
  let info = entry.years.get(year);
  if (!info) {
    info = probeYear(entry.zone, year);
    entry.years.set(year, info);
  }
  let offset = info.initial;
  for (const change of info.changes) {
    if (utcMs >= change.at) offset = change.offset;
  }
  return Number.isFinite(offset) ? offset : 0;
}

// Plans repeat the same few reminder instants (same days, same time of day) for every case, and
// formatting an instant is the planner's most expensive step: remember them, within bounds.
const instantCache = new Map<string, Map<number, string>>();
const MAX_CACHED_INSTANTS = 200_000;

/** UTC ISO instant of a local date and 'HH:mm' time, optionally minus some minutes. */
export function localToUtcIso(day: number, time: string, zone: string, minusMinutes = 0): string {
  const hh = Number(time.slice(0, 2));
  const mm = Number(time.slice(3, 5));
  const localMinutes = day * 1440 + hh * 60 + mm - minusMinutes;
  let cache = instantCache.get(zone);
  if (!cache) {
    cache = new Map();
    instantCache.set(zone, cache);
  }
  const hit = cache.get(localMinutes);
  if (hit !== undefined) return hit;
  if (cache.size >= MAX_CACHED_INSTANTS) cache.clear();
  const iso = computeUtcIso(localMinutes * 60_000, zone);
  cache.set(localMinutes, iso);
  return iso;
}

function computeUtcIso(local: number, zone: string): string {
  const o1 = offsetAt(zone, local);
  let utc = local - o1 * 60_000;
  const o2 = offsetAt(zone, utc);
  if (o2 !== o1) {
    // Near a transition: a wall time in the spring gap resolves forward, like Luxon does.
    const alt = local - o2 * 60_000;
    utc = offsetAt(zone, alt) === o2 ? alt : local - Math.min(o1, o2) * 60_000;
  }
  const date = new Date(utc);
  return Number.isFinite(date.getTime()) ? date.toISOString().replace('.000Z', 'Z') : 'invalid';
}

/** The local calendar day (day number) of a UTC instant in the zone. */
export function localDayOf(utcMs: number, zone: string): number {
  return Math.floor((utcMs + offsetAt(zone, utcMs) * 60_000) / DAY_MS);
}
