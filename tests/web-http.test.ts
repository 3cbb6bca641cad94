/**
 * The web app's door at HTTP level, on a dev server with three cases: every route for every kind of
 * person (signed in through the real local OpenID provider), refusals that change nothing, CSRF,
 * the e-mail link back to its case after sign-in, idle timeout, sign-out, language, headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLogQuery } from '../workflows/case-messages.js';
import { loadMailConfig } from '../activities/mail/config.js';
import { startWeb, type RunningWeb } from '../client/web/main.js';
import { CookieJar, injectWith, signIn } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
const jars = new Map<string, CookieJar>();
const people = ['sr-mette', 'sp-anne', 'sr-sofie', 'sr-lars', 'tl-karen', 'al-henrik'] as const;
type Who = 'anonymous' | (typeof people)[number];

beforeAll(async () => {
  env = await startWebEnv();
  for (const person of people) {
    const jar = new CookieJar();
    const landed = await signIn(jar, env.web.url, person);
    expect(landed.location, `${person} signs in`).toBe(`${env.web.url}/`);
    jars.set(person, jar);
  }
});
afterAll(async () => {
  await env?.stop();
});

/** A request through `fastify.inject` with the person's session cookie; cookies it sets are kept. */
function request(who: Who | CookieJar, method: 'GET' | 'POST', url: string, form?: Record<string, string>, web: RunningWeb = env.web) {
  const jar = who instanceof CookieJar ? who : who === 'anonymous' ? new CookieJar() : jars.get(who)!;
  return injectWith(jar, web, method, url, form);
}

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];

describe('every route for every person', () => {
  // The routes the app declares, with who may use them; a new route must be added here.
  it('declares who may use each route', () => {
    const declared = env.web.app.declaredRoutes.map((r) => `${r.method} ${r.url} ${r.who}`).sort();
    expect(declared).toEqual(
      [
        'GET / staff',
        'GET /forsinket leader',
        'GET /forsinket.csv leader',
        'POST /forsinket/kvitter leader',
        'GET /healthz anyone',
        'GET /readyz anyone',
        'GET /metrics anyone',
        'GET /login anyone',
        'GET /login/callback anyone',
        'GET /logget-ud anyone',
        'GET /opgaver staff',
        'GET /sager/:caseId staff',
        'GET /sager/ny staff',
        'POST /sager/ny staff',
        'POST /sager/:caseId staff',
        'POST /logout staff',
        'POST /sprog staff',
        'GET /regler administrator',
        'GET /regler/:programme/forslag/:version administrator',
        'GET /regler/:programme/migrering/:n administrator',
        'POST /regler/:programme/forslag administrator',
        'POST /regler/:programme/forslag/:version/afvis administrator',
        'POST /regler/:programme/forslag/:version/godkend administrator',
        'POST /regler/:programme/forslag/:version/migrering administrator',
        'GET /regler/:programme/udkast administrator',
        'POST /regler/:programme/udkast administrator',
        'GET /regler/:programme/udkast/vis administrator',
        'POST /regler/:programme/udkast/vis administrator',
        'GET /regler/:programme/udkast/virkning/:job administrator',
        'GET /regler/:programme/udkast/virkning/:job/status administrator',
      ].sort(),
    );
  });

  // page → expected status per person (303: sent to sign in and back)
  const pages: [string, Record<Who, number>][] = [
    ['/', { anonymous: 303, 'sr-mette': 200, 'sp-anne': 200, 'sr-sofie': 200, 'sr-lars': 200, 'tl-karen': 200, 'al-henrik': 200 }],
    ['/opgaver', { anonymous: 303, 'sr-mette': 200, 'sp-anne': 200, 'sr-sofie': 200, 'sr-lars': 200, 'tl-karen': 200, 'al-henrik': 200 }],
    ['nord1', { anonymous: 303, 'sr-mette': 200, 'sp-anne': 200, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 200, 'al-henrik': 200 }],
    ['nord2', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 200, 'sr-sofie': 200, 'sr-lars': 403, 'tl-karen': 200, 'al-henrik': 200 }],
    ['syd1', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 200, 'tl-karen': 403, 'al-henrik': 200 }],
    ['/sager/ny', { anonymous: 303, 'sr-mette': 200, 'sp-anne': 200, 'sr-sofie': 200, 'sr-lars': 200, 'tl-karen': 200, 'al-henrik': 403 }],
    ['/forsinket', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 200, 'al-henrik': 200 }],
    ['/forsinket.csv', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 200, 'al-henrik': 200 }],
    // The rules studio is for administrators only; none of these people is one.
    ['/regler', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 403, 'al-henrik': 403 }],
    ['/regler/spaedbarnsindsatsen/forslag/1', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 403, 'al-henrik': 403 }],
    ['/regler/spaedbarnsindsatsen/udkast', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 403, 'al-henrik': 403 }],
    ['/regler/spaedbarnsindsatsen/udkast/vis', { anonymous: 303, 'sr-mette': 403, 'sp-anne': 403, 'sr-sofie': 403, 'sr-lars': 403, 'tl-karen': 403, 'al-henrik': 403 }],
    ['/sager/W-none-1', { anonymous: 303, 'sr-mette': 404, 'sp-anne': 404, 'sr-sofie': 404, 'sr-lars': 404, 'tl-karen': 404, 'al-henrik': 404 }],
  ];
  const rows = pages.flatMap(([page, expected]) => (Object.entries(expected) as [Who, number][]).map(([who, status]) => [page, who, status] as const));
  it.each(rows)('GET %s as %s → %i', async (page, who, status) => {
    const path = page.startsWith('/') ? page : `/sager/${env.cases[page as keyof WebEnv['cases']]}`;
    const res = await request(who, 'GET', path);
    expect(res.statusCode).toBe(status);
    if (status === 303) expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    if (status === 403) {
      // Danish first; English for the person who chose it in the directory.
      const english = who === 'sr-sofie';
      expect(res.body).toContain(english ? '<html lang="en">' : '<html lang="da">');
      expect(res.body).toContain(english ? '<h1>No access</h1>' : '<h1>Ingen adgang</h1>');
      // The refusal says nothing about the case.
      expect(/<main[^]*<\/main>/.exec(res.body)?.[0]).not.toContain('W-');
    }
  });

  it.each([['/logout'], ['/sprog'], ['/forsinket/kvitter']])('POST %s: anonymous is sent to sign in', async (path) => {
    const res = await request('anonymous', 'POST', path, { lang: 'en' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
  });
});

describe('what each person sees', () => {
  it('a caseworker’s tasks list her own case only', async () => {
    const res = await request('sr-mette', 'GET', '/opgaver');
    expect(res.body).toContain(env.cases.nord1);
    expect(res.body).not.toContain(env.cases.nord2);
    expect(res.body).not.toContain(env.cases.syd1);
    // Step titles come from the programme; the meeting is late.
    expect(res.body).toMatch(/Sagsmøde i børneteamet<\/td>[^]*?forsinket/);
  });
  it('a team leader’s overdue list holds her unit’s cases, a department leader’s both units', async () => {
    const karen = (await request('tl-karen', 'GET', '/forsinket')).body;
    expect(karen).toContain(env.cases.nord1);
    expect(karen).toContain(env.cases.nord2);
    expect(karen).not.toContain(env.cases.syd1);
    const henrik = (await request('al-henrik', 'GET', '/forsinket')).body;
    for (const id of Object.values(env.cases)) expect(henrik).toContain(id);
  });
  it('the case page shows phase, timeline and log in domain words', async () => {
    const body = (await request('sr-mette', 'GET', `/sager/${env.cases.nord1}`)).body;
    expect(body).toContain('<h1>Sag ' + env.cases.nord1 + '</h1>');
    expect(body).toMatch(/Fase 1 af \d/);
    expect(body).toContain('Spædbarnsindsats');
    expect(body).toContain('Sagen oprettet');
    expect(body).toContain('Karen'); // who opened it, by name
  });
});

describe('refusals change nothing', () => {
  it('the other unit’s person gets 403 and the case’s log is as it was', async () => {
    const handle = env.client.workflow.getHandle(env.cases.nord1);
    const before = await handle.query(eventLogQuery);
    const res = await request('sr-lars', 'GET', `/sager/${env.cases.nord1}`);
    expect(res.statusCode).toBe(403);
    expect(await handle.query(eventLogQuery)).toEqual(before);
  });

  it('a form without its CSRF token is refused and nothing changes', async () => {
    const jar = new CookieJar();
    await signIn(jar, env.web.url, 'sp-anne');
    const refused = await request(jar, 'POST', '/sprog', { lang: 'en', back: '/' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('<h1>Formularen er udløbet</h1>');
    expect((await request(jar, 'GET', '/')).body).toContain('<html lang="da">');
    const wrong = await request(jar, 'POST', '/logout', { _csrf: 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    expect((await request(jar, 'GET', '/')).statusCode).toBe(200);
  });

  it('with its token the language switch works for the person', async () => {
    const jar = new CookieJar();
    await signIn(jar, env.web.url, 'sp-anne');
    const page = await request(jar, 'GET', '/opgaver');
    const res = await request(jar, 'POST', '/sprog', { _csrf: csrfOf(page.body)!, lang: 'en', back: '/opgaver' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/opgaver');
    const english = (await request(jar, 'GET', '/opgaver')).body;
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('<h1>My tasks</h1>');
  });
});

describe('sign-in, the mail link, sign-out and idle time', () => {
  it('the e-mail link opens the case after sign-in', async () => {
    const link = `${loadMailConfig({ VUGGE_CASE_URL: `${env.web.url}/sager/` }).caseUrl}${env.cases.nord1}`;
    const jar = new CookieJar();
    const path = new URL(link).pathname;
    const landed = await signIn(jar, env.web.url, 'sr-mette', path);
    expect(landed.location).toBe(link);
    const res = await request(jar, 'GET', path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h1>Sag ${env.cases.nord1}</h1>`);
  });

  it('a person the directory does not know is not signed in', async () => {
    const jar = new CookieJar();
    // The local provider only offers the directory's people: the pick is refused.
    const res = await signIn(jar, env.web.url, 'sr-unknown');
    expect(res.status).toBe(400);
    expect((await request(jar, 'GET', '/')).statusCode).toBe(303);
  });

  it('sign-out ends the session', async () => {
    const jar = new CookieJar();
    await signIn(jar, env.web.url, 'sr-lars');
    const page = await request(jar, 'GET', '/');
    const out = await request(jar, 'POST', '/logout', { _csrf: csrfOf(page.body)! });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/logget-ud?lang=da');
    expect((await request(jar, 'GET', '/logget-ud?lang=da')).body).toContain('<h1>Du er logget ud</h1>');
    expect((await request(jar, 'GET', '/')).statusCode).toBe(303);
  });

  it('after the idle time a person must sign in again, and is told why', async () => {
    let clock = Date.now();
    const web = await startWeb({ client: env.client, env: { VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0', VUGGE_SESSION_IDLE: '30 minutes' }, now: () => clock });
    try {
      const jar = new CookieJar();
      await signIn(jar, web.url, 'sr-mette');
      // Sign-in stamps the session with the real time; the app's clock starts there.
      clock = Date.now();
      expect((await request(jar, 'GET', '/', undefined, web)).statusCode).toBe(200);
      clock += 29 * 60_000;
      expect((await request(jar, 'GET', '/', undefined, web)).statusCode).toBe(200);
      clock += 31 * 60_000;
      const idle = await request(jar, 'GET', '/opgaver', undefined, web);
      expect(idle.statusCode).toBe(401);
      expect(idle.body).toContain('Du blev logget ud, fordi du ikke havde brugt Vugge et stykke tid.');
      expect(idle.body).toContain('href="/login?next=%2Fopgaver"');
    } finally {
      await web.close();
    }
  });

  it('session cookie and security headers', async () => {
    const jar = new CookieJar();
    const origin = new URL(env.web.url).origin;
    const login = await env.web.app.inject({ method: 'GET', url: '/login?next=/opgaver' });
    expect(login.statusCode).toBe(303);
    expect(String(login.headers['set-cookie'])).toMatch(/^vugge_session=[^;]+;.*HttpOnly.*SameSite=Lax/i);
    expect(String(login.headers['set-cookie'])).not.toMatch(/Secure/);
    jar.store(origin, []);
    const res = await request('sr-mette', 'GET', '/');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sign-in is rate limited per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await env.web.app.inject({ method: 'GET', url: '/login', remoteAddress: '192.0.2.7' })).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
