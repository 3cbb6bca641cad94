/**
 * Home-visit intensity: for each complete week (Monday–Sunday) from birth up to today, the minimum
 * hours of the child's age band against the logged visit hours. The band is the one of the child's
 * age on the week's Monday. Weeks that touch a pause, and weeks not wholly before closing, are not
 * judged: the family could not be visited as usual.
 */
import type { VisitNorm } from '../compile/model.js';
import type { VisitShortfall } from './types.js';
import { addMonths, mondayOf, toIso } from './dates.js';
import type { FactIndex } from './facts-index.js';

// Ten years of weeks: far beyond any programme, a guard against a nonsensical `today`.
const MAX_WEEKS = 520;

export function visitShortfalls(norms: readonly VisitNorm[], facts: FactIndex, birth: number | undefined, today: number, closing?: number): VisitShortfall[] {
  if (birth === undefined || norms.length === 0) return [];
  const hoursByWeek = new Map<number, number>();
  for (const v of facts.visits) {
    const week = mondayOf(v.day);
    hoursByWeek.set(week, (hoursByWeek.get(week) ?? 0) + v.hours);
  }
  const shortfalls: VisitShortfall[] = [];
  let ageMonths = 0;
  let nextBirthday = addMonths(birth, 1);
  const first = mondayOf(birth) === birth ? birth : mondayOf(birth) + 7;
  for (let week = first, n = 0; week + 6 < today && n < MAX_WEEKS; week += 7, n++) {
    if (closing !== undefined && week + 6 >= closing) break;
    while (nextBirthday <= week) {
      ageMonths++;
      nextBirthday = addMonths(birth, ageMonths + 1);
    }
    const band = norms.find((b) => b.fromMonths <= ageMonths && (b.toMonths === undefined || ageMonths < b.toMonths));
    if (band && band.individual && band.toMonths === undefined) break;
    const required = band && !band.individual ? band.minHoursPerWeek : undefined;
    if (required === undefined || required <= 0) continue;
    if (touchesPause(week, facts, today)) continue;
    const logged = hoursByWeek.get(week) ?? 0;
    if (logged < required) shortfalls.push({ weekStart: toIso(week), weekEnd: toIso(week + 6), requiredHours: required, loggedHours: logged });
  }
  return shortfalls;
}

function touchesPause(week: number, facts: FactIndex, today: number): boolean {
  return facts.pauses.some((p) => p.from <= week + 6 && (p.until ?? today + 1) > week);
}
