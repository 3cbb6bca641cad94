import { describe, expect, it } from 'vitest';
import { expectErrors, expectValid, withHead } from './dsl-helpers.js';

/** A step in four lines (8–11 under the header), with one line swapped out where a case needs it. */
const step = (over: Partial<Record<'head' | 'phase' | 'owner' | 'due', string>> = {}, ...extra: string[]) =>
  [
    over.head ?? 'task a "A"',
    over.phase ?? '  in phase 1',
    over.owner ?? '  owner sundhedsplejerske',
    over.due ?? '  due on the day of birth',
    ...extra,
  ].filter((l) => l !== '');

describe('validation rules, each with exact line:column', () => {
  it.each([
    // unknown-references
    { rule: 'unknown role, did you mean', lines: step({ owner: '  owner sundhedplejerske' }), code: 'ref.unknown-role', message: "did you mean 'sundhedsplejerske'", line: 10, column: 9 },
    { rule: 'unknown role, no suggestion', lines: step({ owner: '  owner sundhedsplejerske, borgmester' }), code: 'ref.unknown-role', message: "Unknown role or group 'borgmester'", line: 10, column: 28 },
    { rule: 'unknown event, did you mean', lines: step({ due: '  due on the day of brith' }), code: 'ref.unknown-event', message: "did you mean 'birth'", line: 11, column: 21 },
    { rule: 'unknown step after each', lines: step({ due: '  repeat after each mode' }), code: 'ref.unknown-step', message: "Unknown step 'mode'", line: 11, column: 21 },
    { rule: 'unknown step in a condition', lines: step({}, '  only if b is done'), code: 'ref.unknown-step', message: "Unknown step 'b'", line: 12, column: 11 },
    { rule: 'unknown phase', lines: step({ phase: '  in phase 3' }), code: 'ref.unknown-phase', message: 'Phase 3 is not declared', line: 9, column: 12 },
    { rule: 'unknown role in a group', lines: ['group g: teamleder, sundhedsplejersk', ...step()], code: 'ref.unknown-role', message: "did you mean 'sundhedsplejerske'", line: 8, column: 21 },
    { rule: 'unknown event a phase starts at', lines: ['phase 2 "To" starts at brith', ...step()], code: 'ref.unknown-event', message: "did you mean 'birth'", line: 8, column: 24 },
    // duplicate-ids
    { rule: 'duplicate step id', lines: [...step(), ...step()], code: 'id.duplicate', message: "'a' is already declared as step on line 8", line: 12, column: 6 },
    { rule: 'step id equal to an event id', lines: step({ head: 'task birth "B"', due: '  due pregnancy week 30' }), code: 'id.duplicate', message: "'birth' is already declared as event on line 5", line: 8, column: 6 },
    { rule: 'duplicate phase', lines: ['phase 1 "Igen"', ...step()], code: 'id.duplicate', message: "'1' is already declared as phase", line: 8, column: 7 },
    { rule: 'two closing events', lines: ['event end "E" closes the case', ...step()], code: 'event.two-closing', message: 'Only one event can close the case', line: 8, column: 15 },
    // id-format
    { rule: 'id with capitals', lines: step({ head: 'task Ab "A"' }), code: 'id.format', message: "e.g. 'ab'", line: 8, column: 6 },
    { rule: 'id with æøå', lines: step({ head: 'task møde_x "A"' }), code: 'id.format', message: "e.g. 'moede_x'", line: 8, column: 6 },
    // escalation-targets
    { rule: 'escalation to an unknown role', lines: step({}, '  escalate after 1 day to teamleer'), code: 'escalation.unknown-role', message: "did you mean 'teamleder'", line: 12, column: 27 },
    { rule: 'escalation levels out of order', lines: step({}, '  escalate after 1 week to teamleder, then after 2 days to teamleder'), code: 'escalation.order', message: 'must come later', line: 12, column: 50 },
    // window-order
    { rule: 'window ends before it starts', lines: step({ due: '  due from pregnancy week 20 to week 18' }), code: 'window.order', message: 'ends before it starts', line: 11, column: 33 },
    { rule: 'window on one event, reversed', lines: step({ due: '  due from 2 weeks after birth to 1 week after birth' }), code: 'window.order', message: 'ends before it starts', line: 11, column: 35 },
    { rule: 'target outside the window', lines: step({ due: '  due from child age 2 months to child age 3 months target child age 5 months' }), code: 'window.order', message: 'target lies outside', line: 11, column: 60 },
    { rule: 'norm band backwards', lines: ['visit norm', '  6 to 3 months: 4 hours per week', ...step()], code: 'window.order', message: 'swap the numbers', line: 9, column: 8 },
    // recurrence-end
    { rule: 'recurrence without an end', lines: step({ due: '  repeat every 4 weeks from birth' }), code: 'recurrence.no-end', message: 'never ends', line: 11, column: 10 },
    { rule: 'recurrence without a start', lines: step({ due: '  repeat every 4 weeks until closing' }), code: 'recurrence.no-start', message: 'has no start', line: 11, column: 10 },
    // step-completeness
    { rule: 'step without phase', lines: step({ phase: '' }), code: 'step.no-phase', message: "add e.g. 'in phase 2'", line: 8, column: 6 },
    { rule: 'step without owner', lines: step({ owner: '' }), code: 'step.no-owner', message: 'has no owner', line: 8, column: 6 },
    { rule: 'step without timing', lines: step({ due: '' }), code: 'step.no-timing', message: 'never becomes due', line: 8, column: 6 },
    { rule: 'on request and a date', lines: step({}, '  on request'), code: 'step.on-request-with-date', message: "both 'on request'", line: 12, column: 3 },
    { rule: 'questionnaire without instrument', lines: step({ head: 'questionnaire q "Q"' }), code: 'step.no-instrument', message: 'names no instrument', line: 8, column: 15 },
    // header
    { rule: 'unknown time zone', lines: ['timezone "Europe/Kobenhavn"', ...step()], code: 'header.time-zone', message: 'Unknown time zone', line: 8, column: 10 },
    { rule: 'unknown closing day', lines: ['closed on grundlovsdg', ...step()], code: 'header.closing-day', message: "did you mean 'grundlovsdag'", line: 8, column: 11 },
    { rule: 'impossible reminder time', lines: ['reminders at 25:00', ...step()], code: 'header.reminder-time', message: 'does not exist', line: 8, column: 14 },
    // never-due
    { rule: 'condition that contradicts itself', lines: step({}, '  only if premature and not premature'), code: 'step.never-due', message: 'can never become due', line: 12, column: 11 },
    { rule: 'child age but birth must not have happened', lines: step({ due: '  due from child age 2 months' }, '  only if birth has not happened'), code: 'step.never-due', message: 'can never become due', line: 12, column: 11 },
  ])('$rule', ({ lines, code, message, line, column }) => {
    expectErrors(withHead(...lines), [{ code, message, line, column }]);
  });

  it('header without programme line', () => {
    expectErrors(['version "1"', 'role r "R"'].join('\n'), [{ code: 'header.missing-programme', message: "must begin with 'programme", line: 1, column: 1 }]);
  });

  it('header without version', () => {
    expectErrors(withHead(...step()).replace('version "1"\n', ''), [{ code: 'header.missing-version', message: 'no version label', line: 1, column: 1 }]);
  });

  it('a cycle of steps is reported once, where it closes', () => {
    const lines = [
      ...step({ head: 'task a "A"', due: '  due 1 week after b' }),
      ...step({ head: 'task b "B"', due: '  due 1 week after a' }),
    ];
    expectErrors(withHead(...lines), [{ code: 'step.cycle', message: 'a → b → a', line: 15, column: 20 }]);
  });

  it('a step counted from itself is a cycle', () => {
    expectErrors(withHead(...step({ due: '  repeat 1 day after each a' })), [{ code: 'step.cycle', message: 'a → a', line: 11, column: 27 }]);
  });

  it('a step counted from a step that can never be due cannot be due either', () => {
    const lines = [
      ...step({}, '  only if birth has happened and birth has not happened'),
      ...step({ head: 'task b "B"', due: '  due 1 week after a' }),
    ];
    expectErrors(withHead(...lines), [
      { code: 'step.never-due', message: "'a' can never become due", line: 12, column: 11 },
      { code: 'step.never-due', message: "counted from 'a'", line: 16, column: 20 },
    ]);
  });

  it('all rules run: mistakes of different rules are reported together', () => {
    const lines = [...step({ owner: '  owner sundhedplejerske', due: '  due from pregnancy week 20 to week 18' }), '  escalate after 1 day to teamleer'];
    const errors = expectErrors(withHead(...lines), [
      { code: 'ref.unknown-role', message: 'sundhedsplejerske', line: 10, column: 9 },
      { code: 'window.order', message: 'ends before', line: 11, column: 33 },
      { code: 'escalation.unknown-role', message: 'teamleder', line: 12, column: 27 },
    ]);
    expect(new Set(errors.map((e) => e.code)).size).toBe(3);
  });
});

describe('valid forms compile to the model', () => {
  it('a window in pregnancy weeks runs from the first day of week 16 to the last day of week 18', () => {
    const p = expectValid(withHead(...step({ due: '  due from pregnancy week 16 to week 18' })));
    expect(p.steps[0]!.when).toEqual({
      earliest: { anchor: { kind: 'pregnancyWeek', week: 16, edge: 'start' }, offset: { months: 0, weeks: 0, days: 0, hours: 0 } },
      target: { anchor: { kind: 'pregnancyWeek', week: 18, edge: 'end' }, offset: { months: 0, weeks: 0, days: 0, hours: 0 } },
      latest: { anchor: { kind: 'pregnancyWeek', week: 18, edge: 'end' }, offset: { months: 0, weeks: 0, days: 0, hours: 0 } },
    });
  });

  it('"at the latest 4 weeks after" opens on the anchor and is due 4 weeks later', () => {
    const p = expectValid(withHead(...step({ due: '  due at the latest 4 weeks after birth' })));
    const w = p.steps[0]!.when!;
    expect(w.earliest!.offset.weeks).toBe(0);
    expect(w.latest!.offset.weeks).toBe(4);
    expect(w.target.anchor).toEqual({ kind: 'event', event: 'birth' });
  });

  it('"4 weeks before term" is a negative offset from pregnancy week 40', () => {
    const p = expectValid(withHead(...step({ due: '  due 4 weeks before term' })));
    expect(p.steps[0]!.when!.target).toEqual({
      anchor: { kind: 'pregnancyWeek', week: 40, edge: 'start' },
      offset: { months: 0, weeks: -4, days: 0, hours: 0 },
    });
  });

  it('groups and "the owners" expand to role ids', () => {
    const p = expectValid(
      withHead('group ledere: teamleder', ...step({}, '  remind 2 days before to the owners, ledere', '  escalate after 1 day to ledere')),
    );
    expect(p.steps[0]!.reminders).toEqual([{ before: { months: 0, weeks: 0, days: 2, hours: 0 }, to: ['sundhedsplejerske', 'teamleder'] }]);
    expect(p.steps[0]!.escalation[0]!.to).toEqual(['teamleder']);
  });

  it('a condition naming a step becomes stepDone; "has not happened" becomes not', () => {
    const p = expectValid(withHead(...step(), ...step({ head: 'task b "B"' }, '  only if a has happened and closing has not happened')));
    expect(p.steps[1]!.condition).toEqual({
      kind: 'all',
      conditions: [{ kind: 'stepDone', step: 'a' }, { kind: 'not', condition: { kind: 'happened', event: 'closing' } }],
    });
  });
});
