/**
 * The rules studio in real Chromium (Debian's package, driven by playwright-core): one browser for
 * a test file, a fresh context per person, sign-in through the local OpenID provider, axe-core's
 * WCAG 2.1 A/AA rules on a page, and the editor's go-to-line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumPath as CHROMIUM } from '../../scripts/tools.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const SPAEDBARN_RULES = readFileSync(new URL('../../rules/spaedbarnsindsatsen.rules', import.meta.url), 'utf8');
export const EDITOR = '/regler/spaedbarnsindsatsen/udkast';

/** The 1-based line of the Spædbarn rules that holds `text`. */
export const lineOf = (text: string): number => SPAEDBARN_RULES.split('\n').findIndex((l) => l.includes(text)) + 1;

/** The worker's first answer waits for its bundle to load and compile, slow on a busy machine. */
export const SLOW = { timeout: 30_000 };

export interface StudioBrowser {
  browser: Browser;
  /** A fresh browser context for one person; CSP is bypassed only so a test can inject axe-core. */
  newPage(javaScriptEnabled?: boolean): Promise<Page>;
  close(): Promise<void>;
}

export async function launchStudioBrowser(): Promise<StudioBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium mangler (${CHROMIUM}): kør npm run provision som root eller apt-get install -y chromium. / Chromium is missing.`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newPage(javaScriptEnabled = true) {
      const context = await browser.newContext({ bypassCSP: true, locale: 'da-DK', javaScriptEnabled });
      contexts.push(context);
      const page = await context.newPage();
      // The first draft opens Vugge's database (PGlite compiles its WebAssembly), slow on a busy machine.
      page.setDefaultTimeout(120_000);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}

/** axe-core finds no WCAG 2.0/2.1 A or AA violation on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Opens `path` at `webUrl`, picks the person on the local provider's sign-in page and comes back. */
export async function signInAs(page: Page, webUrl: string, staffId: string, path: string): Promise<void> {
  await page.goto(`${webUrl}${path}`);
  await page.check(`#staff-${staffId}`);
  await Promise.all([page.waitForURL((url) => url.href.startsWith(webUrl)), page.click('button[type=submit]')]);
}

/** Puts the cursor at the end of a line of the editor (1-based) with the editor's go-to-line (Ctrl+Alt+G). */
export async function endOfLine(page: Page, line: number): Promise<void> {
  await page.click('.cm-content');
  await page.keyboard.press('Control+Alt+g');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

/** Misspells the role in the Spædbarn team's group line ("sundhedsplejerske" → "sundhedplejerske") by keystrokes. */
export async function misspellTeamRole(page: Page): Promise<number> {
  const groupLine = lineOf('group spaedbarnsteam');
  await endOfLine(page, groupLine);
  for (let i = 0; i < ', familieterapeut'.length + 'plejerske'.length; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Escape'); // closes the completion list, if it opened
  return groupLine;
}

/** The Spædbarn rules as the misspelt role makes them (what the compiler is asked about). */
export const withMisspeltRole = (): string =>
  SPAEDBARN_RULES.replace('"Spædbarnsteamet": socialraadgiver, sundhedsplejerske', '"Spædbarnsteamet": socialraadgiver, sundhedplejerske');
