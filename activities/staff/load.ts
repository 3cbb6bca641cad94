/**
 * Reads and checks a staff file (YAML or JSON): shape first (zod), then the cross-references a
 * shape cannot express — every leader exists and holds the role, units exist, ids are unique.
 * Returns every problem at once so an administrator can fix the file in one go.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { fromZodIssue, renderProblem, type Lang, type StaffProblem } from './problems.js';
import { departmentLeaderRoles, knownRoles, makeDirectory, StaffFile, type StaffDirectory } from './schema.js';

export type StaffCheck = { ok: true; directory: StaffDirectory } | { ok: false; problems: StaffProblem[] };

export function checkStaffText(text: string): StaffCheck {
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON, so one parser reads both
  } catch (err) {
    return { ok: false, problems: [{ path: '', code: 'syntax', params: { detail: err instanceof Error ? err.message.split('\n')[0]! : String(err) } }] };
  }
  const parsed = StaffFile.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(fromZodIssue) };
  const problems = crossCheck(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, directory: makeDirectory(parsed.data) };
}

export async function checkStaffFile(file: string): Promise<StaffCheck> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const detail = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, problems: [{ path: file, code: 'unreadable', params: { detail } }] };
  }
  return checkStaffText(text);
}

/** Loads a directory or throws one error listing every problem, one sentence a line. */
export async function loadStaffDirectory(file: string, lang: Lang = 'da'): Promise<StaffDirectory> {
  const result = await checkStaffFile(file);
  if (result.ok) return result.directory;
  throw new Error(`${file}:\n${result.problems.map((p) => '  ' + renderProblem(p, lang)).join('\n')}`);
}

function crossCheck(file: StaffFile): StaffProblem[] {
  const problems: StaffProblem[] = [];
  const people = new Map<string, { roles: string[]; at: string }>();
  const emails = new Map<string, string>();
  file.staff.forEach((p, i) => {
    const at = `staff[${i}]`;
    const firstId = people.get(p.id);
    if (firstId) problems.push({ path: `${at}.id`, code: 'duplicate_id', params: { id: p.id, first: firstId.at } });
    else people.set(p.id, { roles: p.roles, at });
    const email = p.email.toLowerCase();
    const firstEmail = emails.get(email);
    if (firstEmail) problems.push({ path: `${at}.email`, code: 'duplicate_email', params: { email: p.email, first: firstEmail } });
    else emails.set(email, at);
    p.roles.forEach((role, r) => {
      if (!knownRoles.includes(role)) problems.push({ path: `${at}.roles[${r}]`, code: 'unknown_role', params: { role, known: knownRoles.join(', ') } });
    });
  });

  const unitIds = new Map<string, string>();
  file.units.forEach((u, i) => {
    const at = `units[${i}]`;
    const first = unitIds.get(u.id);
    if (first) problems.push({ path: `${at}.id`, code: 'duplicate_id', params: { id: u.id, first } });
    else unitIds.set(u.id, at);
    const holders: [string, string, string][] = [
      [`${at}.teamLeader`, u.teamLeader, 'teamleder'],
      ...departmentLeaderRoles.map((role): [string, string, string] => [`${at}.leaders.${role}`, u.leaders[role], role]),
    ];
    for (const [path, id, role] of holders) {
      const person = people.get(id);
      if (!person) problems.push({ path, code: 'not_in_directory', params: { id } });
      else if (!person.roles.includes(role)) problems.push({ path, code: 'missing_role', params: { id, role } });
    }
  });

  const known = [...unitIds.keys()].join(', ');
  file.staff.forEach((p, i) => {
    if (!unitIds.has(p.unit)) problems.push({ path: `staff[${i}].unit`, code: 'unknown_unit', params: { unit: p.unit, known } });
  });
  return problems;
}
