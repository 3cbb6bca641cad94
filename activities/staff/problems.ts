/**
 * Problems in a staff file, as data first ({ path, code, params }) and rendered in Danish or
 * English as one sentence naming the path, e.g.
 * `units[1].leaders.leder_bfr: staff id 'x' is not in the directory`.
 */
import type { z } from 'zod';

export type Lang = 'da' | 'en';

export interface StaffProblem {
  path: string;
  code:
    | 'not_in_directory'
    | 'missing_role'
    | 'missing_leader'
    | 'unknown_unit'
    | 'unknown_role'
    | 'duplicate_id'
    | 'duplicate_email'
    | 'syntax'
    | 'unreadable'
    | 'invalid';
  params: Record<string, string>;
}

type Catalogue = Record<StaffProblem['code'], (p: Record<string, string>) => string>;

const da: Catalogue = {
  not_in_directory: (p) => `medarbejder-id '${p.id}' findes ikke i kartoteket; tilføj personen under staff eller ret id'et`,
  missing_role: (p) => `'${p.id}' har ikke rollen '${p.role}'; tilføj rollen til personen eller vælg en anden`,
  missing_leader: () => 'mangler: enheden skal nævne, hvem der har denne lederrolle fra reglerne; tilføj feltet',
  unknown_unit: (p) => `enheden '${p.unit}' findes ikke; brug en af: ${p.known}`,
  unknown_role: (p) => `ukendt rolle '${p.role}'; brug en af: ${p.known}`,
  duplicate_id: (p) => `id'et '${p.id}' er brugt før (${p.first}); hvert id skal være unikt`,
  duplicate_email: (p) => `e-mailadressen '${p.email}' er brugt før (${p.first}); hver person skal have sin egen adresse`,
  syntax: (p) => `filen kan ikke læses som YAML/JSON: ${p.detail}`,
  unreadable: (p) => `filen kan ikke åbnes (${p.detail}); angiv en eksisterende fil`,
  invalid: (p) => p.da ?? '',
};

const en: Catalogue = {
  not_in_directory: (p) => `staff id '${p.id}' is not in the directory; add the person under staff or correct the id`,
  missing_role: (p) => `'${p.id}' does not have the role '${p.role}'; add the role to the person or choose someone else`,
  missing_leader: () => 'is missing; add the field (the unit names who holds this leader role from the rules)',
  unknown_unit: (p) => `unit '${p.unit}' does not exist; use one of: ${p.known}`,
  unknown_role: (p) => `unknown role '${p.role}'; use one of: ${p.known}`,
  duplicate_id: (p) => `id '${p.id}' is used before (${p.first}); every id must be unique`,
  duplicate_email: (p) => `e-mail address '${p.email}' is used before (${p.first}); every person needs their own address`,
  syntax: (p) => `the file cannot be read as YAML/JSON: ${p.detail}`,
  unreadable: (p) => `the file cannot be opened (${p.detail}); give an existing file`,
  invalid: (p) => p.en ?? '',
};

export function renderProblem(problem: StaffProblem, lang: Lang = 'da'): string {
  const text = (lang === 'en' ? en : da)[problem.code](problem.params);
  return problem.path ? `${problem.path}: ${text}` : text;
}

/** `['units', 1, 'leaders', 'leder_bfr']` → `units[1].leaders.leder_bfr`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** One zod issue as one problem, with a sentence in each language. */
export function fromZodIssue(issue: z.core.$ZodIssue): StaffProblem {
  const path = formatPath(issue.path);
  const [daText, enText] = describeIssue(issue);
  return { path, code: 'invalid', params: { da: daText, en: enText } };
}

function describeIssue(issue: z.core.$ZodIssue): [string, string] {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? ['mangler; tilføj feltet', 'is missing; add the field']
        : [`forventede ${issue.expected}`, `expected ${issue.expected}`];
    case 'invalid_value':
      return [`skal være en af: ${issue.values.join(', ')}`, `must be one of: ${issue.values.join(', ')}`];
    case 'invalid_format':
      return issue.format === 'email'
        ? ['er ikke en gyldig e-mailadresse', 'is not a valid e-mail address']
        : [issue.message, issue.message];
    case 'too_small':
      return ['må ikke være tom', 'must not be empty'];
    case 'unrecognized_keys':
      return [`ukendt felt ${issue.keys.map((k) => `'${k}'`).join(', ')}; fjern det`, `unknown field ${issue.keys.map((k) => `'${k}'`).join(', ')}; remove it`];
    default:
      return [issue.message, issue.message];
  }
}
