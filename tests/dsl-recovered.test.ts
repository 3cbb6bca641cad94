/**
 * A file with syntax errors is validated too: one run shows the syntax errors and the unknown
 * names and bad numbers in what the parser recovered, and nothing that recovery itself caused
 * (a missing owner after a broken owner line, an empty id the parser inserted).
 */
import { describe, it } from 'vitest';
import { expectErrors, HEAD, withHead, type ExpectedError } from './dsl-helpers.js';

const step = (id: string, owner = 'sundhedsplejerske', due = '  due on the day of birth') => [`task ${id} "A"`, '  in phase 1', `  owner ${owner}`, due];
const unknownEvent: ExpectedError = { code: 'ref.unknown-event', message: "did you mean 'birth'", line: 15, column: 21 };
const unknownRole = (line: number): ExpectedError => ({ code: 'ref.unknown-role', message: "did you mean 'sundhedsplejerske'", line, column: 9 });
const badCharacter = (line: number, column: number): ExpectedError => ({ code: 'syntax.character', message: "Unknown character '@'", line, column });

describe('syntax and reference errors in one run', () => {
  it.each<{ name: string; source: string; errors: ExpectedError[] }>([
    {
      name: 'a broken owner line in one step, an unknown event in the next',
      source: withHead(...step('a', '@'), ...step('b', 'sundhedsplejerske', '  due on the day of brith')),
      errors: [badCharacter(10, 9), { code: 'syntax.unexpected', message: "but found 'due'", line: 11, column: 3 }, unknownEvent],
    },
    {
      name: 'both in the same step, the reference before the mistake',
      source: withHead(...step('a', 'sundhedsplejerske', '  due on the day of brith'), '  owner @'),
      errors: [
        { code: 'ref.unknown-event', message: "did you mean 'birth'", line: 11, column: 21 },
        { code: 'syntax.unexpected', message: 'the end of the file', line: 12, column: 8 },
        badCharacter(12, 9),
      ],
    },
    {
      name: 'a misspelt keyword skips a step; the steps around it are still checked',
      source: withHead(...step('a'), 'tsk b "B"', '  in phase 1', '  owner sundhedsplejerske', ...step('c', 'sundhedsplejersk')),
      errors: [{ code: 'syntax.expected', message: "Unexpected 'tsk'", line: 12, column: 1 }, unknownRole(17)],
    },
    {
      name: 'a missing title, and an unknown role further down',
      source: withHead('role x', ...step('a', 'sundhedsplejersk')),
      errors: [{ code: 'syntax.expected', message: 'Expected a text in double quotes', line: 9, column: 1 }, unknownRole(11)],
    },
    {
      name: 'a misspelt word in a reminder, an unknown escalation role before it',
      source: withHead(...step('a'), '  escalate after 1 day to teamleer', '  remind 3 days befor to the owners', ...step('b', 'sundhedsplejersk')),
      errors: [
        { code: 'escalation.unknown-role', message: "did you mean 'teamleder'", line: 12, column: 27 },
        { code: 'syntax.expected', message: "Expected 'before'", line: 13, column: 17 },
        unknownRole(16),
      ],
    },
    {
      name: 'a syntax error and a number out of range',
      source: withHead(...step('a', 'sundhedsplejerske', '  due from pregnancy week 16 too week 18'), ...step('b', 'sundhedsplejerske', '  due pregnancy week 46')),
      errors: [{ code: 'syntax.expected', message: "Unexpected 'too'", line: 11, column: 30 }, { code: 'number.range', message: 'Pregnancy week 46', line: 15, column: 22 }],
    },
    {
      name: 'an intact step without an owner is still reported',
      source: withHead(...step('a', '@'), 'task b "B"', '  in phase 1', '  due on the day of birth'),
      errors: [badCharacter(10, 9), { code: 'syntax.unexpected', message: "but found 'due'", line: 11, column: 3 }, { code: 'step.no-owner', message: "'b' has no owner", line: 12, column: 6 }],
    },
  ])('$name', ({ source, errors }) => {
    expectErrors(source, errors);
  });
});

describe('nothing that recovery caused', () => {
  it.each<{ name: string; source: string; errors: ExpectedError[] }>([
    {
      name: 'an owner line with no owner: no "has no owner"',
      source: withHead(...step('a', ','), ...step('b')),
      errors: [{ code: 'syntax.unexpected', message: "but found ','", line: 10, column: 9 }],
    },
    {
      name: 'a step without an id: no error about the empty id the parser put in',
      source: withHead('task "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of birth', ...step('b', 'sundhedsplejersk')),
      errors: [{ code: 'syntax.expected', message: 'Expected an id', line: 8, column: 6 }, unknownRole(14)],
    },
    {
      name: 'a window without its end: no window or timing errors',
      source: withHead(...step('a', 'sundhedsplejerske', '  due from pregnancy week 16 to'), ...step('b')),
      errors: [{ code: 'syntax.unexpected', message: "as the anchor of the date, but found 'task'", line: 12, column: 1 }],
    },
    {
      name: 'a version without quotes: no "missing version"',
      source: ['programme p "P"', 'version 2025.1', ...HEAD.slice(2), ...step('a')].join('\n'),
      errors: [{ code: 'syntax.expected', message: 'Expected a text in double quotes', line: 2, column: 9 }],
    },
    {
      name: 'a programme line without a title: no "must begin with programme"',
      source: ['programme p', ...HEAD.slice(1), ...step('a', 'sundhedsplejersk')].join('\n'),
      errors: [{ code: 'syntax.expected', message: 'Expected a text in double quotes', line: 2, column: 1 }, unknownRole(10)],
    },
  ])('$name', ({ source, errors }) => {
    expectErrors(source, errors);
  });
});
