/**
 * A day at the web app's door in real Chromium (Debian's package, driven by playwright-core): a social
 * worker, a team leader and a person of the other unit sign in through the local OpenID provider and
 * each sees exactly their cases; the e-mail link opens its case after sign-in; axe-core finds no
 * WCAG 2.1 AA violation on any page they visit, in Danish and in English.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath as CHROMIUM } from '../scripts/tools.js';
import { axeViolations } from './web/axe.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium mangler (${CHROMIUM}): kør npm run provision som root eller apt-get install -y chromium. / Chromium is missing.`);
  [env, browser] = await Promise.all([
    startWebEnv(),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }),
  ]);
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await env?.stop();
});

/** A fresh browser for one person; CSP is bypassed only so the test can inject axe-core. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK' });
  contexts.push(context);
  return context.newPage();
}

const checked: string[] = [];
async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  checked.push(name);
}

/** Opens `path`, meets the local provider's sign-in page, picks the person and comes back. */
async function signInAs(page: Page, staffId: string, path = '/'): Promise<void> {
  await page.goto(`${env.web.url}${path}`);
  expect(page.url().startsWith(env.web.issuer)).toBe(true);
  await expect.poll(() => page.textContent('main')).toContain('Kun til lokal brug');
  await page.check(`#staff-${staffId}`);
  await Promise.all([page.waitForURL((url) => url.href.startsWith(env.web.url)), page.click('button[type=submit]')]);
}

const mainText = (page: Page) => page.textContent('main').then((t) => t ?? '');

describe('in the browser', () => {
  it('the social worker signs in and sees her case, and only hers', async () => {
    const page = await newPage();
    await page.goto(`${env.web.url}/`);
    await expectAccessible(page, 'local sign-in page');
    await page.check('#staff-sr-mette');
    await Promise.all([page.waitForURL(`${env.web.url}/`), page.click('button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('Velkommen, Mette');
    await expectAccessible(page, 'forside (da)');

    await page.click('nav >> text=Mine opgaver');
    await page.waitForURL(`${env.web.url}/opgaver`);
    const tasks = await mainText(page);
    expect(tasks).toContain(env.cases.nord1);
    expect(tasks).not.toContain(env.cases.nord2);
    expect(tasks).not.toContain(env.cases.syd1);
    await expectAccessible(page, 'mine opgaver (da)');

    await page.click(`main a:text("${env.cases.nord1}")`);
    await page.waitForURL(`${env.web.url}/sager/${env.cases.nord1}`);
    expect(await page.textContent('h1')).toBe(`Sag ${env.cases.nord1}`);
    expect(await mainText(page)).toContain('Sagens log');
    await expectAccessible(page, 'sagen (da)');

    // The English switch, then the same pages in English.
    await Promise.all([page.waitForURL(`${env.web.url}/sager/${env.cases.nord1}`), page.click('button:text("In English")')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe(`Case ${env.cases.nord1}`);
    await expectAccessible(page, 'case (en)');
    for (const [path, name] of [['/', 'home (en)'], ['/opgaver', 'my tasks (en)']] as const) {
      await page.goto(`${env.web.url}${path}`);
      await expectAccessible(page, name);
    }
    // A leaders' page is not hers: the refusal in her language.
    await page.goto(`${env.web.url}/forsinket`);
    expect(await page.textContent('h1')).toBe('No access');
    await expectAccessible(page, '403 (en)');

    await Promise.all([page.waitForURL(/\/logget-ud/), page.click('button:text("Sign out")')]);
    expect(await page.textContent('h1')).toBe('You are signed out');
    await expectAccessible(page, 'signed out (en)');
  });

  it('the team leader sees her unit’s overdue steps and not the other unit’s', async () => {
    const page = await newPage();
    await signInAs(page, 'tl-karen');
    await page.click('nav >> text=Forsinket');
    await page.waitForURL(`${env.web.url}/forsinket`);
    const overdue = await mainText(page);
    expect(overdue).toContain(env.cases.nord1);
    expect(overdue).toContain(env.cases.nord2);
    expect(overdue).not.toContain(env.cases.syd1);
    await expectAccessible(page, 'forsinket (da)');
    await Promise.all([page.waitForURL(`${env.web.url}/forsinket`), page.click('button:text("In English")')]);
    await expectAccessible(page, 'overdue (en)');
  });

  it('a department leader filters the overdue list and acknowledges an escalation', async () => {
    const page = await newPage();
    await signInAs(page, 'al-henrik', '/forsinket');
    await page.selectOption('#filter-enhed', 'syd');
    await Promise.all([page.waitForURL(/\/forsinket\?enhed=syd/), page.click('button:text("Vis listen")')]);
    const overdue = await page.locator('table', { has: page.getByText('Forsinkede trin', { exact: true }) }).textContent();
    expect(overdue).toContain(env.cases.syd1);
    expect(overdue).not.toContain(env.cases.nord1);
    await expectAccessible(page, 'forsinket, filtreret (da)');
    const first = page.locator('form[action="/forsinket/kvitter"] button').first();
    const label = await first.textContent();
    await Promise.all([page.waitForURL(/kvitteret=/), first.click()]);
    expect(await mainText(page)).toContain('Kvitteringen er registreret');
    expect(await page.locator('form[action="/forsinket/kvitter"] button', { hasText: label! }).count()).toBe(0);
    await expectAccessible(page, 'forsinket, kvitteret (da)');
    await page.goto(`${env.web.url}/forsinket?enhed=Nord!`);
    expect(await page.textContent('#filter-enhed-error')).toContain('er ikke en gyldig kode');
    await expectAccessible(page, 'forsinket, ugyldigt filter (da)');
  });

  it('a person of the other unit gets 403 on a case URL, and sees his own case', async () => {
    const page = await newPage();
    await signInAs(page, 'sr-lars');
    const res = await page.goto(`${env.web.url}/sager/${env.cases.nord1}`);
    expect(res?.status()).toBe(403);
    expect(await page.textContent('h1')).toBe('Ingen adgang');
    expect(await mainText(page)).not.toContain(env.cases.nord1);
    await expectAccessible(page, '403 (da)');
    await page.goto(`${env.web.url}/opgaver`);
    const tasks = await mainText(page);
    expect(tasks).toContain(env.cases.syd1);
    expect(tasks).not.toContain(env.cases.nord1);
  });

  it('the link in an e-mail opens the case after sign-in', async () => {
    const page = await newPage();
    await signInAs(page, 'sp-anne', `/sager/${env.cases.nord2}`);
    expect(page.url()).toBe(`${env.web.url}/sager/${env.cases.nord2}`);
    expect(await page.textContent('h1')).toBe(`Sag ${env.cases.nord2}`);
  });

  it('the health visitor registers the birth on the case page and sees the log change; a bad date stays beside its field', async () => {
    const page = await newPage();
    await signInAs(page, 'sp-anne', `/sager/${env.cases.nord2}`);
    // A date that does not exist: the contract's sentence beside the field, what was entered kept.
    await page.selectOption('#event-what', 'birth');
    await page.fill('#event-at', '2026-02-30');
    await Promise.all([page.waitForLoadState(), page.click('button:text("Registrér hændelsen")')]);
    expect(await page.textContent('#event-at-error')).toContain('februar 2026 har 28 dage');
    expect(await page.inputValue('#event-at')).toBe('2026-02-30');
    await expectAccessible(page, 'sagen, afvist formular (da)');
    const yesterday = DateTime.now().setZone('Europe/Copenhagen').minus({ days: 1 }).toISODate()!;
    await page.fill('#event-at', yesterday);
    await Promise.all([page.waitForURL(/\?gemt=event$/), page.click('button:text("Registrér hændelsen")')]);
    expect(await mainText(page)).toContain('Hændelsen er registreret.');
    expect(await page.textContent('main table:last-of-type tbody tr:first-child')).toContain('Fødsel registreret');
    await expectAccessible(page, 'sagen, gemt (da)');
  });

  it('the social worker opens Ny sag from the menu: both steps, with and without errors, in Danish and English', async () => {
    const page = await newPage();
    await signInAs(page, 'sr-mette');
    const steps = async (lang: 'da' | 'en', words: { next: string; submit: string; title: string }) => {
      await page.click(`nav >> text=${lang === 'da' ? 'Ny sag' : 'New case'}`);
      await page.waitForURL(`${env.web.url}/sager/ny`);
      expect(await page.textContent('h1')).toBe(words.title);
      await expectAccessible(page, `ny sag, forløb (${lang})`);
      // No programme chosen: the summary at the top has the focus and links to the field.
      await Promise.all([page.waitForURL(/\/sager\/ny\?programme=$/), page.click(`button:text("${words.next}")`)]);
      expect(await page.evaluate("document.activeElement?.hasAttribute('data-error-summary')")).toBe(true);
      expect(await page.getAttribute('[data-error-summary] a', 'href')).toBe('#ny-programme');
      await expectAccessible(page, `ny sag, forløb afvist (${lang})`);
      await page.selectOption('#ny-programme', 'spaedbarnsindsatsen');
      await Promise.all([page.waitForURL(/programme=spaedbarnsindsatsen/), page.click(`button:text("${words.next}")`)]);
      await expectAccessible(page, `ny sag, team og datoer (${lang})`);
      await page.fill('#ny-notified', '2026-02-30');
      await Promise.all([page.waitForLoadState(), page.click(`button:text("${words.submit}")`)]);
      expect(await page.textContent('#ny-notified-error')).toContain('2026-02-30');
      expect(await page.evaluate("document.activeElement?.hasAttribute('data-error-summary')")).toBe(true);
      await expectAccessible(page, `ny sag, team og datoer afvist (${lang})`);
    };
    await steps('da', { next: 'Videre', submit: 'Opret sagen', title: 'Opret ny sag' });
    await Promise.all([page.waitForURL(/\/sager\/ny/), page.click('button:text("In English")')]);
    await steps('en', { next: 'Continue', submit: 'Open the case', title: 'Open a new case' });
  });

  it('the social worker plans and moves a meeting and sees the timeline change, then hands her role to a colleague', async () => {
    const page = await newPage();
    await signInAs(page, 'sr-mette', `/sager/${env.cases.nord1}`);
    const day = (n: number) => DateTime.now().setZone('Europe/Copenhagen').plus({ days: n });
    const meeting = page.locator('#meeting-step option:not([value=""])').first();
    const [value, label] = [await meeting.getAttribute('value'), (await meeting.textContent())!.replace(/ \(.*$/, '').replace(/ nr\. \d+$/, '')];
    await page.selectOption('#meeting-step', value!);
    await page.fill('#meeting-at', day(6).toISODate()!);
    await page.fill('#meeting-time', '10:00');
    await Promise.all([page.waitForURL(/\?gemt=meeting$/), page.click('button:text("Planlæg mødet og send invitationer")')]);
    const row = () => page.locator('main table').first().locator('tr', { hasText: label }).first().textContent();
    expect(await row()).toContain(`${day(6).toFormat('dd.MM.yyyy')} 10:00`);

    await page.selectOption('#move-step', value!);
    await page.fill('#move-at', day(8).toISODate()!);
    await page.fill('#move-time', '13:30');
    await Promise.all([page.waitForURL(/\?gemt=move$/), page.click('button:text("Flyt mødet og send nye invitationer")')]);
    expect(await mainText(page)).toContain('Mødet er flyttet, og de nye invitationer sendes.');
    expect(await row()).toContain(`${day(8).toFormat('dd.MM.yyyy')} 13:30`);
    expect(await page.textContent('main table:last-of-type tbody tr:first-child')).toContain(`planlagt til ${day(8).toFormat('dd.MM.yyyy')} 13:30`);
    await expectAccessible(page, 'sagen, møde flyttet (da)');

    await page.selectOption('#reassign-role', 'socialraadgiver');
    await page.selectOption('#reassign-staff', 'sr-sofie');
    await Promise.all([page.waitForURL(/\?gemt=reassign$/), page.click('button:text("Giv rollen videre")')]);
    expect(await page.textContent('h1')).toBe('Rollen er givet videre');
    await expectAccessible(page, 'rollen givet videre (da)');
  });

  it('axe ran on every page the web app has, in both languages', () => {
    expect(checked.sort()).toEqual(
      ['local sign-in page', 'forside (da)', 'mine opgaver (da)', 'sagen (da)', 'case (en)', 'home (en)', 'my tasks (en)', '403 (en)', 'signed out (en)', 'forsinket (da)', 'overdue (en)', 'forsinket, filtreret (da)', 'forsinket, kvitteret (da)', 'forsinket, ugyldigt filter (da)', '403 (da)', 'sagen, afvist formular (da)', 'sagen, gemt (da)', 'sagen, møde flyttet (da)', 'rollen givet videre (da)',
        ...['da', 'en'].flatMap((lang) => ['ny sag, forløb', 'ny sag, forløb afvist', 'ny sag, team og datoer', 'ny sag, team og datoer afvist'].map((name) => `${name} (${lang})`))].sort(),
    );
  });
});
