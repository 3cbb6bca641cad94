/**
 * Reads and checks a staff file (YAML or JSON): shape first (zod), then the cross-references a
 * shape cannot express — every leader exists and holds the role, units exist, ids are unique.
 * Returns every problem at once so an administrator can fix the file in one go.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { compile } from '../../dsl/compile/compile.js';
import type { Programme } from '../../dsl/compile/model.js';
import { fromZodIssue, renderProblem, type Lang, type StaffProblem } from './problems.js';
import { makeDirectory, programmeRoles, StaffFile, type ProgrammeRoles, type StaffDirectory } from './schema.js';

const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** The programmes in `rules/*.rules` (or VUGGE_RULES_DIR) that compile. */
export function rulesProgrammes(dir = process.env.VUGGE_RULES_DIR || DEFAULT_RULES_DIR): Programme[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.rules')).sort();
  } catch {
    files = [];
  }
  return files.flatMap((f) => {
    const result = compile(readFileSync(join(dir, f), 'utf8'));
    return result.ok ? [result.programme] : [];
  });
}

/** The roles of the programmes in the rules folder. */
export function rulesRoles(dir?: string): ProgrammeRoles {
  return programmeRoles(rulesProgrammes(dir));
}

export type StaffCheck = { ok: true; directory: StaffDirectory } | { ok: false; problems: StaffProblem[] };

/** `roles`: check people's roles and the units' leaders against the programmes (unset: no such check). */
export function checkStaffText(text: string, roles?: ProgrammeRoles): StaffCheck {
  let raw: unknown;
  try {
    raw = parseYaml(text); // YAML is a superset of JSON, so one parser reads both
  } catch (err) {
    return { ok: false, problems: [{ path: '', code: 'syntax', params: { detail: err instanceof Error ? err.message.split('\n')[0]! : String(err) } }] };
  }
  const parsed = StaffFile.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(fromZodIssue) };
  const problems = crossCheck(parsed.data, roles);
  return problems.length ? { ok: false, problems } : { ok: true, directory: makeDirectory(parsed.data) };
}

export async function checkStaffFile(file: string, roles: ProgrammeRoles = rulesRoles()): Promise<StaffCheck> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const detail = (err as NodeJS.ErrnoException).code ?? String(err);
    return { ok: false, problems: [{ path: file, code: 'unreadable', params: { detail } }] };
  }
  return checkStaffText(text, roles);
}

/** Loads a directory or throws one error listing every problem, one sentence a line. */
export async function loadStaffDirectory(file: string, lang: Lang = 'da'): Promise<StaffDirectory> {
  const result = await checkStaffFile(file);
  if (result.ok) return result.directory;
  throw new Error(`${file}:\n${result.problems.map((p) => '  ' + renderProblem(p, lang)).join('\n')}`);
}

function crossCheck(file: StaffFile, roles: ProgrammeRoles | undefined): StaffProblem[] {
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
      if (roles && !roles.known.includes(role)) problems.push({ path: `${at}.roles[${r}]`, code: 'unknown_role', params: { role, known: roles.known.join(', ') } });
    });
  });

  const unitIds = new Map<string, string>();
  file.units.forEach((u, i) => {
    const at = `units[${i}]`;
    const first = unitIds.get(u.id);
    if (first) problems.push({ path: `${at}.id`, code: 'duplicate_id', params: { id: u.id, first } });
    else unitIds.set(u.id, at);
    const teamLeader = people.get(u.teamLeader);
    if (!teamLeader) problems.push({ path: `${at}.teamLeader`, code: 'not_in_directory', params: { id: u.teamLeader } });
    else if (roles && !teamLeader.roles.some((role) => roles.leaders.includes(role))) {
      problems.push({ path: `${at}.teamLeader`, code: 'missing_role', params: { id: u.teamLeader, role: roles.leaders.filter((r) => !roles.departmentLeaders.includes(r)).join(' / ') } });
    }
    for (const role of roles?.departmentLeaders ?? []) {
      if (!u.leaders[role]) problems.push({ path: `${at}.leaders.${role}`, code: 'missing_leader', params: {} });
    }
    for (const [role, id] of Object.entries(u.leaders)) {
      const path = `${at}.leaders.${role}`;
      const person = people.get(id);
      if (roles && !roles.leaders.includes(role)) problems.push({ path, code: 'unknown_role', params: { role, known: roles.leaders.join(', ') } });
      else if (!person) problems.push({ path, code: 'not_in_directory', params: { id } });
      else if (!person.roles.includes(role)) problems.push({ path, code: 'missing_role', params: { id, role } });
    }
  });

  const known = [...unitIds.keys()].join(', ');
  file.staff.forEach((p, i) => {
    if (!unitIds.has(p.unit)) problems.push({ path: `staff[${i}].unit`, code: 'unknown_unit', params: { unit: p.unit, known } });
  });
  return problems;
}
