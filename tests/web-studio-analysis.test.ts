/**
 * The editor's analysis parses the draft once a keystroke: the compiler and the editor's symbols
 * (completion, hover) read the same tree. A second parse doubled the worker's time per keystroke.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as parseModule from '../dsl/language/parse.js';
import { analyseRules } from '../client/web/studio/analysis.js';
import { compile } from '../dsl/compile/compile.js';

vi.mock('../dsl/language/parse.js', async (original) => {
  const real = await original<typeof import('../dsl/language/parse.js')>();
  return { ...real, parse: vi.fn(real.parse) };
});

const RULES = readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8');
const MISSPELT = RULES.replace('"Spædbarnsteamet": socialraadgiver, sundhedsplejerske', '"Spædbarnsteamet": socialraadgiver, sundhedplejerske');

describe('the rules editor’s analysis', () => {
  it.each([
    ['a draft that compiles', RULES],
    ['a draft with an error', MISSPELT],
  ])('parses %s once and says what the compiler says', (_, source) => {
    const parse = vi.mocked(parseModule.parse);
    parse.mockClear();
    const analysis = analyseRules(source, 'da');
    expect(parse).toHaveBeenCalledTimes(1);
    const compiled = compile(source);
    expect(analysis.ok).toBe(compiled.ok);
    expect(analysis.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(compiled.ok ? [] : compiled.errors.map((e) => `${e.loc.line}:${e.loc.column} ${e.code}`));
    expect(analysis.version).toBe(compiled.ok ? compiled.programme.version : undefined);
    expect(analysis.symbols.steps.length).toBeGreaterThan(10);
  });
});
