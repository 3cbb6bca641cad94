/**
 * Who may see and do what (client/service/access.ts) as a table over the example staff directory,
 * plus the pieces of the web app's door that need no server: escaping, the web settings, and the
 * `next` path after sign-in.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStaffDirectory } from '../activities/staff/load.js';
import type { StaffDirectory } from '../activities/staff/schema.js';
import { makeDirectory } from '../activities/staff/schema.js';
import { loadMailConfig } from '../activities/mail/config.js';
import { caseGround, ledUnits, may, openingUnits, type Action, type CaseScope } from '../client/service/access.js';
import { loadWebConfig } from '../client/web/config.js';
import { html, trusted } from '../client/web/html.js';
import { localPath } from '../client/web/sign-in.js';

let directory: StaffDirectory;
beforeAll(async () => {
  const example = await loadStaffDirectory('config/staff.example.yaml');
  // The example directory plus an administrator, to have one of each kind of person.
  directory = makeDirectory({
    units: [...example.units],
    staff: [...example.staff, { id: 'adm-eva', name: 'Eva', email: 'eva@example.org', roles: ['administrator'], unit: 'nord', language: 'da', reminders: 'single' }],
  });
});

const nordMette: CaseScope = { unit: 'nord', team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' } };
const nordSofie: CaseScope = { unit: 'nord', team: { socialraadgiver: 'sr-sofie', sundhedsplejerske: 'sp-anne' } };
const sydLars: CaseScope = { unit: 'syd', team: { socialraadgiver: 'sr-lars', sundhedsplejerske: 'sp-hanne' } };

describe('access: cases', () => {
  // person, case, ground (undefined = may neither see nor change)
  const table: [string, CaseScope, string, ReturnType<typeof caseGround>][] = [
    ['sr-mette', nordMette, 'nord / Mette', 'team'],
    ['sr-mette', nordSofie, 'nord / Sofie', undefined],
    ['sr-mette', sydLars, 'syd / Lars', undefined],
    ['sp-anne', nordSofie, 'nord / Sofie', 'team'],
    ['sr-lars', nordMette, 'nord / Mette', undefined],
    ['sr-lars', sydLars, 'syd / Lars', 'team'],
    ['tl-karen', nordMette, 'nord / Mette', 'team_leader'],
    ['tl-karen', nordSofie, 'nord / Sofie', 'team_leader'],
    ['tl-karen', sydLars, 'syd / Lars', undefined],
    ['tl-jens', sydLars, 'syd / Lars', 'team_leader'],
    ['tl-jens', nordMette, 'nord / Mette', undefined],
    ['al-henrik', nordMette, 'nord / Mette', 'department_leader'],
    ['al-henrik', sydLars, 'syd / Lars', 'department_leader'],
    ['spl-lone', sydLars, 'syd / Lars', 'department_leader'],
    ['adm-eva', nordMette, 'nord / Mette', undefined],
    ['nobody-here', nordMette, 'nord / Mette', undefined],
  ];
  it.each(table)('%s on the case %#(%s) → %s', (staffId, scope, _name, ground) => {
    expect(caseGround(directory, staffId, scope)).toBe(ground);
    expect(may(directory, staffId, 'see_case', scope)).toBe(ground !== undefined);
    expect(may(directory, staffId, 'change_case', scope)).toBe(ground !== undefined);
  });

  // Acknowledging an escalation is a leader's: the unit's team leader or department leaders, never the team.
  it.each([
    ['sr-mette', nordMette, false],
    ['sp-anne', nordSofie, false],
    ['tl-karen', nordMette, true],
    ['tl-karen', sydLars, false],
    ['tl-jens', sydLars, true],
    ['al-henrik', nordMette, true],
    ['spl-lone', sydLars, true],
    ['adm-eva', nordMette, false],
    ['nobody-here', nordMette, false],
  ] as const)('%s may acknowledge an escalation on the case %#: %s', (staffId, scope, allowed) => {
    expect(may(directory, staffId, 'acknowledge_escalation', scope)).toBe(allowed);
  });

  it('a person on the team but missing from the directory sees nothing', () => {
    expect(may(directory, 'sr-gone', 'see_case', { unit: 'nord', team: { socialraadgiver: 'sr-gone' } })).toBe(false);
  });
});

describe('access: pages beyond a case', () => {
  const table: [string, Action, boolean][] = [
    ['sr-mette', 'see_overdue', false],
    ['sp-anne', 'see_overdue', false],
    ['tl-karen', 'see_overdue', true],
    ['al-henrik', 'see_overdue', true],
    ['adm-eva', 'see_overdue', false],
    ['sr-mette', 'use_rules_studio', false],
    ['tl-karen', 'use_rules_studio', false],
    ['al-henrik', 'use_rules_studio', false],
    ['adm-eva', 'use_rules_studio', true],
    ['nobody-here', 'use_rules_studio', false],
    ['nobody-here', 'see_overdue', false],
  ];
  it.each(table)('%s may %s: %s', (staffId, action, allowed) => {
    expect(may(directory, staffId, action)).toBe(allowed);
  });

  it('a leader leads the units that name them, and only those', () => {
    expect(ledUnits(directory, 'tl-karen')).toEqual({ teamLeader: ['nord'], departmentLeader: [], all: ['nord'] });
    expect(ledUnits(directory, 'al-henrik').all).toEqual(['nord', 'syd']);
    expect(ledUnits(directory, 'sr-mette').all).toEqual([]);
  });
});

describe('access: opening a new case', () => {
  // person → the units they may open cases in: caseworkers their own unit, team leaders the units
  // they lead; department leaders oversee and administrators administer, so neither opens cases.
  const table: [string, string[]][] = [
    ['sr-mette', ['nord']],
    ['sp-anne', ['nord']],
    ['sr-lars', ['syd']],
    ['tl-karen', ['nord']],
    ['tl-jens', ['syd']],
    ['al-henrik', []],
    ['spl-lone', []],
    ['adm-eva', []],
    ['nobody-here', []],
  ];
  it.each(table)('%s opens cases in %j', (staffId, units) => {
    expect(openingUnits(directory, staffId)).toEqual(units);
    for (const unit of ['nord', 'syd']) expect(may(directory, staffId, 'open_case', { unit, team: {} })).toBe(units.includes(unit));
  });

  it('putting oneself on the team of another unit’s case gives no right to open it', () => {
    expect(may(directory, 'sr-mette', 'open_case', { unit: 'syd', team: { socialraadgiver: 'sr-mette' } })).toBe(false);
  });
});

describe('html templates escape by default', () => {
  const hostile = `<script>alert("x")</script><img src=x onerror='alert(1)'>&`;
  it('shows a hostile value as text', () => {
    const out = html`<p title="${hostile}">${hostile}</p>`.text;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;</p>',
    );
  });
  it('escapes inside lists and nested fragments, and keeps only what the code marked', () => {
    const items = [hostile, 'ok'].map((v) => html`<li>${v}</li>`);
    const out = html`<ul>${items}</ul>${trusted('<hr>')}${undefined}${false}`.text;
    expect(out).toBe('<ul><li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;</li><li>ok</li></ul><hr>');
  });
});

describe('web settings', () => {
  it('defaults to the local provider on this machine', () => {
    const config = loadWebConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, publicUrl: 'http://127.0.0.1:3000', secureCookies: false, localProvider: { port: 3001 }, idleMs: 30 * 60_000 });
    expect(config.oidc).toMatchObject({ issuer: undefined, clientId: 'vugge-web', redirectUrl: 'http://127.0.0.1:3000/login/callback', staffClaim: 'sub' });
  });
  it('the e-mail case link opens a page of the web app', () => {
    const web = loadWebConfig({});
    expect(loadMailConfig({}).caseUrl).toBe(`${web.publicUrl}/sager/`);
  });
  it('an issuer needs its client, its secret and a session secret; HTTPS makes cookies Secure', () => {
    const issuer = { VUGGE_OIDC_ISSUER: 'https://login.kommune.dk/realms/vugge', VUGGE_WEB_URL: 'https://vugge.kommune.dk' };
    expect(() => loadWebConfig(issuer)).toThrow(/^VUGGE_OIDC_CLIENT_ID: mangler/);
    expect(() => loadWebConfig({ ...issuer, VUGGE_OIDC_CLIENT_ID: 'vugge' })).toThrow(/^VUGGE_OIDC_CLIENT_SECRET: mangler/);
    expect(() => loadWebConfig({ ...issuer, VUGGE_OIDC_CLIENT_ID: 'vugge', VUGGE_OIDC_CLIENT_SECRET: 's3cret' })).toThrow(/^VUGGE_SESSION_SECRET: mangler/);
    const config = loadWebConfig({ ...issuer, VUGGE_OIDC_CLIENT_ID: 'vugge', VUGGE_OIDC_CLIENT_SECRET: 's3cret', VUGGE_SESSION_SECRET: 'x'.repeat(32), VUGGE_OIDC_STAFF_CLAIM: 'employee_id' });
    expect(config).toMatchObject({ secureCookies: true, localProvider: undefined, oidc: { redirectUrl: 'https://vugge.kommune.dk/login/callback', staffClaim: 'employee_id' } });
  });
  it.each([
    ['VUGGE_WEB_PORT', '70000', /^VUGGE_WEB_PORT \('70000'\)/],
    ['VUGGE_SESSION_IDLE', 'soon', /^VUGGE_SESSION_IDLE \('soon'\): skal være en varighed/],
    ['VUGGE_SESSION_SECRET', 'short', /^VUGGE_SESSION_SECRET: skal være mindst 32 tegn[^]*(?<!short)$/],
    ['VUGGE_OIDC_ISSUER', 'not a url', /^VUGGE_OIDC_ISSUER \('not a url'\)/],
  ])('%s=%s gets one sentence naming the variable', (name, value, message) => {
    expect(() => loadWebConfig({ [name]: value })).toThrow(message);
  });
});

describe('after sign-in, only a path on this site', () => {
  it.each([
    ['/sager/K-2026-0001', '/sager/K-2026-0001'],
    ['/opgaver?x=1', '/opgaver?x=1'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/ok\r\nSet-Cookie: x=1', '/'],
    [undefined, '/'],
  ])('%s → %s', (next, expected) => {
    expect(localPath(next)).toBe(expected);
  });
});
