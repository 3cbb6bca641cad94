/**
 * The rules studio end to end in real Chromium: administrator Ulla finds *Regler* in the menu, opens
 * the editor, types a misspelt role, sees the compiler's diagnostic under that word, accepts the
 * did-you-mean fix, changes a deadline, previews and proposes with a message; she may not approve
 * her own proposal. Administrator Bo sees the diff, approves and moves two chosen running cases;
 * the migration's report names what moved. A new case then opens on the new version. axe-core finds
 * no WCAG 2.1 AA violation on the list of versions, the proposal with its diff, the migration page
 * and its report. (The keystroke-to-diagnostic time is measured in bench/editor.bench.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import { snapshotQuery } from '../workflows/case-messages.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';
import { EDITOR, endOfLine, expectAccessible, launchStudioBrowser, lineOf, misspellTeamRole, signInAs, SLOW, SPAEDBARN_RULES, withMisspeltRole, type StudioBrowser } from './web/studio-browser.js';

const P = 'spaedbarnsindsatsen';
const SHORTER = 'due at the latest 1 week after notification';
const LONGER = 'due at the latest 2 weeks after notification';

let env: WebEnv;
let chromium: StudioBrowser;
let dataDir: string;

beforeAll(async () => {
  // The drafts' database lives in the web process's data directory.
  dataDir = mkdtempSync(join(tmpdir(), 'vugge-rules-e2e-'));
  [env, chromium] = await Promise.all([startWebEnv({ VUGGE_DATA_DIR: dataDir }), launchStudioBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await env?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const mainText = (page: { textContent(s: string): Promise<string | null> }) => page.textContent('main').then((t) => t ?? '');

function compiled(source: string) {
  const result = compile(source);
  if (!result.ok) throw new Error(`does not compile: ${result.errors[0]?.message.en ?? ''}`);
  return result.programme;
}

describe('the rules studio, from the editor to moved cases', () => {
  it('Ulla proposes a corrected draft, Bo approves it and moves two cases; new cases open on it', async () => {
    const url = env.web.url;
    const next = compiled(SPAEDBARN_RULES.replace(SHORTER, LONGER));

    // Ulla: the menu's Regler item, the list of versions, the editor.
    const ulla = await chromium.newPage();
    await signInAs(ulla, url, 'adm-ulla', '/');
    await Promise.all([ulla.waitForURL(`${url}/regler`), ulla.locator('nav').getByRole('link', { name: 'Regler', exact: true }).click()]);
    expect(await ulla.textContent('h1')).toBe('Regler');
    await expectAccessible(ulla, 'list of versions');
    await Promise.all([ulla.waitForURL(`${url}${EDITOR}`), ulla.click(`a[href="${EDITOR}"]`)]);
    await expect.poll(() => ulla.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');

    // A misspelt role: the compiler's diagnostic under the very word, then the one-click fix.
    const groupLine = await misspellTeamRole(ulla);
    await expect.poll(() => ulla.locator('.cm-lintRange-error').count(), SLOW).toBe(1);
    expect(await ulla.textContent('.cm-lintRange-error')).toBe('sundhedplejerske');
    const expected = compile(withMisspeltRole());
    if (expected.ok) throw new Error('the misspelt role should not compile');
    const [error] = expected.errors;
    expect([error!.code, error!.loc.line]).toEqual(['ref.unknown-role', groupLine]);
    expect(await ulla.textContent('#rules-problems li')).toContain(`Linje ${error!.loc.line}, kolonne ${error!.loc.column}: ${error!.message.da}`);
    await ulla.click("#rules-problems button:text(\"Brug 'sundhedsplejerske'\")");
    await expect.poll(() => ulla.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');

    // The case meeting a week later; saved, previewed, then proposed with a message.
    await endOfLine(ulla, lineOf(SHORTER));
    await ulla.keyboard.press('Shift+Home');
    await ulla.keyboard.type(LONGER);
    await ulla.keyboard.press('Escape');
    await expect.poll(() => ulla.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');
    await Promise.all([ulla.waitForURL(/\?gemt=1$/), ulla.click('button:text("Gem kladde")')]);
    await Promise.all([ulla.waitForURL(`${url}${EDITOR}/vis`), ulla.click('button:text("Vis virkning")')]);
    await expect.poll(() => ulla.textContent('#impact'), SLOW).toMatch(/Ændringen flytter \d+ trin i 3 sager/);
    await ulla.goto(`${url}${EDITOR}`);
    await expect.poll(() => ulla.textContent('#rules-problems'), SLOW).toContain('Ingen fejl.');
    await ulla.fill('#message', 'Sagsmødet senest 2 uger efter underretningen');
    await Promise.all([ulla.waitForURL(`${url}/regler/${P}/forslag/2`), ulla.click('button:text("Foreslå til godkendelse")')]);
    expect(await mainText(ulla)).toContain('Venter på godkendelse');
    expect(await mainText(ulla)).toContain('Sagsmødet senest 2 uger efter underretningen');

    // Her own proposal: refused.
    const [own] = await Promise.all([ulla.waitForResponse((r) => r.url().endsWith('/godkend')), ulla.getByRole('button', { name: 'Godkend', exact: true }).click()]);
    expect(own.status()).toBe(403);
    expect(await mainText(ulla)).toContain('Du har selv foreslået denne version; en anden administrator skal godkende den.');

    // Bo: the diff, the approval, two chosen cases moved.
    const bo = await chromium.newPage();
    await signInAs(bo, url, 'adm-bo', `/regler/${P}/forslag/2`);
    // Only the changed line: the browser posts the text with CRLF line ends, the registry keeps LF.
    expect(await bo.locator('table.vugge-diff del').allTextContents()).toEqual([expect.stringContaining(SHORTER)]);
    expect(await bo.locator('table.vugge-diff ins').allTextContents()).toEqual([expect.stringContaining(LONGER)]);
    expect(await mainText(bo)).toContain(`OK — indholdshash ${next.version}`);
    await expectAccessible(bo, 'proposal with diff');
    await Promise.all([bo.waitForURL(`${url}/regler/${P}/forslag/2`), bo.getByRole('button', { name: 'Godkend', exact: true }).click()]);
    expect(await mainText(bo)).toContain('Udgivet');
    const moved = [env.cases.nord1, env.cases.nord2];
    for (const id of moved) await bo.check(`input[name=case][value="${id}"]`);
    await Promise.all([bo.waitForURL(`${url}/regler/${P}/migrering/1`), bo.click('button:text("Flyt sagerne")')]);
    await expectAccessible(bo, 'migration page');
    await expect
      .poll(async () => {
        await bo.reload();
        return mainText(bo);
      }, SLOW)
      .toContain('Flytningen er færdig.');
    const report = await mainText(bo);
    expect(report).toContain('2 flyttet, 0 fejlet, 0 tilbage.');
    const rows = await bo.locator('main table tbody tr').allTextContents();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim().replace(/[1-9]\d* trin fik nye datoer.*/, 'N trin fik nye datoer')).sort()).toEqual(moved.map((id) => `${id}Flyttet: N trin fik nye datoer`).sort());
    expect(report).not.toContain(env.cases.syd1);
    await expectAccessible(bo, 'migration report');
    for (const id of moved) expect((await env.client.workflow.getHandle(id).query(snapshotQuery)).rulesVersion).toBe(next.version);
    expect((await env.client.workflow.getHandle(env.cases.syd1).query(snapshotQuery)).rulesVersion).not.toBe(next.version);

    // A caseworker opens a new case: it runs on the version Bo published.
    const mette = await chromium.newPage();
    await signInAs(mette, url, 'sr-mette', `/sager/ny?programme=${P}`);
    await mette.selectOption('#ny-team-socialraadgiver', 'sr-mette');
    await mette.fill('#ny-notified', DateTime.now().setZone('Europe/Copenhagen').toISODate()!);
    await Promise.all([mette.waitForURL(/\/sager\/[^/]+$/), mette.click('button:text("Opret sagen")')]);
    const caseId = decodeURIComponent(new URL(mette.url()).pathname.replace('/sager/', ''));
    expect((await env.client.workflow.getHandle(caseId).query(snapshotQuery)).rulesVersion).toBe(next.version);
  }, 110_000);
});
