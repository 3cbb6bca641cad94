/**
 * The rules editor in real Chromium: an administrator opens the draft of the Spædbarn rules, types a
 * misspelt role and sees the compiler's own diagnostic under that word, accepts the suggestion,
 * changes a deadline, saves the draft and previews its effect on a family and on the running cases.
 * Without JavaScript the plain form gets the same errors from the server. axe-core finds nothing on
 * the editor and preview pages in Danish and English; a caseworker gets 403 on every studio URL.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';
import { EDITOR, endOfLine, expectAccessible, launchStudioBrowser, lineOf, misspellTeamRole, signInAs as signInAt, SLOW, SPAEDBARN_RULES as RULES, withMisspeltRole, type StudioBrowser } from './web/studio-browser.js';

let env: WebEnv;
let chromium: StudioBrowser;
let dataDir: string;

beforeAll(async () => {
  // The example directory and two administrators (the studio's people).
  dataDir = mkdtempSync(join(tmpdir(), 'vugge-studio-'));
  const staffFile = join(dataDir, 'staff.yaml');
  writeFileSync(staffFile, `${readFileSync('config/staff.example.yaml', 'utf8')}
  - { id: adm-eva, name: Eva, email: eva@example.org, roles: [administrator], unit: nord }
  - { id: adm-ole, name: Ole, email: ole@example.org, roles: [administrator], unit: syd, language: en }
`);
  [env, chromium] = await Promise.all([startWebEnv({ VUGGE_STAFF_FILE: staffFile, VUGGE_DATA_DIR: dataDir }), launchStudioBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await env?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const newPage = (javaScriptEnabled = true) => chromium.newPage(javaScriptEnabled);
const signInAs = (page: Page, staffId: string, path: string) => signInAt(page, env.web.url, staffId, path);

/** Where the compiler puts the error for this source (what `vugge rules check` prints). */
function compilerError(source: string) {
  const result = compile(source);
  if (result.ok) throw new Error('expected an error');
  return result.errors[0]!;
}

describe('the rules editor', () => {
  it('shows the misspelt role’s diagnostic under the word, fixes it in one click, saves and previews the draft', async () => {
    const page = await newPage();
    await signInAs(page, 'adm-eva', EDITOR);
    expect(await page.textContent('h1')).toBe('Rediger reglerne for Spædbarnsindsatsen');
    await expect.poll(() => page.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');
    expect(await page.isHidden('#source')).toBe(true);
    await expectAccessible(page, 'editor (da)');

    // "sundhedsplejerske" → "sundhedplejerske" in the group of the team.
    const groupLine = await misspellTeamRole(page);
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), SLOW).toBe(1);
    expect(await page.textContent('.cm-lintRange-error')).toBe('sundhedplejerske');
    const expected = compilerError(withMisspeltRole());
    expect(expected.code).toBe('ref.unknown-role');
    const problem = page.locator('#rules-problems li');
    expect(await problem.textContent()).toContain(`Linje ${expected.loc.line}, kolonne ${expected.loc.column}: ${expected.message.da}`);
    expect(expected.loc.line).toBe(groupLine);

    await page.click("#rules-problems button:text(\"Brug 'sundhedsplejerske'\")");
    await expect.poll(() => page.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);

    // The case meeting one week later: a draft that moves a step in every running case.
    await endOfLine(page, lineOf('due at the latest 1 week after notification'));
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type('due at the latest 2 weeks after notification');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');
    await Promise.all([page.waitForURL(/\?gemt=1$/), page.click('button:text("Gem kladde")')]);
    expect(await page.textContent('main')).toContain('Kladden er gemt.');
    expect(await page.inputValue('#source')).toContain('due at the latest 2 weeks after notification');

    await Promise.all([page.waitForURL(`${env.web.url}${EDITOR}/vis`), page.click('button:text("Vis virkning")')]);
    expect(await page.textContent('h1')).toBe('Virkningen af din kladde for Spædbarnsindsatsen');
    expect(await page.textContent('#chart-draft-title')).toContain('Din kladde');
    expect(await page.locator('figure:has(#chart-draft-title) tr.vugge-changed').count()).toBeGreaterThan(0);
    await expect.poll(() => page.textContent('#impact'), { timeout: 30_000 }).toMatch(/Ændringen flytter \d+ trin i 3 sager/);
    const listed = await page.textContent('#impact-cases');
    for (const id of Object.values(env.cases)) expect(listed).toContain(id);
    await expectAccessible(page, 'preview (da)');

    // In English: the same pages, the editor's messages in English.
    await Promise.all([page.waitForLoadState(), page.click('button:text("In English")')]);
    await page.goto(`${env.web.url}${EDITOR}`);
    expect(await page.textContent('h1')).toBe('Edit the rules of The Infant Programme');
    await expect.poll(() => page.textContent('#rules-problems'), SLOW).toContain('No errors.');
    await expectAccessible(page, 'editor (en)');
    await page.goto(`${env.web.url}${EDITOR}/vis`);
    await expect.poll(() => page.textContent('#impact'), { timeout: 30_000 }).toMatch(/This change moves \d+ steps in 3 cases/);
    await expectAccessible(page, 'preview (en)');
  }, 300_000);

  it('without JavaScript, the server checks the plain form and lists the same error', async () => {
    const page = await newPage(false);
    await signInAs(page, 'adm-ole', EDITOR);
    const broken = RULES.replace('owner socialraadgiver\n', 'owner socialradgiver\n');
    await page.fill('#source', broken);
    await Promise.all([page.waitForLoadState(), page.click('button:text("Check the rules")')]);
    const expected = compilerError(broken);
    expect(await page.textContent('#rules-problems')).toContain(`Line ${expected.loc.line}, column ${expected.loc.column}: ${expected.message.en}`);
    expect(await page.inputValue('#source')).toBe(broken);
  });

  it('a caseworker gets 403 on every editor and preview URL', async () => {
    const page = await newPage();
    await signInAs(page, 'sr-mette', '/');
    const csrf = await page.getAttribute('input[name=_csrf]', 'value');
    for (const path of [EDITOR, `${EDITOR}/vis`, `${EDITOR}/virkning/abc`, `${EDITOR}/virkning/abc/status`]) {
      const res = await page.goto(`${env.web.url}${path}`);
      expect(res?.status(), path).toBe(403);
    }
    for (const path of [EDITOR, `${EDITOR}/vis`]) {
      const res = await page.request.post(`${env.web.url}${path}`, { form: { _csrf: csrf!, source: RULES, action: 'save' } });
      expect(res.status(), `POST ${path}`).toBe(403);
      expect(await res.text()).toContain('Ingen adgang');
    }
  });
});
