/**
 * The *Sagen* page's forms for moving and cancelling a planned meeting and for handing a role to
 * someone else, at HTTP level on a dev server with the web environment's cases: the case gets the
 * change as the signed-in person's, the calendar invitation of a moved meeting keeps its UID with a
 * higher SEQUENCE and a cancelled one is a CANCEL, and a refused form comes back with the summary at
 * the top of the page and the sentence beside the field, changing nothing.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeNotification } from '../activities/mail/compose.js';
import { loadStaffDirectory } from '../activities/staff/load.js';
import type { StaffDirectory } from '../activities/staff/schema.js';
import { eventLogQuery, snapshotQuery, timelineQuery } from '../workflows/case-messages.js';
import { postFromPage, signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
let request: AsPerson;
let directory: StaffDirectory;
const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;

beforeAll(async () => {
  env = await startWebEnv();
  request = await signInPeople(env.web, ['sr-mette', 'sr-sofie', 'tl-karen']);
  directory = await loadStaffDirectory('config/staff.example.yaml');
});
afterAll(async () => {
  await env?.stop();
});

function post(who: string, caseId: string, form: Record<string, string>) {
  return postFromPage(request, who, `/sager/${caseId}`, `/sager/${caseId}`, form);
}
const logOf = (caseId: string) => env.client.workflow.getHandle(caseId).query(eventLogQuery);
/** The options of a select on the page, without the empty "choose" option. */
function options(page: string, id: string): string[] {
  const select = new RegExp(`<select[^>]*id="${id}"[^>]*>([^]*?)</select>`).exec(page)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]!);
}

/** The invitation mail the worker would send Mette for this request, and its calendar event. */
function invitationFor(caseId: string, stepId: string, occurrence: number, sequence: number) {
  const req = env.notifications.find((n) => n.kind === 'invitation' && n.caseId === caseId && n.stepId === stepId && n.occurrence === occurrence && n.sequence === sequence);
  if (!req) return undefined;
  const mette = { role: 'socialraadgiver', person: directory.person('sr-mette')! };
  const mail = composeNotification(req, mette, [mette], { from: 'Vugge <vugge@example.org>', caseLink: (id) => `http://vugge.test/sager/${id}` });
  const ics = mail.icalEvent as { method: string; content: string };
  const cal = new ICAL.Component(ICAL.parse(ics.content));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { method: ics.method, event: new ICAL.Event(cal.getFirstSubcomponent('vevent')!) };
}

describe('a planned meeting is moved, then cancelled', () => {
  it('sends the same invitation again with the new date and time, then a cancellation', async () => {
    const caseId = env.cases.nord1;
    const page = (await request('sr-mette', 'GET', `/sager/${caseId}`)).body;
    expect(page).toContain('Sagen har ingen planlagte møder at flytte eller aflyse.');
    const meeting = options(page, 'meeting-step')[0]!;
    const [stepId, n] = meeting.split(':');
    const occurrence = Number(n);
    expect((await post('sr-mette', caseId, { form: 'meeting', step: meeting, at: day(7), time: '10:30' })).statusCode).toBe(303);
    await expect.poll(() => invitationFor(caseId, stepId!, occurrence, 0)?.event.startDate.toString(), { timeout: 20_000 }).toBe(`${day(7)}T10:30:00`);

    const planned = (await request('sr-mette', 'GET', `/sager/${caseId}`)).body;
    expect(options(planned, 'move-step')).toEqual([meeting]);
    expect(options(planned, 'cancel-step')).toEqual([meeting]);
    const moved = await post('sr-mette', caseId, { form: 'move', step: meeting, at: day(9), time: '14:00', by: 'tl-karen' });
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe(`/sager/${caseId}?gemt=move`);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'planned', step: stepId, occurrence, at: day(9), time: '14:00', by: 'sr-mette' });
    const entry = (await env.client.workflow.getHandle(caseId).query(timelineQuery)).find((e) => e.stepId === stepId && e.occurrence === occurrence);
    expect(entry).toMatchObject({ target: day(9), time: '14:00', planned: true });
    const confirmed = (await request('sr-mette', 'GET', moved.headers.location as string)).body;
    expect(confirmed).toContain('Mødet er flyttet, og de nye invitationer sendes.');

    await expect.poll(() => invitationFor(caseId, stepId!, occurrence, 1)?.event.startDate.toString(), { timeout: 20_000 }).toBe(`${day(9)}T14:00:00`);
    const first = invitationFor(caseId, stepId!, occurrence, 0)!;
    const second = invitationFor(caseId, stepId!, occurrence, 1)!;
    expect(second.method).toBe('REQUEST');
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBeGreaterThan(first.event.sequence);

    const cancelled = await post('sr-mette', caseId, { form: 'cancel', step: meeting });
    expect(cancelled.statusCode).toBe(303);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'planned', step: stepId, occurrence, at: day(9), time: '14:00', cancelled: true, by: 'sr-mette' });
    await expect.poll(() => invitationFor(caseId, stepId!, occurrence, 2)?.method, { timeout: 20_000 }).toBe('CANCEL');
    const cancel = invitationFor(caseId, stepId!, occurrence, 2)!;
    expect(cancel.event.uid).toBe(first.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(second.event.sequence);
    const after = (await request('sr-mette', 'GET', `/sager/${caseId}?gemt=cancel`)).body;
    expect(after).toContain('Mødet er aflyst, og aflysningerne sendes.');
    expect(after).toContain('Sagen har ingen planlagte møder at flytte eller aflyse.');
  });

  it('refuses a move to a date that has passed: summary at the top, sentence beside the date, nothing changed', async () => {
    const caseId = env.cases.nord1;
    const page = (await request('sr-mette', 'GET', `/sager/${caseId}`)).body;
    const meeting = options(page, 'meeting-step')[0]!;
    expect((await post('sr-mette', caseId, { form: 'meeting', step: meeting, at: day(5) })).statusCode).toBe(303);
    const before = await logOf(caseId);
    const res = await post('sr-mette', caseId, { form: 'move', step: meeting, at: day(-3), time: '09:00' });
    expect(res.statusCode).toBe(400);
    const sentence = `Mødedatoen ${day(-3)} er allerede passeret; registrér et afholdt møde som udført i stedet.`;
    expect(res.body).toContain(`<span class="form-error-message" id="move-at-error">${sentence}</span>`);
    expect(res.body).toMatch(/id="move-at"[^>]*aria-invalid="true"[^>]*value="[^"]+"/);
    // The summary is the first thing under the heading, focusable, and links to the field.
    const top = /<h1>[^<]*<\/h1>\s*(<div class="alert alert-error"[^>]*>[^]*?<\/div>\s*<\/div>)/.exec(res.body)?.[1];
    expect(top).toContain('tabindex="-1"');
    expect(top).toContain(`<a href="#move-at">${sentence}</a>`);
    expect(res.body).toMatch(/<title>Fejl: Sag /);
    expect(await logOf(caseId)).toEqual(before);
  });

  it('refuses to move or cancel a meeting that is not planned', async () => {
    const caseId = env.cases.nord1;
    const before = await logOf(caseId);
    const res = await post('sr-mette', caseId, { form: 'cancel', step: 'sagsmoede:7' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<span class="form-error-message" id="cancel-step-error">Mødet er ikke planlagt; vælg et af sagens planlagte møder.</span>');
    expect(await logOf(caseId)).toEqual(before);
  });
});

describe('a role is handed to someone else', () => {
  it('offers the case’s own roles and the unit’s people who hold them, never a leader role or another unit’s people', async () => {
    const page = (await request('tl-karen', 'GET', `/sager/${env.cases.nord2}`)).body;
    expect(options(page, 'reassign-role')).toEqual(['socialraadgiver']);
    expect(page).toContain('Sagsansvarlig socialrådgiver (nu Sofie)');
    expect(options(page, 'reassign-staff')).toEqual(['sr-mette']);
    expect(page).toContain('<optgroup label="Sagsansvarlig socialrådgiver">');
  });

  it.each([
    ['a person of another unit', { role: 'socialraadgiver', staff: 'sr-lars' }, 'reassign-staff', 'Vælg en medarbejder fra sagens enhed, som har denne rolle.'],
    ['a person the directory does not know', { role: 'socialraadgiver', staff: 'sr-nobody' }, 'reassign-staff', 'Vælg en medarbejder fra sagens enhed, som har denne rolle.'],
    ['a person without the role', { role: 'socialraadgiver', staff: 'sp-anne' }, 'reassign-staff', 'Vælg en medarbejder fra sagens enhed, som har denne rolle.'],
    ['a leader role, which follows the unit', { role: 'teamleder', staff: 'tl-karen' }, 'reassign-role', 'følger sagens enhed i medarbejderkartoteket'],
  ])('refuses %s beside the field, changing nothing', async (_name, form, fieldId, sentence) => {
    const caseId = env.cases.nord2;
    const before = await logOf(caseId);
    const res = await post('tl-karen', caseId, { form: 'reassign', ...form });
    expect(res.statusCode).toBe(400);
    expect(new RegExp(`<span class="form-error-message" id="${fieldId}-error">[^<]*${sentence}`).test(res.body)).toBe(true);
    expect(res.body).toContain(`href="#${fieldId}"`);
    expect(await logOf(caseId)).toEqual(before);
  });

  it('Sofie hands her role to Mette: the case logs it as Sofie’s, Mette gets the case, Sofie is told she no longer sees it', async () => {
    const caseId = env.cases.nord2;
    expect((await request('sr-mette', 'GET', `/sager/${caseId}`)).statusCode).toBe(403);
    const res = await post('sr-sofie', caseId, { form: 'reassign', role: 'socialraadgiver', staff: 'sr-mette', by: 'tl-karen' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/sager/${caseId}?gemt=reassign`);
    expect((await logOf(caseId)).at(-1)!.event).toMatchObject({ type: 'reassign', role: 'socialraadgiver', staff: 'sr-mette', at: day(0), by: 'sr-sofie' });
    expect((await env.client.workflow.getHandle(caseId).query(snapshotQuery)).team.socialraadgiver).toBe('sr-mette');
    const told = await request('sr-sofie', 'GET', res.headers.location as string);
    expect(told.statusCode).toBe(200);
    expect(told.body).toContain('<h1>The role is handed over</h1>');
    expect((await request('sr-sofie', 'GET', `/sager/${caseId}`)).statusCode).toBe(403);
    const mette = await request('sr-mette', 'GET', `/sager/${caseId}`);
    expect(mette.statusCode).toBe(200);
    expect(mette.body).toMatch(/Sofie<\/td><td>Sagsansvarlig socialrådgiver er nu Mette/);
  });
});
