/**
 * The values every layer shares — case id, staff id, local date, local time, instant, hours — as
 * zod schemas for the CLI, facts files, the compiled rules model and the mail request schema. Each
 * is made from the one definition in `contract-core.ts`, which the case workflow checks against
 * without zod, so a person gets the same sentence wherever a value enters.
 *
 * A rejection is data first: every issue raised here carries `params: { code, da, en }`, and
 * `describeIssue` renders it with the field's name — Danish first, English after.
 */
import * as core from './contract-core.js';
import { toZod } from './schema-zod.js';

export {
  EARLIEST_DATE,
  LATEST_DATE,
  checkLocalDate,
  describeIssue,
  firstProblem,
  formatLocalDate,
  formatNumberDa,
  inLanguage,
  looksLikeCpr,
  messageOf,
  sentence,
  type IssueLike,
  type Lang,
  type Message,
} from './contract-core.js';

/** A case id is the workflow id: 3–40 letters, digits and dashes, e.g. K-2026-0042; never a CPR number. */
export const CaseId = toZod(core.CaseId);
export type CaseId = core.CaseId;

/** A staff id as the directory holds it: lower-case letters, digits, '.', '_' and '-', e.g. sr-mette. */
export const StaffId = toZod(core.StaffId);
export type StaffId = core.StaffId;

/** Unit and municipality codes (e.g. 'nord', '0751'), not names of people. */
export const Code = toZod(core.Code);

/** A local calendar date 'YYYY-MM-DD' that exists, between 2000 and 2099. */
export const LocalDate = toZod(core.LocalDate);
export type LocalDate = core.LocalDate;

/** A local wall-clock time 'HH:mm', 00:00–23:59. */
export const LocalTime = toZod(core.LocalTime);
export type LocalTime = core.LocalTime;

/** An instant with its offset, e.g. 2026-03-12T08:00:00.000Z. */
export const Instant = toZod(core.Instant);
export type Instant = core.Instant;

/** Hours of work on one day: more than 0, at most 24, in quarter hours. */
export const Hours = toZod(core.Hours);

/** The n-th occurrence of a recurring step: 1, 2, 3 … (a case never has more than a few hundred). */
export const Occurrence = toZod(core.Occurrence);

/** A page of a long list as an address gives it: '1', '2', … (whole numbers from 1). */
export const PageNumber = toZod(core.PageNumber);
