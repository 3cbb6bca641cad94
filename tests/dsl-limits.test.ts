/**
 * The limits of the rules language (dsl/language/limits.ts): a size cap and a nesting cap, each a positioned
 * error instead of a crash, and every number checked at its own line:column. A property test holds
 * the promise: a source that compiles plans only real dates.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import type { Fact } from '../dsl/facts.js';
import { MAX_CONDITION_DEPTH, MAX_SOURCE_CHARS } from '../dsl/language/limits.js';
import { plan } from '../dsl/plan/index.js';
import { expectErrors, expectValid, withHead } from './dsl-helpers.js';

/** A step on lines 8–11 whose due line (11) and extra lines (12 …) a case chooses. */
const step = (due: string, ...extra: string[]) => withHead('task a "A"', '  in phase 1', '  owner sundhedsplejerske', due, ...extra);
const onBirth = '  due on the day of birth';

describe('nesting cap', () => {
  it.each([
    // 'only if ' ends at column 10: the 21st opening level starts at column 11 + 20 × its width.
    { name: '400 nested parentheses', condition: `${'('.repeat(400)}premature${')'.repeat(400)}`, column: 31 },
    { name: "10,000 'not's", condition: `${'not '.repeat(10_000)}premature`, column: 91 },
    { name: "'not' and parentheses mixed", condition: `${'not ('.repeat(15)}premature${')'.repeat(15)}`, column: 11 + 10 * 5 },
    { name: 'Danish keywords', condition: `${'ikke '.repeat(25)}for tidligt født`, column: 11 + 20 * 5 },
  ])('$name: one positioned error, no stack overflow', ({ condition, column }) => {
    expectErrors(step(onBirth, `  only if ${condition}`), [{ code: 'limit.nesting', message: 'nested too deeply', line: 12, column }]);
  });

  it(`allows exactly ${MAX_CONDITION_DEPTH} levels`, () => {
    expectValid(step(onBirth, `  only if ${'not '.repeat(10)}${'('.repeat(10)}premature${')'.repeat(10)}`));
  });

  it('long flat conditions are not nesting', () => {
    expectValid(step(onBirth, `  only if ${Array(300).fill('premature').join(' or ')}`));
  });

  it('leaves the rest of the file checked', () => {
    expectErrors(step(onBirth, `  only if ${'('.repeat(50)}premature${')'.repeat(50)}`, '  owner borgmester'), [
      { code: 'limit.nesting', message: 'nested too deeply', line: 12, column: 31 },
      { code: 'ref.unknown-role', message: "Unknown role or group 'borgmester'", line: 13, column: 9 },
    ]);
  });
});

describe('size cap', () => {
  it(`refuses a file over ${MAX_SOURCE_CHARS} characters with one error where the limit is passed`, () => {
    const line = '# ' + 'x'.repeat(98); // 100 characters and a line break
    const lines = Math.ceil(MAX_SOURCE_CHARS / 101) + 10;
    const source = withHead(...Array(lines).fill(line));
    const headChars = withHead().length + 1;
    const at = MAX_SOURCE_CHARS - headChars; // characters into the comment lines
    expectErrors(source, [{ code: 'limit.size', message: 'at most 262144 characters', line: 8 + Math.floor(at / 101), column: (at % 101) + 1 }]);
  });

  it('a 5 MB file gets the same single error', () => {
    const result = compile(`programme p "P"\n${'task a "A"\n'.repeat(500_000)}`);
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['limit.size']);
  });

  it('a file at the limit is read as usual', () => {
    const source = step(onBirth);
    expectValid(source + '\n#'.padEnd(MAX_SOURCE_CHARS - source.length, 'x'));
  });
});

describe('every number in range, reported at the number', () => {
  it.each([
    { name: 'months in an offset', lines: [`  due 99999999 months after birth`], code: 'number.range', message: '240 months', line: 11, column: 7 },
    { name: 'days in an offset', lines: [`  due 99999999 days after birth`], code: 'number.range', message: '7300 days', line: 11, column: 7 },
    { name: 'second number of a duration', lines: [`  due 1 month 99999 weeks after birth`], code: 'number.range', message: '1040 weeks', line: 11, column: 15 },
    { name: 'one unit repeated past the limit', lines: [`  due 200 months 200 months after birth`], code: 'number.range', message: 'in all', line: 11, column: 7 },
    { name: 'pregnancy week 0', lines: [`  due pregnancy week 0`], code: 'number.range', message: 'Pregnancy week 0', line: 11, column: 22 },
    { name: 'pregnancy week 46', lines: [`  due pregnancy week 46`], code: 'number.range', message: 'Pregnancy week 46', line: 11, column: 22 },
    { name: 'window end week 46', lines: [`  due from pregnancy week 16 to week 46`], code: 'number.range', message: 'Pregnancy week 46', line: 11, column: 38 },
    { name: 'end of graviditetsuge 50', lines: [`  frist slutningen af graviditetsuge 50`], code: 'number.range', message: 'Graviditetsuge 50', line: 11, column: 38 },
    { name: 'child age', lines: [`  due child age 241 months`], code: 'number.range', message: 'Child age 241', line: 11, column: 17 },
    { name: 'month of life 0', lines: [`  due from child's 0. month of life`], code: 'number.range', message: 'Month of life 0', line: 11, column: 20 },
    { name: 'every 0 weeks', lines: [`  repeat every 0 weeks from birth until closing`], code: 'recurrence.zero-step', message: 'move forward', line: 11, column: 16 },
    { name: 'every 0. week', lines: [`  repeat every 0. week from birth until closing`], code: 'recurrence.zero-step', message: 'move forward', line: 11, column: 16 },
    { name: 'every 12 hours (less than a day)', lines: [`  repeat every 12 hours from birth until closing`], code: 'recurrence.zero-step', message: 'move forward', line: 11, column: 16 },
    { name: 'cadence too long', lines: [`  repeat every 300 months from birth until closing`], code: 'number.range', message: '240 months', line: 11, column: 16 },
    { name: 'planned ahead', lines: [`  repeat every 4 weeks from birth until closing, planned 9999 months ahead`], code: 'number.range', message: '240 months', line: 11, column: 58 },
    { name: 'after each', lines: ['  due on the day of birth', 'task b "B"', '  in phase 1', '  owner sundhedsplejerske', '  repeat 99999 days after each a'], code: 'number.range', message: '7300 days', line: 15, column: 10 },
    { name: 'reminder', lines: [onBirth, '  remind 99999 days before to the owners'], code: 'number.range', message: '7300 days', line: 12, column: 10 },
    { name: 'escalation', lines: [onBirth, '  escalate after 1 day to teamleder, then after 9999 months to teamleder'], code: 'number.range', message: '240 months', line: 12, column: 49 },
    { name: 'precondition', lines: [onBirth, '  requires s "S" 99999 weeks before by sundhedsplejerske'], code: 'number.range', message: '1040 weeks', line: 12, column: 18 },
    { name: 'meeting length', lines: [onBirth, '  lasts 99999 minutes'], code: 'number.range', message: 'at most 1440 minutes', line: 12, column: 9 },
  ])('$name', ({ lines, code, message, line, column }) => {
    expectErrors(step(...(lines as [string, ...string[]])), [{ code, message, line, column }]);
  });

  it.each([
    { name: 'phase 0', lines: ['phase 0 "Nul"'], message: 'Phase 0 cannot be used', column: 7 },
    { name: 'phase 100', lines: ['phase 100 "Hundrede"'], message: 'Phase 100 cannot be used', column: 7 },
    { name: 'norm age', lines: ['visit norm', '  0 to 300 months: 4 hours per week'], message: 'Child age 300', line: 9, column: 8 },
    { name: 'norm hours', lines: ['visit norm', '  0 to 3 months: 200 hours per week'], message: '200 hours per week', line: 9, column: 18 },
    { name: 'default reminder', lines: ['default remind 99999 days before to the owners'], message: '7300 days', column: 16 },
  ])('$name (outside a step)', ({ lines, message, line, column }) => {
    expectErrors(withHead(...lines, 'task a "A"', '  in phase 1', '  owner sundhedsplejerske', onBirth), [{ code: 'number.range', message, line: line ?? 8, column }]);
  });

  it("'months into the intervention' is range-checked, and needs an event marking intake", () => {
    expectErrors(step('  due 999 months into the intervention'), [
      { code: 'number.range', message: 'Month into the intervention 999', line: 11, column: 7 },
      { code: 'lifecycle.no-intake', message: 'counts months from intake', line: 11, column: 7 },
    ]);
  });

  it('the limits themselves are allowed', () => {
    expectValid(step('  due from pregnancy week 1 to end of pregnancy week 45', '  remind 240 months before to the owners', '  escalate after 7300 days to teamleder'));
    expectValid(step("  due from child's 240. month of life to child age 240 months"));
  });
});

describe('a rules file either compiles to real dates or gets errors', () => {
  const family: Fact[] = [
    { kind: 'event', event: 'notification', date: '2026-01-05' },
    { kind: 'event', event: 'intake', date: '2026-01-12' },
    { kind: 'event', event: 'birth', date: '2026-05-20' },
    { kind: 'done', step: 'a', date: '2026-02-02' },
  ];
  const realDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && DateTime.fromISO(d, { zone: 'UTC' }).isValid;

  const n = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(0, 1, 45, 46, 240, 241, 1040, 7300, 99_999_999), fc.integer({ min: 0, max: 2 ** 31 }));
  const unit = fc.constantFrom('days', 'weeks', 'months', 'hours', 'dage', 'uger', 'måneder');
  const duration = fc.tuple(n, unit, fc.option(fc.tuple(n, unit), { nil: undefined })).map(([a, u, more]) => `${a} ${u}${more ? ` ${more[0]} ${more[1]}` : ''}`);
  const anchor = fc.oneof(
    n.map((w) => `pregnancy week ${w}`),
    n.map((m) => `child age ${m} months`),
    n.map((m) => `child's ${m}. month of life`),
    n.map((m) => `${m} months into the intervention`),
    fc.constantFrom('birth', 'intake', 'notification', 'term', 'a'),
  );
  const point = fc.tuple(fc.option(duration, { nil: undefined }), fc.constantFrom('after', 'before'), anchor).map(([d, dir, a]) => (d ? `${d} ${dir} ${a}` : a));
  const due = fc.oneof(
    point.map((p) => `  due ${p}`),
    point.map((p) => `  due at the latest ${p}`),
    fc.tuple(point, point).map(([a, b]) => `  due from ${a} to ${b}`),
    fc.tuple(duration, point, point).map(([d, a, b]) => `  repeat every ${d} from ${a} until ${b} or closing`),
    fc.tuple(n, point).map(([k, a]) => `  repeat every ${k}. week from ${a} until closing`),
  );
  const extra = fc.oneof(
    fc.constant(''),
    duration.map((d) => `  remind ${d} before to the owners`),
    duration.map((d) => `  escalate after ${d} to teamleder`),
    duration.map((d) => `  requires s "S" ${d} before by sundhedsplejerske`),
  );
  const source = fc.tuple(due, extra).map(([d, e]) =>
    withHead('event intake "Visitation"', 'event notification "Underretning"', 'task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of intake', 'task b "B"', '  in phase 1', '  owner sundhedsplejerske', d, e),
  );

  it('any source that compiles plans only real dates for a sample family', () => {
    let compiled = 0;
    fc.assert(
      fc.property(source, fc.constantFrom('2026-01-20T09:00:00Z', '2027-06-01T09:00:00Z'), (src, now) => {
        const result = compile(src);
        if (!result.ok) {
          expect(result.errors.every((e) => e.loc.line >= 1 && e.loc.column >= 1)).toBe(true);
          return;
        }
        compiled++;
        const p = plan(result.programme, { caseId: 'sag-1', dueDate: '2026-06-01', facts: family }, now);
        for (const o of p.occurrences) {
          expect(o.reason ?? '', `${o.stepId} in\n${src}`).not.toMatch(/^error/);
          for (const d of [o.earliest, o.target, o.latest, o.nominal]) expect(realDate(d), `${o.stepId}: ${d} in\n${src}`).toBe(true);
          for (const m of [...o.reminders, ...o.escalations]) expect(DateTime.fromISO(m.at).isValid, `${m.at} in\n${src}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // The generator must reach both sides, or the property says nothing.
    expect(compiled).toBeGreaterThan(20);
  });
});
