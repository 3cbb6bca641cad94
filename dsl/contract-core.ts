/**
 * The values every layer shares — case id, staff id, local date, local time, instant, hours — as
 * one set of checks, written once without zod (`dsl/schema.ts`). `contract.ts` gives the CLI, facts
 * files, the rules model and the mail request schema their zod schemas from these; the case workflow
 * checks against these directly, so a person gets the same sentence wherever a value enters, and
 * the worker shares one copy among all its cached cases.
 *
 * A rejection is data first: every issue raised here carries `params: { code, da, en }`, and
 * `describeIssue` renders it with the field's name — Danish first, English after. The module is
 * pure and zone-explicit, so workflow code may use it.
 */
import { DateTime } from 'luxon';
import { s, type Issue, type Message } from './schema.js';

export type { Message };

/** Earliest and latest calendar dates Vugge accepts anywhere (a sanity range; cases add their own). */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

const MONTHS_DA = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Any run of ten digits, with or without the dash after six: a CPR number must never become an id. */
export function looksLikeCpr(value: string): boolean {
  return /\d{10}/.test(value) || /\d{6}-\d{4}/.test(value);
}

function idChecks(kind: { da: string; en: string; code: string }, pattern: RegExp, rule: { da: string; en: string }) {
  return (value: string): Message | undefined => {
    if (!pattern.test(value)) {
      return {
        code: `${kind.code}.format`,
        da: `«${value}» er ikke et gyldigt ${kind.da}: ${rule.da}.`,
        en: `'${value}' is not a valid ${kind.en}: ${rule.en}.`,
      };
    }
    if (looksLikeCpr(value)) {
      return {
        code: `${kind.code}.cpr`,
        da: `Et ${kind.da} må ikke indeholde ti cifre i træk (det ligner et CPR-nummer); brug sagens eller medarbejderens nummer i Vugge.`,
        en: `A ${kind.en} must not contain ten digits in a row (it looks like a CPR number); use the case's or person's Vugge id.`,
      };
    }
    return undefined;
  };
}

/** A case id is the workflow id: 3–40 letters, digits and dashes, e.g. K-2026-0042; never a CPR number. */
export const CaseId = s.string().check(
  idChecks(
    { code: 'case_id', da: 'sags-id', en: 'case id' },
    /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/,
    { da: 'skriv 3–40 bogstaver, tal og bindestreger, fx K-2026-0042', en: 'write 3–40 letters, digits and dashes, e.g. K-2026-0042' },
  ),
);
export type CaseId = string;

/** A staff id as the directory holds it: lower-case letters, digits, '.', '_' and '-', e.g. sr-mette. */
export const StaffId = s.string().check(
  idChecks(
    { code: 'staff_id', da: 'medarbejder-id', en: 'staff id' },
    /^[a-z0-9][a-z0-9._-]{0,39}$/,
    { da: 'skriv 1–40 små bogstaver, tal, punktum, - og _, fx sr-mette', en: 'write 1–40 lower-case letters, digits, dots, - and _, e.g. sr-mette' },
  ),
);
export type StaffId = string;

/** Unit and municipality codes (e.g. 'nord', '0751'), not names of people. */
export const Code = s.string().check((value) =>
  /^[a-z0-9][a-z0-9_-]{0,39}$/.test(value)
    ? undefined
    : {
        code: 'code.format',
        da: `«${value}» er ikke en gyldig kode: skriv små bogstaver, tal, - og _, fx nord.`,
        en: `'${value}' is not a valid code: write lower-case letters, digits, - and _, e.g. nord.`,
      },
);

/** Why `value` is not a real calendar date, or undefined when it is one. */
export function checkLocalDate(value: string): Message | undefined {
  const shape = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!shape) {
    return {
      code: 'date.format',
      da: `«${value}» er ikke en dato: skriv år-måned-dag, fx 2026-03-12.`,
      en: `'${value}' is not a date: write year-month-day, e.g. 2026-03-12.`,
    };
  }
  const [year, month, day] = [Number(shape[1]), Number(shape[2]), Number(shape[3])];
  if (month < 1 || month > 12) {
    return {
      code: 'date.month',
      da: `${value} er ikke en rigtig dato: måneden skal være 01–12.`,
      en: `${value} is not a real date: the month must be 01–12.`,
    };
  }
  const days = DateTime.utc(year, month, 1).daysInMonth ?? 31;
  if (day < 1 || day > days) {
    const last = `${shape[1]}-${shape[2]}-${String(days).padStart(2, '0')}`;
    return {
      code: 'date.day',
      da: `${value} er ikke en rigtig dato: ${MONTHS_DA[month - 1]} ${year} har ${days} dage; skriv fx ${last}.`,
      en: `${value} is not a real date: ${MONTHS_EN[month - 1]} ${year} has ${days} days; write e.g. ${last}.`,
    };
  }
  if (value < EARLIEST_DATE || value > LATEST_DATE) {
    return {
      code: 'date.range',
      da: `${value} ligger uden for det mulige: en dato i Vugge ligger mellem ${EARLIEST_DATE} og ${LATEST_DATE}.`,
      en: `${value} is out of range: a date in Vugge lies between ${EARLIEST_DATE} and ${LATEST_DATE}.`,
    };
  }
  return undefined;
}

/** A local calendar date 'YYYY-MM-DD' that exists, between 2000 and 2099. */
export const LocalDate = s.string().check(checkLocalDate);
export type LocalDate = string;

/** A local wall-clock time 'HH:mm', 00:00–23:59. */
export const LocalTime = s.string().check((value) => {
  const shape = /^(\d{2}):(\d{2})$/.exec(value);
  if (shape && Number(shape[1]) <= 23 && Number(shape[2]) <= 59) return undefined;
  return {
    code: 'time.format',
    da: `«${value}» er ikke et klokkeslæt: skriv timer og minutter mellem 00:00 og 23:59, fx 09:30.`,
    en: `'${value}' is not a time of day: write hours and minutes between 00:00 and 23:59, e.g. 09:30.`,
  };
});
export type LocalTime = string;

/** An instant with its offset, e.g. 2026-03-12T08:00:00.000Z. */
export const Instant = s.string().check((value) => {
  const parsed = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : undefined;
  if (parsed?.isValid && parsed.year >= 2000 && parsed.year <= 2099) return undefined;
  return {
    code: 'instant.format',
    da: `«${value}» er ikke et tidspunkt med tidszone: skriv fx 2026-03-12T08:00:00Z.`,
    en: `'${value}' is not an instant with a time zone: write e.g. 2026-03-12T08:00:00Z.`,
  };
});
export type Instant = string;

/** Hours of work on one day: more than 0, at most 24, in quarter hours. */
export const Hours = s.number().check((value) => {
  if (Number.isFinite(value) && value > 0 && value <= 24 && Number.isInteger(value * 4)) return undefined;
  return {
    code: 'hours.range',
    da: `${formatNumberDa(value)} timer er ikke muligt: skriv et antal timer over 0 og højst 24, i kvarter, fx 1,5.`,
    en: `${value} hours is not possible: write a number of hours above 0 and at most 24, in quarter hours, e.g. 1.5.`,
  };
});

/** The n-th occurrence of a recurring step: 1, 2, 3 … (a case never has more than a few hundred). */
export const Occurrence = s.number().check((value) => {
  if (Number.isInteger(value) && value >= 1 && value <= 999) return undefined;
  return {
    code: 'occurrence.range',
    da: `${formatNumberDa(value)} er ikke et gyldigt nummer på en gentagelse: skriv et helt tal fra 1 til 999.`,
    en: `${value} is not a valid occurrence number: write a whole number from 1 to 999.`,
  };
});

/** A page of a long list as an address gives it: '1', '2', … (a whole number from 1 to 99999). */
export const PageNumber = s.string().check((value) => {
  if (/^[1-9]\d{0,4}$/.test(value)) return undefined;
  return {
    code: 'page.format',
    da: `«${value}» er ikke et sidenummer: skriv et helt tal fra 1, fx 2.`,
    en: `'${value}' is not a page number: write a whole number from 1, e.g. 2.`,
  };
});

/** A number the Danish way: decimal comma (5,5). */
/**
 * A local date as people read it, the same in mails, the CLI and the web app: '2026-03-12' →
 * '12.03.2026' (da) or '12 Mar 2026' (en). Anything that is not a date is shown as given.
 */
export function formatLocalDate(iso: string, lang: 'da' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  return lang === 'da' ? `${d}.${mo}.${y}` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]!.slice(0, 3)} ${y}`;
}

export function formatNumberDa(value: number): string {
  return String(value).replace('.', ',');
}

/** Danish and English names of the fields people meet, so no English word lands in the Danish half. */
const FIELD_NAMES: Record<string, { da: string; en: string }> = {
  at: { da: 'dato', en: 'date' },
  date: { da: 'dato', en: 'date' },
  time: { da: 'klokkeslæt', en: 'time' },
  hours: { da: 'timer', en: 'hours' },
  dueDate: { da: 'terminsdato', en: 'due date' },
  notified: { da: 'underretningsdato', en: 'notification date' },
  caseId: { da: 'sags-id', en: 'case id' },
  staff: { da: 'medarbejder', en: 'staff member' },
  by: { da: 'registreret af', en: 'registered by' },
  openedBy: { da: 'oprettet af', en: 'opened by' },
  occurrence: { da: 'gentagelse', en: 'occurrence' },
  unit: { da: 'enhed', en: 'unit' },
  municipality: { da: 'kommune', en: 'municipality' },
  reason: { da: 'årsag', en: 'reason' },
  role: { da: 'rolle', en: 'role' },
  step: { da: 'trin', en: 'step' },
  what: { da: 'hændelse', en: 'event' },
};

function fieldName(path: readonly PropertyKey[], lang: 'da' | 'en'): string | undefined {
  const last = [...path].reverse().find((part) => typeof part === 'string') as string | undefined;
  if (last === undefined) return undefined;
  return FIELD_NAMES[last]?.[lang] ?? last;
}

/** What `describeIssue` reads of an issue: zod's issues and the schema core's have it alike. */
export type IssueLike = Pick<Issue, 'code' | 'message'> & { path: readonly PropertyKey[]; params?: unknown; values?: readonly unknown[] };

/** One issue as a message naming its field; issues raised outside this module get a plain sentence. */
export function describeIssue(issue: IssueLike): Message {
  const params = (issue as { params?: Partial<Message> }).params;
  const own = params?.code && params.da && params.en ? (params as Message) : undefined;
  const message: Message = own ?? {
    code: `input.${issue.code}`,
    da:
      issue.code === 'invalid_type'
        ? 'skal udfyldes med en værdi af den rigtige slags.'
        : issue.code === 'invalid_value'
          ? `skal være en af: ${(issue.values ?? []).map(String).join(', ')}.`
          : 'værdien har ikke den forventede form.',
    en: issue.code === 'invalid_value' ? `must be one of: ${(issue.values ?? []).map(String).join(', ')}.` : issue.message,
  };
  const daField = fieldName(issue.path, 'da');
  const enField = fieldName(issue.path, 'en');
  return {
    code: message.code,
    da: daField ? `Feltet «${daField}»: ${message.da}` : message.da,
    en: enField ? `Field '${enField}': ${message.en}` : message.en,
  };
}

/** The first problem of a failed parse (zod's or the schema core's), as a message. */
export function firstProblem(error: { issues: readonly IssueLike[] }): Message {
  const issue = error.issues[0];
  return issue ? describeIssue(issue) : { code: 'input.invalid', da: 'Ugyldigt input.', en: 'Invalid input.' };
}

/** A message as one line for a terminal or a log: Danish first, English after. */
export function sentence(message: Message): string {
  return `${message.da} / ${message.en}`;
}

/** The languages a person can read Vugge in. */
export type Lang = 'da' | 'en';

/** A message in the reader's language; both halves, Danish first, where the language is not known. */
export function inLanguage(message: Message, lang?: Lang): string {
  return lang ? message[lang] : sentence(message);
}

/** The message an error carries as data (details `[{ code, da, en }, …]`), if it is one. */
export function messageOf(details: readonly unknown[] | null | undefined): Message | undefined {
  const [first] = details ?? [];
  if (!first || typeof first !== 'object') return undefined;
  const m = first as Partial<Message>;
  return typeof m.code === 'string' && typeof m.da === 'string' && typeof m.en === 'string' ? { code: m.code, da: m.da, en: m.en } : undefined;
}
