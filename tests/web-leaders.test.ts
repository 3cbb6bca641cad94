/**
 * The leaders' page *Forsinket* at HTTP level, on a dev server with the web environment's cases
 * (each opened long after it was notified, so late and escalated) and people signed in through the
 * real local OpenID provider: Kvittér by a team leader reaches the case as hers, a caseworker's is
 * refused and changes nothing; the filter narrows the list, the CSV holds the same rows and runs no
 * formula, the chart has its numbers in a table, and the units' undeliverable mail is listed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLogQuery } from '../workflows/case-messages.js';
import { UndeliverableLog, type UndeliverableRecord } from '../worker/storage/undeliverable.js';
import { tempDataDir } from './mail-support.js';
import { signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
let request: AsPerson;
/** Mette's name as a hostile directory entry would give it: a spreadsheet formula. */
const FORMULA_NAME = '=HYPERLINK("https://evil.example";"klik")';

function undeliverable(unit: string, caseId: string, staffId: string): UndeliverableRecord {
  const at = unit === 'nord' ? '2026-03-12T08:00:00.000Z' : '2026-03-13T08:00:00.000Z';
  return { key: `k-${unit}`, kind: 'reminder', caseId, stepId: 'teamsamtale', unit, staffId, reason: 'recipient_rejected', detail: '550 no such user', dueAt: at, at };
}

beforeAll(async () => {
  const dataDir = await tempDataDir();
  const staffFile = join(dataDir, 'staff.yaml');
  writeFileSync(staffFile, readFileSync('config/staff.example.yaml', 'utf8').replace('name: Mette,', `name: '${FORMULA_NAME}',`));
  env = await startWebEnv({ VUGGE_DATA_DIR: dataDir, VUGGE_STAFF_FILE: staffFile });
  const log = await UndeliverableLog.open(dataDir);
  await log.record(undeliverable('nord', env.cases.nord1, 'sp-anne'));
  await log.record(undeliverable('syd', env.cases.syd1, 'sp-hanne'));
  await log.close();
  request = await signInPeople(env.web, ['sr-mette', 'tl-karen', 'al-henrik']);
});
afterAll(async () => {
  await env?.stop();
});

const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
const logOf = (caseId: string) => env.client.workflow.getHandle(caseId).query(eventLogQuery);

/** The Kvittér forms on the page: the case, step and occurrence each sends. */
function kvitterForms(body: string): { caseId: string; step: string; occurrence: string }[] {
  return [...body.matchAll(/<form method="post" action="\/forsinket\/kvitter"[^]*?<\/form>/g)].map(([form]) => ({
    caseId: /name="caseId" value="([^"]+)"/.exec(form)![1]!,
    step: /name="step" value="([^"]+)"/.exec(form)![1]!,
    occurrence: /name="occurrence" value="([^"]+)"/.exec(form)![1]!,
  }));
}

/** The overdue table's rows: owners, step, days late, case. */
function overdueRows(body: string): { owners: string; caseId: string; step: string; daysLate: number }[] {
  const table = /<caption>Forsinkede trin<\/caption>[^]*?<\/table>/.exec(body)?.[0] ?? '';
  return [...table.matchAll(/<tr>\s*<td>([^<]*)<\/td>\s*<td>([^<]*)<\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>(\d+)<\/td>\s*<td><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => ({
    owners: m[1]!,
    step: m[2]!,
    daysLate: Number(m[3]),
    caseId: m[4]!,
  }));
}

/** The first choice a select of the filter offers besides "all": [value, text]. */
function firstChoice(body: string, field: string): [string, string] {
  const m = new RegExp(`<select[^>]*id="filter-${field}"[^>]*>\\s*<option value="">[^<]*</option>\\s*<option value="([^"]+)">([^<]+)<`).exec(body)!;
  return [m[1]!, m[2]!];
}

describe('Kvittér', () => {
  it('a team leader acknowledges an escalation of her unit, and the case’s log shows it by her', async () => {
    const page = (await request('tl-karen', 'GET', '/forsinket')).body;
    const forms = kvitterForms(page);
    expect(forms.map((f) => f.caseId)).toContain(env.cases.nord1);
    expect(forms.map((f) => f.caseId)).not.toContain(env.cases.syd1);
    const chosen = forms.find((f) => f.caseId === env.cases.nord1)!;
    const res = await request('tl-karen', 'POST', '/forsinket/kvitter', { _csrf: csrfOf(page), ...chosen, enhed: 'nord', by: 'sr-mette' });
    expect(res.statusCode).toBe(303);
    const done = `${chosen.caseId}:${chosen.step}:${chosen.occurrence}`;
    expect(res.headers.location).toBe(`/forsinket?enhed=nord&kvitteret=${encodeURIComponent(done)}#eskaleringer`);
    expect((await logOf(env.cases.nord1)).at(-1)!.event).toEqual({ type: 'acknowledged', stepId: chosen.step, occurrence: Number(chosen.occurrence), by: 'tl-karen' });

    // The read model has not caught up (nothing projects here): the row shows as acknowledged from the update.
    const after = (await request('tl-karen', 'GET', res.headers.location!.replace(/#.*/, ''))).body;
    expect(after).toContain('Kvitteringen er registreret; der sendes ikke flere eskaleringer for trinnet.');
    expect(kvitterForms(after)).not.toContainEqual(chosen);
    expect(kvitterForms(after).length).toBe(forms.length - 1);
    expect(after).toMatch(new RegExp(`${chosen.caseId}</a></td>[^]*?<span class="badge badge-success">Kvitteret</span>`));
    // A made-up acknowledgement in the address marks nothing.
    const forged = (await request('tl-karen', 'GET', '/forsinket?kvitteret=K-1%3Ateamsamtale%3Ax')).body;
    expect(forged).not.toContain('Kvitteringen er registreret');
    const casePage = (await request('tl-karen', 'GET', `/sager/${env.cases.nord1}`)).body;
    expect(casePage).toMatch(/<td>Karen<\/td><td>Eskalering kvitteret: [^<]+<\/td>/);
  });

  it('the same escalation sent again is refused with the case’s own sentence', async () => {
    const acknowledged = (await logOf(env.cases.nord1)).map((l) => l.event).find((e) => e.type === 'acknowledged');
    expect(acknowledged).toBeDefined();
    const { stepId, occurrence } = acknowledged as { stepId: string; occurrence: number };
    const page = (await request('tl-karen', 'GET', '/forsinket')).body;
    const before = await logOf(env.cases.nord1);
    const res = await request('tl-karen', 'POST', '/forsinket/kvitter', { _csrf: csrfOf(page), caseId: env.cases.nord1, step: stepId, occurrence: String(occurrence) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Eskaleringen blev ikke kvitteret');
    expect(res.body).toContain(`Eskaleringen for &#39;${stepId}&#39; nr. ${occurrence} er allerede kvitteret.`);
    expect(await logOf(env.cases.nord1)).toEqual(before);
  });

  it('a caseworker on the case posting Kvittér gets 403 and nothing changes', async () => {
    const leaderPage = (await request('al-henrik', 'GET', '/forsinket')).body;
    const chosen = kvitterForms(leaderPage).find((f) => f.caseId === env.cases.nord1)!;
    expect(chosen).toBeDefined();
    const before = await logOf(env.cases.nord1);
    const own = (await request('sr-mette', 'GET', `/sager/${env.cases.nord1}`)).body;
    const res = await request('sr-mette', 'POST', '/forsinket/kvitter', { _csrf: csrfOf(own), ...chosen });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('<h1>Ingen adgang</h1>');
    expect(await logOf(env.cases.nord1)).toEqual(before);
  });

  it('a team leader posting Kvittér for another unit’s case gets 403 and nothing changes', async () => {
    const henrik = (await request('al-henrik', 'GET', '/forsinket')).body;
    const syd = kvitterForms(henrik).find((f) => f.caseId === env.cases.syd1)!;
    expect(syd).toBeDefined();
    const before = await logOf(env.cases.syd1);
    const karen = (await request('tl-karen', 'GET', '/forsinket')).body;
    const res = await request('tl-karen', 'POST', '/forsinket/kvitter', { _csrf: csrfOf(karen), ...syd });
    expect(res.statusCode).toBe(403);
    expect(await logOf(env.cases.syd1)).toEqual(before);
  });

  it('Kvittér without its CSRF token is refused', async () => {
    const before = await logOf(env.cases.nord2);
    const res = await request('tl-karen', 'POST', '/forsinket/kvitter', { caseId: env.cases.nord2, step: 'teamsamtale', occurrence: '1' });
    expect(res.statusCode).toBe(403);
    expect(await logOf(env.cases.nord2)).toEqual(before);
  });
});

describe('sort and filter', () => {
  it('filters narrow the list to a unit, an owner or a step', async () => {
    const all = overdueRows((await request('al-henrik', 'GET', '/forsinket')).body);
    expect(new Set(all.map((r) => r.caseId))).toEqual(new Set(Object.values(env.cases)));
    expect(all.map((r) => r.daysLate)).toEqual([...all.map((r) => r.daysLate)].sort((a, b) => b - a));

    const syd = overdueRows((await request('al-henrik', 'GET', '/forsinket?enhed=syd')).body);
    expect(syd.length).toBeGreaterThan(0);
    expect(syd.every((r) => r.caseId === env.cases.syd1)).toBe(true);

    const [owner, ownerName] = firstChoice((await request('al-henrik', 'GET', '/forsinket')).body, 'ansvarlig');
    const byOwner = (await request('al-henrik', 'GET', `/forsinket?ansvarlig=${owner}`)).body;
    const ownerRows = overdueRows(byOwner);
    expect(ownerRows.length).toBeGreaterThan(0);
    expect(ownerRows.every((r) => r.owners.split(', ').includes(ownerName))).toBe(true);
    expect(ownerRows.length).toBeLessThan(all.length);
    expect(byOwner).toContain(`Viser ${ownerRows.length} af ${all.length} forsinkede trin.`);
    expect(byOwner).toContain(`<option value="${owner}" selected>${ownerName}</option>`);

    const [step, stepName] = firstChoice(byOwner, 'trin');
    const oneStep = overdueRows((await request('al-henrik', 'GET', `/forsinket?trin=${step}`)).body);
    expect(oneStep.length).toBeGreaterThan(0);
    expect(oneStep.every((r) => r.step.startsWith(stepName))).toBe(true);
    expect(oneStep.length).toBeLessThan(all.length);
  });

  it('sorts by case', async () => {
    const rows = overdueRows((await request('al-henrik', 'GET', '/forsinket?sorter=sag')).body);
    expect(rows.map((r) => r.caseId)).toEqual([...rows.map((r) => r.caseId)].sort());
  });

  it('a filter value that is not valid gets its sentence beside the field', async () => {
    const res = await request('al-henrik', 'GET', '/forsinket?enhed=Nord%21');
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/<span class="form-error-message" id="filter-enhed-error">«Nord!» er ikke en gyldig kode/);
    expect(res.body).toContain('href="#filter-enhed"');
  });
});

describe('CSV export', () => {
  it('has the filtered rows, Danish headers and semicolons, and runs no formula', async () => {
    const page = overdueRows((await request('tl-karen', 'GET', '/forsinket?ansvarlig=sr-mette')).body);
    const res = await request('tl-karen', 'GET', '/forsinket.csv?ansvarlig=sr-mette');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="forsinkede-trin-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = res.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('Sag;Enhed;Fase;Trin;Senest;Dage for sent;Ansvarlig');
    expect(rows.map((r) => r.split(';')[0])).toEqual(page.map((r) => r.caseId));
    expect(rows.length).toBeGreaterThan(0);
    // Mette's name is a formula in this directory: it arrives as text.
    for (const row of rows) expect(row.endsWith(`"'=HYPERLINK(""https://evil.example"";""klik"")"`)).toBe(true);
    expect(res.body).not.toMatch(/(^|;)[=+\-@]/m);
  });
});

describe('the rest of the page', () => {
  it('overdue steps per week: a chart of the last 12 weeks, with each unit’s count in its table', async () => {
    const body = (await request('al-henrik', 'GET', '/forsinket')).body;
    const all = overdueRows(body);
    expect(body).toMatch(/<svg [^>]*role="img" aria-labelledby="weekly-title">\s*<title id="weekly-title">Søjlediagram: antal forsinkede trin i hver af de seneste 12 uger/);
    const table = /<caption>Forsinkede trin pr\. uge i tal<\/caption>[^]*?<\/table>/.exec(body)![0];
    expect(table).toMatch(/<th scope="col">Uge<\/th><th scope="col">Fra<\/th><th scope="col">[^<]+<\/th><th scope="col">[^<]+<\/th><th scope="col">I alt<\/th>/);
    const rows = [...table.matchAll(/<tr><th scope="row">Uge (\d+)<\/th><td>[^<]+<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g)];
    expect(rows).toHaveLength(12);
    // Only today's snapshot was taken: earlier weeks have a dash, not 0; this week counts today's list.
    expect(rows.slice(0, 11).every((r) => r[4] === '–')).toBe(true);
    expect(Number(rows[11]![4])).toBe(all.length);
    expect(Number(rows[11]![2]) + Number(rows[11]![3])).toBe(all.length);
    expect(body).toContain('En streg betyder, at der ikke blev talt op den uge.');

    const syd = /<caption>Forsinkede trin pr\. uge i tal<\/caption>[^]*?<\/table>/.exec((await request('al-henrik', 'GET', '/forsinket?enhed=syd')).body)![0];
    expect(syd).not.toContain('I alt');
    expect(syd.match(/<th scope="col">/g)).toHaveLength(3);
    const karen = (await request('tl-karen', 'GET', '/forsinket')).body;
    expect(/<caption>Forsinkede trin pr\. uge i tal<\/caption>[^]*?<\/table>/.exec(karen)![0]).not.toContain('I alt');
  });

  it('the chart of lateness by step has a label and a table with its numbers', async () => {
    const body = (await request('al-henrik', 'GET', '/forsinket')).body;
    const all = overdueRows(body);
    expect(body).toMatch(/<svg [^>]*role="img" aria-labelledby="lateness-title">\s*<title id="lateness-title">Søjlediagram: gennemsnitligt antal dage for sent for \d+ trin/);
    const table = /<caption>Forsinkelse pr\. trin i tal<\/caption>[^]*?<\/table>/.exec(body)![0];
    const counts = [...table.matchAll(/<th scope="row">[^<]+<\/th><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(all.length);
    const chart = /<svg [^>]*aria-labelledby="lateness-title">[^]*?<\/svg>/.exec(body)![0];
    expect(chart.match(/<rect /g)?.length).toBe(counts.length);
  });

  it('undeliverable notifications of the leader’s units only', async () => {
    const karen = (await request('tl-karen', 'GET', '/forsinket')).body;
    const table = /<caption>Notifikationer, der ikke er leveret og endnu ikke sendt igen<\/caption>[^]*?<\/table>/.exec(karen)![0];
    expect(table).toContain(env.cases.nord1);
    expect(table).not.toContain(env.cases.syd1);
    expect(table).toMatch(/<td>Anne<\/td>\s*<td>Adressen blev afvist<\/td>\s*<td>Venter på at blive sendt igen<\/td>/);
    const henrik = (await request('al-henrik', 'GET', '/forsinket')).body;
    expect(henrik).toContain('<td>Hanne</td>');
  });
});
