/**
 * The limits of the rules language, in one place: a rules file within them compiles quickly and
 * plans real calendar dates for every case whose own dates are real (2000–2099). docs/dsl.md
 * lists them for administrators.
 */
import type { DurationUnit } from './ast.js';

/** The longest rules file (characters). Spædbarnsindsatsen is about 15,000. */
export const MAX_SOURCE_CHARS = 256 * 1024;

/** How deep `not` and parentheses may nest in one condition. */
export const MAX_CONDITION_DEPTH = 20;

/** The longest stretch of time any number in a rule may stand for: 20 years, a whole childhood. */
export const MAX_YEARS = 20;

/** Each number of a duration, by unit, at most MAX_YEARS. */
export const maxPerUnit: Record<DurationUnit, number> = {
  months: MAX_YEARS * 12,
  weeks: MAX_YEARS * 52,
  days: MAX_YEARS * 365,
  hours: MAX_YEARS * 365 * 24,
};

/** Child ages, months of life and months into the intervention: 0 (or 1) to MAX_YEARS × 12. */
export const MAX_MONTHS = MAX_YEARS * 12;

/** Pregnancy weeks that exist: 1 to 45 (term is week 40). */
export const PREGNANCY_WEEKS = { min: 1, max: 45 } as const;

/** Phases are numbered 1–99. */
export const MAX_PHASE = 99;

/** A meeting lasts at most a day (minutes). */
export const MAX_MEETING_MINUTES = 24 * 60;

/** A visit norm asks at most every hour of the week. */
export const MAX_HOURS_PER_WEEK = 7 * 24;
