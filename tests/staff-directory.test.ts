import { describe, expect, it } from 'vitest';
import { checkStaffText, rulesRoles } from '../activities/staff/load.js';
import { renderProblem } from '../activities/staff/problems.js';
import { resolveRoles } from '../activities/staff/resolve.js';
import { compile } from '../dsl/compile/compile.js';
import { escalationRolesOf, vocabularyOf } from '../dsl/plan/index.js';
import { readFileSync } from 'node:fs';
import { run } from '../client/cli/staff.js';
import { exampleDirectory } from './mail-support.js';

const unitYaml = (leaders: string) => `
units:
  - { id: nord, name: Nord, municipality: "0751", teamLeader: tl, leaders: { ${leaders} } }
  - { id: syd, name: Syd, municipality: "0751", teamLeader: tl, leaders: { leder_bfr: x, leder_familiecenter: fc, leder_sundhedspleje: spl } }
staff:
  - { id: tl, name: T, email: tl@example.org, roles: [teamleder], unit: nord }
  - { id: ab, name: A, email: ab@example.org, roles: [leder_bfr], unit: nord }
  - { id: fc, name: F, email: fc@example.org, roles: [leder_familiecenter], unit: nord }
  - { id: spl, name: S, email: spl@example.org, roles: [leder_sundhedspleje], unit: nord }
`;

function problems(text: string, lang: 'da' | 'en' = 'en'): string[] {
  const result = checkStaffText(text, rulesRoles());
  return result.ok ? [] : result.problems.map((p) => renderProblem(p, lang));
}

describe('staff directory file', () => {
  it('accepts the example file with two units and a dozen staff', async () => {
    const d = await exampleDirectory();
    expect(d.units.map((u) => u.id)).toEqual(['nord', 'syd']);
    expect(d.staff.length).toBe(14);
  });

  it('names the path of a leader who is not in the directory', () => {
    expect(problems(unitYaml('leder_bfr: ab, leder_familiecenter: fc, leder_sundhedspleje: spl'))).toEqual([
      "units[1].leaders.leder_bfr: staff id 'x' is not in the directory; add the person under staff or correct the id",
    ]);
  });

  it('gives one sentence per problem, in Danish by default', () => {
    const text = unitYaml('leder_bfr: fc, leder_familiecenter: fc, leder_sundhedspleje: spl') + '  - { id: tl, name: Dup, email: TL@example.org, roles: [boss], unit: vest }\n';
    expect(problems(text, 'da')).toEqual([
      "staff[4].id: id'et 'tl' er brugt før (staff[0]); hvert id skal være unikt",
      "staff[4].email: e-mailadressen 'TL@example.org' er brugt før (staff[0]); hver person skal have sin egen adresse",
      "staff[4].roles[0]: ukendt rolle 'boss'; brug en af: socialraadgiver, kontaktperson, sundhedsplejerske, familieterapeut, teamleder, leder_bfr, leder_familiecenter, leder_sundhedspleje, jordemoder, administrator",
      "units[0].leaders.leder_bfr: 'fc' har ikke rollen 'leder_bfr'; tilføj rollen til personen eller vælg en anden",
      "units[1].leaders.leder_bfr: medarbejder-id 'x' findes ikke i kartoteket; tilføj personen under staff eller ret id'et",
      "staff[4].unit: enheden 'vest' findes ikke; brug en af: nord, syd",
    ]);
  });

  it('reports shape problems with their paths', () => {
    const text = `units:\n  - { id: a, name: A, municipality: "1", teamLeader: t, leaders: { leder_bfr: t, leder_familiecenter: t } }\nstaff:\n  - { id: t, name: T, email: nope, roles: [teamleder], unit: a, language: fr }\n`;
    expect(problems(text)).toEqual([
      'staff[0].email: is not a valid e-mail address',
      'staff[0].language: must be one of: da, en',
    ]);
  });

  it('checks the units\' leaders against the leader roles the rules declare', () => {
    const text = `units:\n  - { id: a, name: A, municipality: "1", teamLeader: t, leaders: { leder_bfr: t, leder_familiecenter: t, chef: t } }\nstaff:\n  - { id: t, name: T, email: t@example.org, roles: [teamleder, leder_bfr, leder_familiecenter, kontaktperson], unit: a }\n`;
    expect(problems(text)).toEqual([
      'units[0].leaders.leder_sundhedspleje: is missing; add the field (the unit names who holds this leader role from the rules)',
      "units[0].leaders.chef: unknown role 'chef'; use one of: teamleder, leder_bfr, leder_familiecenter, leder_sundhedspleje",
    ]);
  });

  it('reads leader roles of any programme: a unit of a programme whose team leader role is `leder`', () => {
    const roles = { known: ['kontakt', 'leder', 'chef', 'administrator'], leaders: ['leder', 'chef'], departmentLeaders: ['chef'] };
    const text = `units:\n  - { id: a, name: A, municipality: "1", teamLeader: l, leaders: { chef: c } }\nstaff:\n  - { id: l, name: L, email: l@example.org, roles: [leder], unit: a }\n  - { id: c, name: C, email: c@example.org, roles: [chef], unit: a }\n`;
    const result = checkStaffText(text, roles);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const r = resolveRoles(result.directory, { toRoles: ['leder', 'chef'], team: {}, unit: 'a' });
    expect(r.recipients.map((x) => [x.role, x.person.id])).toEqual([['leder', 'l'], ['chef', 'c']]);
  });

  it('reports a file that is not YAML in one sentence', () => {
    expect(problems('units: [unclosed')[0]).toMatch(/^the file cannot be read as YAML\/JSON: /);
  });
});

describe('resolveRoles', () => {
  it('takes caseworker roles from the case team and leader roles from the unit', async () => {
    const d = await exampleDirectory();
    const r = resolveRoles(d, { toRoles: ['sundhedsplejerske', 'teamleder', 'leder_bfr', 'familieterapeut'], team: { sundhedsplejerske: 'sp-hanne' }, unit: 'syd' });
    expect(r.recipients.map((x) => [x.role, x.person.id])).toEqual([
      ['sundhedsplejerske', 'sp-hanne'],
      ['teamleder', 'tl-jens'],
      ['leder_bfr', 'al-henrik'],
    ]);
    expect(r.missing).toEqual([{ role: 'familieterapeut', reason: 'not_on_team' }]);
  });

  it('escalates level 1 to the team leader and level 2 to the three leaders', async () => {
    const d = await exampleDirectory();
    const compiled = compile(readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8'));
    if (!compiled.ok) throw new Error('rules do not compile');
    const vocabulary = vocabularyOf(compiled.programme);
    const ids = (level: number) => resolveRoles(d, { toRoles: escalationRolesOf(vocabulary, level), team: {}, unit: 'nord' }).recipients.map((x) => x.person.id);
    expect(ids(1)).toEqual(['tl-karen']);
    expect(ids(2)).toEqual(['al-henrik', 'fc-birgitte', 'spl-lone']);
  });

  it('reports a team member who is not in the directory instead of guessing', async () => {
    const d = await exampleDirectory();
    const r = resolveRoles(d, { toRoles: ['socialraadgiver'], team: { socialraadgiver: 'sr-ghost' }, unit: 'nord' });
    expect(r).toEqual({ recipients: [], missing: [{ role: 'socialraadgiver', reason: 'not_in_directory' }] });
  });
});

describe('vugge staff', () => {
  it('check exits 0 for the example and 1 for a broken file', async () => {
    expect(await run(['check', 'config/staff.example.yaml'])).toBe(0);
    const { writeFile } = await import('node:fs/promises');
    const bad = `${process.env.TMPDIR ?? '/tmp'}/vugge-staff-bad-${process.pid}.yaml`;
    await writeFile(bad, unitYaml('leder_bfr: ab, leder_familiecenter: fc, leder_sundhedspleje: spl'));
    expect(await run(['check', bad])).toBe(1);
  });

  it('list rejects an unknown unit with exit code 2', async () => {
    expect(await run(['list', '--unit', 'vest'])).toBe(2);
    expect(await run(['list', '--unit', 'syd'])).toBe(0);
  });
});
