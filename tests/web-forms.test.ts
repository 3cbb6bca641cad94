/**
 * The *Sagen* page's forms at HTTP level, on a dev server with the web environment's cases and
 * people signed in through the real local OpenID provider: what a caseworker registers reaches the
 * case as hers whatever the form says, the contract's sentence stands beside a bad field, and
 * refusals change nothing.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLogQuery, timelineQuery } from '../workflows/case-messages.js';
import { postFromPage, signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;

let request: AsPerson;

beforeAll(async () => {
  env = await startWebEnv();
  request = await signInPeople(env.web, ['sr-mette', 'sr-sofie', 'sr-lars']);
});
afterAll(async () => {
  await env?.stop();
});

/** Opens the case page and sends one of its forms with the page's own CSRF token. */
function post(who: string, caseId: string, form: Record<string, string>) {
  return postFromPage(request, who, `/sager/${caseId}`, `/sager/${caseId}`, form);
}

const logOf = (caseId: string) => env.client.workflow.getHandle(caseId).query(eventLogQuery);

describe('a caseworker on the team registers what happened', () => {
  it('registers the birth as herself even when the form names someone else', async () => {
    const caseId = env.cases.nord1;
    const res = await post('sr-mette', caseId, { form: 'event', what: 'birth', at: day(-2), by: 'sr-sofie' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sager/${caseId}?gemt=event`);
    const last = (await logOf(caseId)).at(-1)!.event;
    expect(last).toMatchObject({ type: 'occurred', what: 'birth', at: day(-2), by: 'sr-mette' });
    const page = (await request('sr-mette', 'GET', res.headers.location as string)).body;
    expect(page).toContain('Hændelsen er registreret.');
    expect(page).toMatch(/Mette[^<]*<\/td><td>Fødsel registreret/);
  });

  it('plans a meeting: the case holds the date and time and logs it as hers', async () => {
    const caseId = env.cases.nord2;
    const page = (await request('sr-mette', 'GET', `/sager/${caseId}`)).body;
    expect(page).not.toContain('id="meeting-step"'); // not her case: she may not even see it
    const own = (await request('sr-sofie', 'GET', `/sager/${caseId}`)).body;
    const meeting = /<select[^>]*id="meeting-step"[^]*?<option value="([^"]+)"/.exec(own.replace(/<option value="">[^<]*<\/option>/, ''))?.[1];
    expect(meeting).toBeDefined();
    const res = await post('sr-sofie', caseId, { form: 'meeting', step: meeting!, at: day(7), time: '10:30', by: 'tl-karen' });
    expect(res.statusCode).toBe(303);
    const [stepId, occurrence] = meeting!.split(':');
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'planned', step: stepId, occurrence: Number(occurrence), at: day(7), time: '10:30', by: 'sr-sofie' });
    const entry = (await env.client.workflow.getHandle(caseId).query(timelineQuery)).find((e) => e.stepId === stepId && e.occurrence === Number(occurrence));
    expect(entry).toMatchObject({ target: day(7), time: '10:30' });
  });

  it('registers an open step as done, by its title from the case’s programme', async () => {
    const caseId = env.cases.nord1;
    const page = (await request('sr-mette', 'GET', `/sager/${caseId}`)).body;
    const choice = /<select[^>]*id="done-step"[^>]*>\s*<option value="">[^<]*<\/option>\s*<option value="([^"]+)">([^<]+)</.exec(page);
    expect(choice).not.toBeNull();
    const [stepId] = choice![1]!.split(':');
    const res = await post('sr-mette', caseId, { form: 'done', step: choice![1]!, at: day(-1) });
    expect(res.statusCode).toBe(303);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'occurred', what: stepId, at: day(-1), by: 'sr-mette' });
  });

  it('pauses the case with a reason shown in Danish words, then resumes it', async () => {
    const caseId = env.cases.syd1;
    const page = (await request('sr-lars', 'GET', `/sager/${caseId}`)).body;
    expect(page).toContain('<option value="hospitalsophold">hospitalsophold</option>');
    expect((await post('sr-lars', caseId, { form: 'pause', at: day(-2), reason: 'hospitalsophold' })).statusCode).toBe(303);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'pause', at: day(-2), reason: 'hospitalsophold', by: 'sr-lars' });
    const paused = (await request('sr-lars', 'GET', `/sager/${caseId}?gemt=pause`)).body;
    expect(paused).toContain('Sagen er sat på pause.');
    expect(paused).toContain('name="form" value="resume"');
    expect(paused).not.toContain('name="form" value="pause"');
    expect((await post('sr-lars', caseId, { form: 'resume', at: day(-1) })).statusCode).toBe(303);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'resume', at: day(-1), by: 'sr-lars' });
  });

  it('registers a home visit with hours written the Danish way', async () => {
    const caseId = env.cases.nord1;
    const res = await post('sr-mette', caseId, { form: 'visit', at: day(-1), hours: '1,5' });
    expect(res.statusCode).toBe(303);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'visit', at: day(-1), hours: 1.5, by: 'sr-mette' });
  });
});

describe('a rejected form comes back with the sentence beside the field', () => {
  it.each([
    ['a date that does not exist (the contract)', { form: 'event', what: 'discharge', at: '2026-02-30' }, 'event-at', 'Feltet «dato»: 2026-02-30 er ikke en rigtig dato: februar 2026 har 28 dage; skriv fx 2026-02-28.'],
    ['a date in the future (the case’s own validator)', { form: 'visit', at: day(3), hours: '2' }, 'visit-at', `Datoen ${day(3)} ligger efter i dag (${day(0)}); registrér hændelsen, når den er sket.`],
    ['hours that are not a number', { form: 'visit', at: day(-1), hours: 'to' }, 'visit-hours', '«to» er ikke et tal: skriv fx 1,5.'],
  ])('%s', async (_name, form, fieldId, sentence) => {
    const caseId = env.cases.nord1;
    const before = await logOf(caseId);
    const res = await post('sr-mette', caseId, form);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(`<span class="form-error-message" id="${fieldId}-error">${sentence.replace(/'/g, '&#39;')}</span>`);
    expect(res.body).toContain(`href="#${fieldId}"`);
    expect(res.body).toMatch(new RegExp(`id="${fieldId}"[^>]*aria-invalid="true"[^>]*value="${form.at === '2026-02-30' ? '2026-02-30' : '[^"]*'}"`));
    expect(await logOf(caseId)).toEqual(before);
  });

  it('in English for the person who reads Vugge in English', async () => {
    const caseId = env.cases.nord2;
    const before = await logOf(caseId);
    const res = await post('sr-sofie', caseId, { form: 'visit', at: '2026-02-30', hours: '1' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<span class="form-error-message" id="visit-at-error">Field &#39;date&#39;: 2026-02-30 is not a real date: February 2026 has 28 days; write e.g. 2026-02-28.</span>');
    expect(await logOf(caseId)).toEqual(before);
  });
});

describe('refusals change nothing', () => {
  it('a person of another unit posting to the case gets 403', async () => {
    const caseId = env.cases.nord1;
    const before = await logOf(caseId);
    const own = (await request('sr-lars', 'GET', `/sager/${env.cases.syd1}`)).body;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(own)![1]!;
    const res = await request('sr-lars', 'POST', `/sager/${caseId}`, { _csrf: csrf, form: 'visit', at: day(-1), hours: '1' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>Ingen adgang</h1>');
    expect(await logOf(caseId)).toEqual(before);
  });

  it('a form without its CSRF token is refused', async () => {
    const caseId = env.cases.nord1;
    const before = await logOf(caseId);
    const res = await request('sr-mette', 'POST', `/sager/${caseId}`, { form: 'visit', at: day(-1), hours: '1' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>Formularen er udløbet</h1>');
    expect(await logOf(caseId)).toEqual(before);
  });
});
