import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { check } from '../client/cli/rules.js';
import { compile } from '../dsl/compile/compile.js';
import { formatErrors } from '../dsl/format-errors.js';
import { withHead } from './dsl-helpers.js';

const badSource = withHead('task a "A"', '  in phase 1', '  owner sundhedplejerske', '  due on the day of birth');

describe('error printer', () => {
  it('prints file:line:col, the message and a code frame with a caret under the word', () => {
    const r = compile(badSource);
    if (r.ok) throw new Error('should fail');
    expect(formatErrors(r.errors, badSource, { file: 'x.rules', lang: 'en' })).toBe(
      [
        "x.rules:10:9  error  Unknown role or group 'sundhedplejerske' — did you mean 'sundhedsplejerske'?",
        '   9 |   in phase 1',
        '> 10 |   owner sundhedplejerske',
        '     |         ^^^^^^^^^^^^^^^^',
      ].join('\n'),
    );
    expect(formatErrors(r.errors, badSource, { file: 'x.rules' })).toContain("x.rules:10:9  fejl  Ukendt rolle eller gruppe 'sundhedplejerske'");
  });
});

describe('vugge rules check', () => {
  const out: string[] = [];
  const err: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    out.length = 0;
    err.length = 0;
  });
  const capture = () => {
    vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
  };
  const file = (content: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'vugge-rules-')), 'p.rules');
    writeFileSync(path, content);
    return path;
  };

  it('exits 0 with one Danish OK line per good file', async () => {
    capture();
    expect(await check(['rules/spaedbarnsindsatsen.rules', 'rules/minding-the-baby.rules'])).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^rules\/spaedbarnsindsatsen\.rules: OK — Spædbarnsindsatsen \(2025\.1\), \d+ trin, version [0-9a-f]{16}$/);
  });

  it('exits 1 and prints every error with its code frame', async () => {
    capture();
    const path = file(badSource);
    expect(await check([path, '--lang', 'en'])).toBe(1);
    expect(err.join('\n')).toContain(`${path}:10:9  error  Unknown role or group`);
    expect(err.join('\n')).toContain('^^^^^^^^^^^^^^^^');
  });

  it('--json prints the error list for tools', async () => {
    capture();
    const path = file(badSource);
    expect(await check(['--json', path])).toBe(1);
    const report = JSON.parse(out.join('\n')) as { file: string; ok: boolean; errors: { code: string; loc: { line: number; column: number } }[] }[];
    expect(report[0]).toMatchObject({ file: path, ok: false, errors: [{ code: 'ref.unknown-role', loc: { line: 10, column: 9 } }] });
  });

  it('a missing file or a bad option is one clear sentence', async () => {
    capture();
    expect(await check(['no/such.rules'])).toBe(1);
    expect(err[0]).toMatch(/Kan ikke læse filen 'no\/such\.rules'/);
    expect(await check(['--lang', 'fr', 'x.rules'])).toBe(2);
    expect(err[1]).toBe("--lang skal være 'da' eller 'en'.");
    expect(await check([])).toBe(2);
    expect(err[2]).toMatch(/Angiv mindst én regelfil/);
  });
});
