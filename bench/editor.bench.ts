/**
 * Keystroke to diagnostic in the rules editor, in real Chromium (playwright-core): the editor bundle
 * (dist/web/, rebuilt when stale) on a page like /regler/:programme/udkast holding the Spædbarn
 * rules; ~30 keystrokes that alternately misspell and restore a role, each timed from the key
 * event to the editor's `vugge:checked` event (the worker's diagnostics on screen). Budget: 50 ms.
 *
 *   npx tsx bench/editor.bench.ts [--keys 30]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildWeb, webOutDir } from '../scripts/build-web.mjs';
import { chromiumPath } from '../scripts/tools.js';
import { escapeHtml } from '../client/web/html.js';
import { studioTexts } from '../client/web/studio/texts.js';

const { values } = parseArgs({ options: { keys: { type: 'string', default: '30' } } });
const KEYS = Number(values.keys);
await buildWeb({ ifStale: true, quiet: true });

const rules = readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8');
const page = `<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>bench</title></head><body>
<label id="source-label" for="source">Reglerne</label><span id="source-hint"></span>
<textarea id="source" name="source">${escapeHtml(rules)}</textarea>
<div id="rules-editor" hidden data-worker="/static/studio/rules-worker.js" data-texts="${escapeHtml(JSON.stringify(studioTexts.da.editor))}"></div>
<div id="rules-problems"></div>
<script type="module" src="/static/studio/editor.js"></script></body></html>`;

const server = createServer((req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  const file = req.url?.startsWith('/static/studio/') ? join(webOutDir, req.url.slice('/static/studio/'.length).replace(/[^a-z0-9.-]/gi, '')) : undefined;
  try {
    res.writeHead(200, { 'content-type': file!.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(readFileSync(file!));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;

const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await tab.goto(url);
// Page code as strings: this file is type-checked for Node, the page runs in Chromium.
await tab.waitForFunction(`document.getElementById('rules-problems')?.textContent?.includes('Ingen fejl')`);
// Each key's time: from the keydown to the next vugge:checked after it, both on the page's clock.
await tab.evaluate(`(() => {
  window.times = [];
  document.addEventListener('keydown', () => (window.keyAt = performance.now()), true);
  document.getElementById('rules-editor').addEventListener('vugge:checked', () => window.times.push(performance.now() - window.keyAt));
})()`);
const line = rules.split('\n').findIndex((l) => l.includes('group spaedbarnsteam')) + 1;
await tab.click('.cm-content');
await tab.keyboard.press('Control+Alt+g');
await tab.keyboard.type(String(line));
await tab.keyboard.press('Enter');
await tab.keyboard.press('End');
for (let i = 0; i < ', familieterapeut'.length; i++) await tab.keyboard.press('ArrowLeft');
for (let k = 0; k < KEYS; k++) {
  const before = (await tab.evaluate('window.times.length')) as number;
  // Misspell (drop the last letter), then restore it: every other check finds an error.
  await tab.keyboard.press(k % 2 === 0 ? 'Backspace' : 'e');
  await tab.waitForFunction(`window.times.length > ${before}`);
}
const times = ((await tab.evaluate('window.times')) as number[]).sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`keystroke → diagnostic, Spædbarn rules, ${times.length} keys in Chromium: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${times[times.length - 1]!.toFixed(1)} ms (budget 50 ms)`);
await browser.close();
server.close();
