import { describe, expect, it } from 'vitest';
import { parse } from '../dsl/language/parse.js';
import { expectErrors, expectValid, withHead } from './dsl-helpers.js';

const okStep = ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of birth'];

describe('syntax errors: one per kind, with line:column', () => {
  it.each([
    { name: 'unknown character', lines: ['role x "X" @'], code: 'syntax.character', message: "Unknown character '@'", line: 8, column: 12 },
    { name: 'unclosed string', lines: ['role x "X'], code: 'syntax.unclosed-string', message: 'closing double quote', line: 8, column: 8 },
    { name: 'missing title', lines: ['role x', 'role y "Y"'], code: 'syntax.expected', message: 'Expected a text in double quotes', line: 9, column: 1 },
    { name: 'no alternative in a due clause', lines: [...okStep.slice(0, 3), '  due , birth'], code: 'syntax.unexpected', message: 'in the due clause', line: 11, column: 7 },
    { name: 'visit norm without bands', lines: ['visit norm', ...okStep], code: 'syntax.unexpected', message: "Expected 'from' or a number", line: 9, column: 1 },
    { name: 'stray word between declarations', lines: [...okStep, 'whatever'], code: 'syntax.unexpected', message: "Unexpected 'whatever'", line: 12, column: 1 },
    { name: 'end of file in a declaration', lines: ['role x "X" english'], code: 'syntax.expected', message: 'the end of the file', line: 8, column: 19 },
    { name: 'ordinal missing in month of life', lines: [...okStep.slice(0, 3), "  due from child's 6 month of life"], code: 'syntax.expected', message: 'an ordinal', line: 11, column: 20 },
  ])('$name', ({ lines, code, message, line, column }) => {
    const errors = expectErrors(withHead(...lines), [{ code, message, line, column }]);
    expect(errors[0]!.loc.line).toBeGreaterThan(0);
  });

  it('points at the word with an end column for the caret', () => {
    const [error] = expectErrors(withHead('role x "X" english 42'), [{ message: 'Expected a text', line: 8, column: 20 }]);
    expect(error!.loc.endColumn).toBe(21);
  });
});

describe('recovery', () => {
  it('reports three separate mistakes in one run', () => {
    const source = withHead(
      'role x',
      'task a "A"',
      '  in phase 1',
      '  owner sundhedsplejerske',
      '  due from pregnancy week 16 too week 18',
      'task b "B"',
      '  in phase 1',
      '  owner sundhedsplejerske',
      '  due 4 weeks after',
    );
    const { errors } = parse(source);
    expect(errors.map((e) => [e.loc.line, e.loc.column])).toEqual([
      [9, 1],
      [12, 30],
      [16, 20],
    ]);
  });

  it('keeps the declarations it could read around a mistake', () => {
    const { ast } = parse(withHead('role x', ...okStep, 'junk junk', 'role y "Y"'));
    expect(ast.steps.map((s) => s.id.value)).toEqual(['a']);
    expect(ast.roles.map((r) => r.id.value)).toContain('y');
  });
});

describe('language forms', () => {
  it('reads Danish aliases the same as English keywords', () => {
    const en = expectValid(withHead('meeting m "M"', '  in phase 1', '  owner sundhedsplejerske', '  due at the latest 4 weeks after birth', '  lasts 60 minutes'));
    const da = expectValid(
      withHead('møde m "M"', '  i fase 1', '  ansvarlig sundhedsplejerske', '  frist senest 4 uger efter birth', '  varer 60 minutter'),
    );
    expect(da.steps).toEqual(en.steps);
  });

  it('ignores comments to the end of the line', () => {
    const p = expectValid(withHead('# a comment', ...okStep.map((l) => `${l}   # why`)));
    expect(p.steps).toHaveLength(1);
  });
});
