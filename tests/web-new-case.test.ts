/**
 * *Ny sag* at HTTP level, on a dev server with people signed in through the real local OpenID
 * provider: a caseworker opens a case and lands on it, with the id Vugge chose and herself as who
 * opened it; a bad value is shown beside its field and nothing is created; nobody opens a case in
 * a unit that is not theirs.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseExists } from '../client/service/new-case.js';
import { eventLogQuery, snapshotQuery } from '../workflows/case-messages.js';
import { postFromPage, signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const caseId = (n: number) => `K-${today.year}-${String(n).padStart(4, '0')}`;
const PROGRAMME = 'spaedbarnsindsatsen';

let request: AsPerson;

beforeAll(async () => {
  env = await startWebEnv();
  request = await signInPeople(env.web, ['sr-mette', 'sr-lars', 'tl-karen', 'sr-sofie', 'al-henrik']);
});
afterAll(async () => {
  await env?.stop();
});

/** Opens the page for the programme and sends its form with the page's own CSRF token. */
function post(who: string, form: Record<string, string>) {
  return postFromPage(request, who, `/sager/ny?programme=${PROGRAMME}`, '/sager/ny', { programme: PROGRAMME, ...form });
}

const metteTeam = { 'team.socialraadgiver': 'sr-mette', 'team.sundhedsplejerske': 'sp-anne', 'team.familieterapeut': 'ft-peter' };
const exists = (id: string) => caseExists(env.client)(id);

describe('a social worker opens a case', () => {
  it('chooses the programme, then team and dates, and lands on the new case as its opener', async () => {
    const first = await request('sr-mette', 'GET', '/sager/ny');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1>Opret ny sag</h1>');
    expect(first.body).toContain(`<option value="${PROGRAMME}">Spædbarnsindsatsen</option>`);
    const form = (await request('sr-mette', 'GET', `/sager/ny?programme=${PROGRAMME}`)).body;
    // Her own place is filled in; her unit is the only one and is not asked; the case id is never asked.
    expect(form).toMatch(/id="ny-team-socialraadgiver"[^]*?<option value="sr-mette" selected>Mette<\/option>/);
    expect(form).toContain('Spædbarnsteam Nord');
    expect(form).not.toContain('Spædbarnsteam Syd');
    expect(form).not.toContain('name="caseId"');

    const res = await post('sr-mette', { unit: 'nord', ...metteTeam, notified: day(-1), dueDate: day(120), openedBy: 'tl-karen', caseId: '0101901234' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sager/${caseId(1)}`);
    const handle = env.client.workflow.getHandle(caseId(1));
    expect(await handle.query(snapshotQuery)).toMatchObject({ programmeId: PROGRAMME, unit: 'nord', municipality: '0751', notified: day(-1), team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' } });
    expect((await handle.query(eventLogQuery))[0]!.event).toMatchObject({ type: 'opened', by: 'sr-mette' });
    const page = await request('sr-mette', 'GET', res.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<h1>Sag ${caseId(1)}</h1>`);
  });

  it('the next case gets the next unused number; a team leader need not be on the team', async () => {
    const res = await post('tl-karen', { unit: 'nord', 'team.socialraadgiver': 'sr-sofie', notified: day(0) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sager/${caseId(2)}`);
    expect((await request('tl-karen', 'GET', res.headers.location as string)).statusCode).toBe(200);
  });
});

describe('a rejected form shows the sentence beside its field and creates nothing', () => {
  it.each([
    ['a date that does not exist', { unit: 'nord', ...metteTeam, notified: '2026-02-30' }, 'notified', 'Feltet «underretningsdato»: 2026-02-30 er ikke en rigtig dato: februar 2026 har 28 dage; skriv fx 2026-02-28.'],
    ['a notification that has not come yet', { unit: 'nord', ...metteTeam, notified: day(2) }, 'notified', `Underretningsdatoen ${day(2)} ligger efter i dag (${day(0)}); skriv den dag, underretningen kom.`],
    ['no notification date', { unit: 'nord', ...metteTeam, notified: '' }, 'notified', 'Skriv datoen, underretningen kom.'],
    ['a due date that cannot belong to the case', { unit: 'nord', ...metteTeam, notified: day(-1), dueDate: '2020-01-01' }, 'dueDate', undefined],
    ['a health visitor of another unit on the team', { unit: 'nord', ...metteTeam, 'team.sundhedsplejerske': 'sp-hanne', notified: day(-1) }, 'team-sundhedsplejerske', 'Vælg en medarbejder fra enheden, som har denne rolle.'],
    ['a person in a role they do not hold', { unit: 'nord', ...metteTeam, 'team.familieterapeut': 'sp-anne', notified: day(-1) }, 'team-familieterapeut', 'Vælg en medarbejder fra enheden, som har denne rolle.'],
    ['a caseworker leaving herself off the team', { unit: 'nord', 'team.socialraadgiver': 'sr-sofie', notified: day(-1) }, 'team-socialraadgiver', 'Sæt dig selv på teamet: du kan kun se de sager, du er på.'],
    ['nobody on the team', { unit: 'nord', 'team.socialraadgiver': '', notified: day(-1) }, 'team-socialraadgiver', 'Vælg mindst én medarbejder til sagens team.'],
  ])('%s', async (_name, form, field, sentence) => {
    const next = caseId(3);
    const res = await post('sr-mette', form);
    expect(res.statusCode).toBe(400);
    const error = new RegExp(`<span class="form-error-message" id="ny-${field}-error">([^<]+)</span>`).exec(res.body);
    expect(error, res.body.slice(0, 4000)).not.toBeNull();
    if (sentence) expect(error![1]).toBe(sentence.replace(/'/g, '&#39;'));
    // The summary stands at the top of the page, under the heading, and links to the field.
    expect(res.body).toMatch(new RegExp(`<h1>Opret ny sag</h1>\\s*<div class="alert alert-error"[^>]*tabindex="-1"[^]*?href="#ny-${field}"`));
    expect(res.body).toContain('<title>Fejl: Opret ny sag');
    // What was entered comes back.
    if (field === 'notified') expect(res.body).toMatch(new RegExp(`id="ny-notified"[^>]*aria-invalid="true"[^>]*value="${form.notified}"`));
    expect(await exists(next)).toBe(false);
  });

  it('in English for the person who reads Vugge in English', async () => {
    const res = await post('sr-sofie', { unit: 'nord', 'team.socialraadgiver': 'sr-sofie', notified: '2026-13-01' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<span class="form-error-message" id="ny-notified-error">Field &#39;notification date&#39;: 2026-13-01 is not a real date: the month must be 01–12.</span>');
    expect(await exists(caseId(3))).toBe(false);
  });
});

describe('Ny sag in the menu bar', () => {
  it.each([
    ['sr-mette', true],
    ['tl-karen', true],
    ['al-henrik', false],
  ])('%s: %s', async (who, shown) => {
    const nav = /<nav class="navigation-menu"[^]*?<\/nav>/.exec((await request(who, 'GET', '/')).body)?.[0] ?? '';
    expect(nav.includes('<a href="/sager/ny" class="nav-link"><span>Ny sag</span></a>')).toBe(shown);
  });

  it('is the current item on its own page', async () => {
    const page = (await request('sr-mette', 'GET', '/sager/ny')).body;
    expect(page).toContain('<a href="/sager/ny" class="nav-link" aria-current="page"><span>Ny sag</span></a>');
  });
});

describe('nobody opens a case in a unit that is not theirs', () => {
  it('a social worker of syd posting unit nord gets 403, and no case is opened', async () => {
    const res = await post('sr-lars', { unit: 'nord', 'team.socialraadgiver': 'sr-lars', notified: day(-1) });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>Ingen adgang</h1>');
    expect(await exists(caseId(3))).toBe(false);
  });

  it('his own form offers his own unit and its people only', async () => {
    const form = (await request('sr-lars', 'GET', `/sager/ny?programme=${PROGRAMME}`)).body;
    expect(form).toContain('name="unit" value="syd"');
    expect(form).not.toContain('value="nord"');
    expect(form).not.toContain('sp-anne');
  });
});
