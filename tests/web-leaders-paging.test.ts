/**
 * *Forsinket* over a long list, at HTTP level and in real Chromium: 150 cases of the example
 * directory's units with two or three overdue steps each in the read model (Temporal is not running;
 * the page must not ask it). The department leader gets 50 rows a page with the counts per step and
 * unit at the top; the pages follow each other in the chosen order with the filter kept in the
 * links; a page number that is not one gets one sentence, a page beyond the end shows the last; the
 * page with its pagination has no WCAG 2.1 AA violation. *Mine opgaver* of the caseworker on most
 * of the cases comes 50 a page the same way.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../activities/db/driver.js';
import { migrate } from '../activities/db/migrate.js';
import type { ProjectedOccurrence } from '../activities/db/projection.js';
import { projectCase } from '../activities/db/read-model.js';
import { compile } from '../dsl/compile/compile.js';
import { startWeb, type RunningWeb } from '../client/web/main.js';
import { chromiumPath } from '../scripts/tools.js';
import { axeViolations } from './web/axe.js';
import { signInPeople, type AsPerson } from './web/sign-in-flow.js';

const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const compiled = compile(readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8'));
if (!compiled.ok) throw new Error('rules/spaedbarnsindsatsen.rules does not compile');
const programme = compiled.programme;
const STEPS = programme.steps.slice(0, 3);
const CASES = 150;
/** Cases with an even number have two overdue steps, odd ones three. */
const ROWS = (CASES / 2) * 2 + (CASES / 2) * 3;

let db: Database;
let web: RunningWeb;
let request: AsPerson;

function occurrences(n: number): ProjectedOccurrence[] {
  return STEPS.slice(0, 2 + (n % 2)).map((s, i) => {
    const latest = today.minus({ days: 1 + ((n * 11 + i * 5) % 90) }).toISODate()!;
    return { stepId: s.id, occurrence: 1, phase: s.phase, title: s.title, kind: 'task', target: latest, latest, status: 'overdue', owners: ['socialraadgiver'], ownerStaff: [n % 3 ? 'sr-mette' : 'sr-sofie'], escalationLevel: n % 4 === 0 ? 1 : 0 };
  });
}

beforeAll(async () => {
  db = await openDatabase({ driver: 'pglite', dir: 'memory://' });
  await migrate(db);
  for (let n = 0; n < CASES; n++) {
    await projectCase(
      db,
      {
        caseId: `P-${String(n).padStart(4, '0')}`,
        programmeId: programme.id,
        rulesVersion: programme.version,
        unit: n % 5 ? 'nord' : 'syd',
        municipality: '0751',
        phase: 1,
        team: { socialraadgiver: 'sr-mette' },
        leaders: {},
        paused: false,
        closed: false,
        asOf: today.toISODate()!,
        occurrences: occurrences(n),
      },
      1,
    );
  }
  const noTemporal = new Proxy({}, { get: () => { throw new Error('the page asked Temporal'); } }) as Client;
  web = await startWeb({ client: noTemporal, db, env: { VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0', VUGGE_STAFF_FILE: 'config/staff.example.yaml', VUGGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'vugge-paging-')) } });
  request = await signInPeople(web, ['al-henrik', 'tl-karen', 'sr-mette']);
});
afterAll(async () => {
  await web?.close();
  await db?.close();
});

/** The case ids of the overdue table's rows, in order. */
function caseIds(body: string): string[] {
  const table = /<caption>Forsinkede trin<\/caption>[^]*?<\/table>/.exec(body)?.[0] ?? '';
  return [...table.matchAll(/<td><a href="\/sager\/([^"]+)">/g)].map((m) => m[1]!);
}
/** The page links of one pagination: number → address. */
function pageLinks(body: string, id: string): Map<string, string> {
  const nav = new RegExp(`<nav class="pagination"[^>]*id="${id}">[^]*?</nav>`).exec(body)?.[0] ?? '';
  return new Map([...nav.matchAll(/<a href="([^"]+)" class="button [^"]*"[^>]*>(\d+)<\/a>/g)].map((m) => [m[2]!, m[1]!.replace(/&amp;/g, '&')]));
}

describe('the overdue list a page at a time', () => {
  it('shows 50 rows, the counts per step and unit of the whole list, and links to the other pages', async () => {
    const res = await request('al-henrik', 'GET', '/forsinket');
    expect(res.statusCode).toBe(200);
    expect(caseIds(res.body)).toHaveLength(50);
    expect(res.body).toContain(`Viser ${ROWS} af ${ROWS} forsinkede trin. Side 1 af ${Math.ceil(ROWS / 50)}: nr. 1–50.`);
    const overview = /<caption>Forsinkede trin pr\. trin og enhed<\/caption>[^]*?<\/table>/.exec(res.body)![0];
    expect(overview).toMatch(new RegExp(`<th scope="row">I alt</th><td><a [^>]+>${ROWS - (CASES / 5) * 2.5}</a></td><td><a [^>]+>${(CASES / 5) * 2.5}</a></td><td>${ROWS}</td>`));
    expect(overview).toContain(`<th scope="row">${STEPS[0]!.title}</th>`);
    expect(res.body).toMatch(/<a href="[^"]*" class="button current-page" aria-label="Side 1" aria-current="page">1<\/a>/);
    expect(pageLinks(res.body, 'forsinkede-sider').get('2')).toBe('/forsinket?side=2#forsinkede');
    // Roughly a twelfth of the list's rows: the page no longer grows with the units.
    expect(res.body.length).toBeLessThan(120_000);
  });

  it('the pages follow each other in the chosen order, with the filter kept, and each row once', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/forsinket?enhed=nord&sorter=sag';
    for (let page = 1; url; page++) {
      const res = await request('al-henrik', 'GET', url);
      expect(res.statusCode).toBe(200);
      seen.push(...caseIds(res.body));
      url = pageLinks(res.body, 'forsinkede-sider').get(String(page + 1));
      if (url) expect(url).toBe(`/forsinket?enhed=nord&sorter=sag&side=${page + 1}#forsinkede`);
    }
    const nordRows = ROWS - (CASES / 5) * 2.5;
    expect(seen).toHaveLength(nordRows);
    expect(seen).toEqual([...seen].sort());
  });

  it('a page number that is not one gets one sentence, not an error page; a page beyond the end shows the last', async () => {
    const bad = await request('al-henrik', 'GET', '/forsinket?side=to');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<a href="#forsinkede">«to» er ikke et sidenummer: skriv et helt tal fra 1, fx 2.</a>');
    expect(caseIds(bad.body)).toHaveLength(50);
    const beyond = await request('al-henrik', 'GET', '/forsinket?side=999');
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain(`Side 8 af 8: nr. 351–${ROWS}.`);
    expect(caseIds(beyond.body)).toHaveLength(ROWS - 350);
  });

  it('the escalations come a page at a time too, and Kvittér carries the pages back', async () => {
    const res = await request('al-henrik', 'GET', '/forsinket?side=2&eside=2');
    const forms = [...res.body.matchAll(/<form method="post" action="\/forsinket\/kvitter"[^]*?<\/form>/g)].map((m) => m[0]);
    // Every fourth case (an even one: two steps) has its escalations waiting.
    const escalated = Math.ceil(CASES / 4) * 2;
    expect(forms.length).toBe(Math.min(50, escalated - 50));
    expect(forms[0]).toContain('<input type="hidden" name="side" value="2">');
    expect(forms[0]).toContain('<input type="hidden" name="eside" value="2">');
  });

  it('a team leader counts and sees only her unit', async () => {
    const res = await request('tl-karen', 'GET', '/forsinket');
    const overview = /<caption>Forsinkede trin pr\. trin og enhed<\/caption>[^]*?<\/table>/.exec(res.body)![0];
    expect(overview).not.toContain('Spædbarnsteam Syd');
    expect(res.body).toContain(`Viser ${ROWS - (CASES / 5) * 2.5} af ${ROWS - (CASES / 5) * 2.5} forsinkede trin.`);
  });

  it.skipIf(!existsSync(chromiumPath))('the paged page has no WCAG 2.1 AA violation, in Danish and in English', async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    try {
      const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK' });
      const page = await context.newPage();
      const paged = `${web.url}/forsinket?side=5&sorter=trin`;
      await page.goto(paged);
      await page.check('#staff-al-henrik');
      await Promise.all([page.waitForURL(paged), page.click('button[type=submit]')]);
      expect(await page.getAttribute('#forsinkede-sider a[aria-current="page"]', 'aria-label')).toBe('Side 5');
      expect(await axeViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(`${web.url}/forsinket`), page.click('button:text("In English")')]);
      await page.goto(paged);
      expect(await page.getAttribute('#forsinkede-sider a[aria-current="page"]', 'aria-label')).toBe('Page 5');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('Mine opgaver a page at a time', () => {
  const taskCases = (body: string) => {
    const table = /<caption>Forsinkede og kommende trin<\/caption>[^]*?<\/table>/.exec(body)?.[0] ?? '';
    return [...table.matchAll(/<td><a href="\/sager\/([^"]+)">/g)].map((m) => m[1]!);
  };
  // Mette owns the steps of every case whose number is not a multiple of three.
  const mine = Array.from({ length: CASES }, (_, n) => n).filter((n) => n % 3).reduce((sum, n) => sum + 2 + (n % 2), 0);

  it('shows 50 tasks a page with links to the others, each task once', async () => {
    const first = await request('sr-mette', 'GET', '/opgaver');
    expect(first.statusCode).toBe(200);
    expect(taskCases(first.body)).toHaveLength(50);
    const pages = Math.ceil(mine / 50);
    expect(first.body).toContain(`Side 1 af ${pages}: nr. 1–50.`);
    expect(pageLinks(first.body, 'opgaver-sider').get('2')).toBe('/opgaver?side=2');
    let seen = 0;
    for (let page = 1; page <= pages; page++) seen += taskCases((await request('sr-mette', 'GET', `/opgaver?side=${page}`)).body).length;
    expect(seen).toBe(mine);
  });

  it('a page number that is not one gets one sentence and the first page', async () => {
    const res = await request('sr-mette', 'GET', '/opgaver?side=0');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<p class="alert-text">«0» er ikke et sidenummer: skriv et helt tal fra 1, fx 2.</p>');
    expect(taskCases(res.body)).toHaveLength(50);
  });
});
