/**
 * The rules studio's registry pages at HTTP level, with people signed in through the local OpenID
 * provider: a caseworker and a team leader get 403 on every studio URL; one administrator proposes,
 * cannot approve her own proposal, a second administrator approves; new cases open on the new
 * version; a migration of a chosen case runs and its report says what moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLogQuery, snapshotQuery } from '../workflows/case-messages.js';
import { postFromPage, signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';
import { sourceDigest } from '../client/service/rules-registry.js';
import { compiled, threeWeekSource } from './registry-harness.js';

let env: WebEnv;
let request: AsPerson;
const P = 'spaedbarnsindsatsen';

beforeAll(async () => {
  env = await startWebEnv();
  request = await signInPeople(env.web, ['adm-ulla', 'adm-bo', 'sr-mette', 'tl-karen']);
});
afterAll(async () => {
  await env?.stop();
});

/** A CSRF token from a page the person may see, so a refusal is about access, not the token. */
async function csrfOf(who: string): Promise<string> {
  return /name="_csrf" value="([^"]+)"/.exec((await request(who, 'GET', '/')).body)![1]!;
}

describe('the rules studio', () => {
  it('refuses a caseworker and a team leader on every studio URL', async () => {
    const studio = env.web.app.declaredRoutes.filter((r) => r.url.startsWith('/regler'));
    // Every page and every form of the registry and the editor: a new studio route joins this walk by itself.
    expect(studio.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([
      'GET /regler', 'GET /regler/:programme/forslag/:version', 'POST /regler/:programme/forslag', 'POST /regler/:programme/forslag/:version/godkend',
      'POST /regler/:programme/forslag/:version/afvis', 'POST /regler/:programme/forslag/:version/migrering', 'GET /regler/:programme/migrering/:n',
      'GET /regler/:programme/udkast', 'POST /regler/:programme/udkast', 'GET /regler/:programme/udkast/vis', 'POST /regler/:programme/udkast/vis',
      'GET /regler/:programme/udkast/virkning/:job', 'GET /regler/:programme/udkast/virkning/:job/status',
    ]));
    expect(studio.every((r) => r.who === 'administrator')).toBe(true);
    for (const who of ['sr-mette', 'tl-karen']) {
      const csrf = await csrfOf(who);
      for (const route of studio) {
        const url = route.url.replace(':programme', P).replace(':version', '1').replace(':n', '1').replace(':job', 'abc');
        const res = await request(who, route.method as 'GET' | 'POST', url, route.method === 'POST' ? { _csrf: csrf, source: threeWeekSource(), message: 'x', reason: 'x', scope: 'all', action: 'save' } : undefined);
        // Refused for who they are (the access check), not for the form's token.
        expect([who, route.method, url, res.statusCode, res.body.includes('<h1>Ingen adgang</h1>')]).toEqual([who, route.method, url, 403, true]);
      }
    }
    expect((await request('adm-ulla', 'GET', '/regler')).statusCode).toBe(200);
  });

  it('shows the Regler menu item to administrators only, in Danish and in English', async () => {
    const menuItem = (body: string, label: string) => body.includes(`<a href="/regler" class="nav-link"><span>${label}</span></a>`);
    expect(menuItem((await request('adm-ulla', 'GET', '/')).body, 'Regler')).toBe(true);
    for (const who of ['sr-mette', 'tl-karen']) {
      const home = (await request(who, 'GET', '/')).body;
      expect([who, home.includes('href="/regler"')]).toEqual([who, false]);
    }
    // Marked as the current page on the studio's own pages.
    expect((await request('adm-ulla', 'GET', '/regler')).body).toContain('<li class="current"><a href="/regler" class="nav-link" aria-current="page"><span>Regler</span></a></li>');
    expect((await request('adm-bo', 'GET', `/regler/${P}/forslag/1`)).body).toContain('<li class="current"><a href="/regler" class="nav-link"><span>Regler</span></a></li>');

    await postFromPage(request, 'adm-bo', '/', '/sprog', { lang: 'en', back: '/' });
    const english = (await request('adm-bo', 'GET', '/')).body;
    expect(menuItem(english, 'Rules')).toBe(true);
    await postFromPage(request, 'adm-bo', '/', '/sprog', { lang: 'da', back: '/' });
  });

  it('one administrator proposes, a second approves and migrates a chosen case; self-approval is refused', async () => {
    const next = compiled(threeWeekSource());
    const proposed = await postFromPage(request, 'adm-ulla', '/regler', `/regler/${P}/forslag`, { source: threeWeekSource(), message: 'Teamsamtale senest 3 uger efter screening' });
    expect(proposed.statusCode).toBe(303);
    expect(proposed.headers.location).toBe(`/regler/${P}/forslag/2`);

    const page = await request('adm-bo', 'GET', `/regler/${P}/forslag/2`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Venter på godkendelse');
    expect(page.body).toContain(`OK — indholdshash ${next.version}`);
    expect(page.body).toMatch(/<del><code>.*due at the latest 4 weeks after screening<\/code><\/del>/);
    expect(page.body).toMatch(/<ins><code>.*due at the latest 3 weeks after screening<\/code><\/ins>/);
    expect((await request('adm-bo', 'GET', '/regler')).body).toContain(`href="/regler/${P}/forslag/2"`);

    const own = await postFromPage(request, 'adm-ulla', `/regler/${P}/forslag/2`, `/regler/${P}/forslag/2/godkend`, {});
    expect(own.statusCode).toBe(403);
    expect(own.body).toContain('Du har selv foreslået denne version; en anden administrator skal godkende den.');

    const approved = await postFromPage(request, 'adm-bo', `/regler/${P}/forslag/2`, `/regler/${P}/forslag/2/godkend`, {});
    expect(approved.statusCode).toBe(303);
    const published = (await request('adm-bo', 'GET', `/regler/${P}/forslag/2`)).body;
    expect(published).toContain('Udgivet');
    expect(published).toContain('adm-bo');
    for (const id of [env.cases.nord1, env.cases.nord2, env.cases.syd1]) expect(published).toContain(`value="${id}"`);

    const started = await request('adm-bo', 'POST', `/regler/${P}/forslag/2/migrering`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(published)![1]!,
      scope: 'chosen',
      case: env.cases.nord1,
    } as Record<string, string>);
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`/regler/${P}/migrering/1`);
    let report = '';
    for (let i = 0; i < 100 && !report.includes('Flytningen er færdig.'); i++) {
      report = (await request('adm-bo', 'GET', `/regler/${P}/migrering/1`)).body;
      if (!report.includes('Flytningen er færdig.')) await new Promise((r) => setTimeout(r, 200));
    }
    expect(report).toContain('1 flyttet, 0 fejlet, 0 tilbage.');
    expect(report).toContain(`/sager/${env.cases.nord1}`);
    expect(report).toContain('Flyttet:');
    expect((await env.client.workflow.getHandle(env.cases.nord1).query(snapshotQuery)).rulesVersion).toBe(next.version);
    expect((await env.client.workflow.getHandle(env.cases.nord1).query(eventLogQuery)).at(-1)?.event).toMatchObject({ type: 'migrated', by: 'adm-bo', to: next.version });
    expect((await env.client.workflow.getHandle(env.cases.syd1).query(snapshotQuery)).rulesVersion).not.toBe(next.version);

    // The audit log names who proposed, who was refused, who approved and who ordered the move, from the web.
    const rows = await env.db.query<{ actor: string; action: string; source: string; details: Record<string, unknown> }>(`SELECT actor, action, source, details FROM audit_log WHERE action LIKE 'rules.%' ORDER BY id`);
    expect(rows).toEqual([
      { actor: 'adm-ulla', action: 'rules.propose', source: 'web', details: { programme: P, sourceDigest: sourceDigest(threeWeekSource()) } },
      { actor: 'adm-ulla', action: 'rules.approve', source: 'web', details: { programme: P, version: 2 } },
      { actor: 'adm-ulla', action: 'rules.approve_refused', source: 'web', details: { programme: P, version: 2, refusal: 'rules.self_approval' } },
      { actor: 'adm-bo', action: 'rules.approve', source: 'web', details: { programme: P, version: 2 } },
      { actor: 'adm-bo', action: 'rules.migrate', source: 'web', details: { programme: P, version: 2, cases: [env.cases.nord1] } },
    ]);

    // A new case opens on the version published now.
    const opened = await postFromPage(request, 'sr-mette', `/sager/ny?programme=${P}`, '/sager/ny', {
      programme: P,
      unit: 'nord',
      'team.socialraadgiver': 'sr-mette',
      notified: new Date().toISOString().slice(0, 10),
    });
    expect(opened.statusCode).toBe(303);
    const caseId = decodeURIComponent(String(opened.headers.location).replace('/sager/', ''));
    expect((await env.client.workflow.getHandle(caseId).query(snapshotQuery)).rulesVersion).toBe(next.version);
  });
});
