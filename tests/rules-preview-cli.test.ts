/** `vugge rules preview` and `diff` as an administrator runs them: a Danish table, English on request, JSON for tools. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diff, preview } from '../client/cli/rules-preview.js';

let out: string[] = [];
let err: string[] = [];
function capture(): void {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
}
afterEach(() => vi.restoreAllMocks());

const RULES = 'rules/spaedbarnsindsatsen.rules';
const FACTS = 'rules/examples/spaedbarn.json';

describe('vugge rules preview', () => {
  it('prints the whole timeline as a Danish table', async () => {
    capture();
    expect(await preview([RULES, '--facts', FACTS, '--as-of', '2025-11-01'])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Spædbarnsindsatsen (2025.1) — sag sag-2025-0142, pr. 01.11.2025');
    expect(text).toMatch(/Vurdering af underretning \[underretning_vurdering\]\s+1\s+06.10.2025/);
    expect(text).toContain('udført 06.10.2025');
  });

  it('uses the English titles of the rules with --lang en', async () => {
    capture();
    expect(await preview([RULES, '--facts', FACTS, '--as-of', '2025-11-01', '--lang', 'en'])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Assessment of the notification [underretning_vurdering]');
    expect(text).toContain('done 6 Oct 2025');
    expect(text).toContain('The Infant Programme (2025.1) — case sag-2025-0142, as of 1 Nov 2025');
    expect(text).not.toContain('Vurdering af underretning');
  });

  it('gives one JSON object per occurrence with ISO dates and status', async () => {
    capture();
    expect(await preview([RULES, '--facts', FACTS, '--as-of', '2025-11-01', '--json'])).toBe(0);
    const parsed = JSON.parse(out.join('\n')) as unknown;
    const rows = (Array.isArray(parsed) ? parsed : (parsed as { occurrences: unknown[] }).occurrences) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.stepId === 'underretning_vurdering')).toMatchObject({ occurrence: 1, phase: 1, target: '2025-10-06', status: 'done' });
  });

  it('names the bad field of a facts file in one sentence and exits 1', async () => {
    capture();
    const dir = mkdtempSync(join(tmpdir(), 'vugge-facts-'));
    const facts = JSON.parse(readFileSync(FACTS, 'utf8')) as { facts: Array<Record<string, unknown>> };
    facts.facts[0]!.date = '6. oktober';
    writeFileSync(join(dir, 'f.json'), JSON.stringify(facts));
    expect(await preview([RULES, '--facts', join(dir, 'f.json')])).toBe(1);
    expect(err.join('\n')).toMatch(/facts\[0\]\.date/);
  });
});

describe('vugge rules diff', () => {
  it('shows what a changed deadline does to the case', async () => {
    capture();
    const dir = mkdtempSync(join(tmpdir(), 'vugge-diff-'));
    const changed = readFileSync(RULES, 'utf8').replace('due at the latest 4 weeks after screening', 'due at the latest 3 weeks after screening');
    expect(changed).not.toBe(readFileSync(RULES, 'utf8'));
    writeFileSync(join(dir, 'ny.rules'), changed);
    expect(await diff([RULES, join(dir, 'ny.rules'), '--facts', FACTS, '--as-of', '2025-10-10'])).toBe(0);
    expect(out.join('\n')).toContain('Flyttet: teamsamtale #1  mål 06.11.2025 → 30.10.2025, senest 06.11.2025 → 30.10.2025');
  });
});
