/**
 * Danish public holidays and municipal closing days, resolved at compile time into plain dates so
 * the planner needs no locale data. Pure arithmetic on UTC dates: no clock, no time zone.
 */

/** Days a municipality may close on top of the public holidays; the rules file chooses. */
export const optionalClosingDays = ['grundlovsdag', 'juleaftensdag', 'nytaarsaftensdag'] as const;
export type OptionalClosingDay = (typeof optionalClosingDays)[number];

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function plusDays(date: { year: number; month: number; day: number }, days: number): string {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): { year: number; month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** The public holidays of one year, by Danish name. */
export function publicHolidays(year: number): Record<string, string> {
  const easter = easterSunday(year);
  const days: Record<string, string> = {
    nytaarsdag: iso(year, 1, 1),
    skaertorsdag: plusDays(easter, -3),
    langfredag: plusDays(easter, -2),
    paaskedag: plusDays(easter, 0),
    anden_paaskedag: plusDays(easter, 1),
    kristi_himmelfartsdag: plusDays(easter, 39),
    pinsedag: plusDays(easter, 49),
    anden_pinsedag: plusDays(easter, 50),
    juledag: iso(year, 12, 25),
    anden_juledag: iso(year, 12, 26),
  };
  // Store bededag (4th Friday after Easter) was abolished as a public holiday from 2024.
  if (year < 2024) days.store_bededag = plusDays(easter, 26);
  return days;
}

export function optionalClosingDates(year: number): Record<OptionalClosingDay, string> {
  return { grundlovsdag: iso(year, 6, 5), juleaftensdag: iso(year, 12, 24), nytaarsaftensdag: iso(year, 12, 31) };
}

/** Every closed date in [fromYear, toYear], sorted, without duplicates. */
export function closedDates(fromYear: number, toYear: number, closingDays: readonly OptionalClosingDay[]): string[] {
  const out = new Set<string>();
  for (let year = fromYear; year <= toYear; year++) {
    for (const date of Object.values(publicHolidays(year))) out.add(date);
    const optional = optionalClosingDates(year);
    for (const name of closingDays) out.add(optional[name]);
  }
  return [...out].sort();
}

/**
 * The dates (from `fromDate` on) every programme's compiled calendar closes: the municipality is
 * closed then for all of them (the morning digest skips these days).
 */
export function commonClosedDates(calendars: readonly { closedDates: readonly string[] }[], fromDate = ''): string[] {
  if (calendars.length === 0) return [];
  const [first, ...rest] = calendars.map((c) => new Set(c.closedDates));
  return [...first!].filter((d) => d >= fromDate && rest.every((c) => c.has(d))).sort();
}
