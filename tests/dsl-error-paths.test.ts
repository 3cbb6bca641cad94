/**
 * Every rules error names the AST path to the node it is about (`path`), so an editor or a
 * service can point at it without re-reading the text; syntax errors name the declaration they
 * stand in. The other DSL tables check, through `expectErrors`, that no error has an empty path
 * where a node exists.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import { parse } from '../dsl/language/parse.js';
import { withHead } from './dsl-helpers.js';

const step = (...lines: string[]) => ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of birth', ...lines];

function pathsOf(source: string): string[][] {
  const result = compile(source);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => e.path);
}

describe('error paths', () => {
  it.each([
    { name: 'unknown owner', lines: ['task a "A"', '  in phase 1', '  owner sundhedplejerske', '  due on the day of birth'], path: ['steps', 'a', 'owners', 'sundhedplejerske'] },
    { name: 'unknown event in a date', lines: ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of brith'], path: ['steps', 'a', 'when', 'brith'] },
    { name: 'unknown phase', lines: ['task a "A"', '  in phase 3', '  owner sundhedsplejerske', '  due on the day of birth'], path: ['steps', 'a', 'phase'] },
    { name: 'unknown role in a group', lines: ['group g: teamleder, sundhedsplejersk', ...step()], path: ['groups', 'g', 'members', 'sundhedsplejersk'] },
    { name: 'duplicate step', lines: [...step(), ...step()], path: ['steps', 'a'] },
    { name: 'id with capitals', lines: ['task Ab "A"', '  in phase 1', '  owner sundhedsplejerske', '  due on the day of birth'], path: ['steps', 'Ab'] },
    { name: 'escalation to an unknown role', lines: step('  escalate after 1 day to teamleer'), path: ['steps', 'a', 'escalation', '1', 'to', 'teamleer'] },
    { name: 'escalation levels out of order', lines: step('  escalate after 1 week to teamleder, then after 2 days to teamleder'), path: ['steps', 'a', 'escalation', '2', 'after'] },
    { name: 'norm band backwards', lines: ['visit norm', '  6 to 3 months: 4 hours per week', ...step()], path: ['norms', '1', 'toMonths'] },
    { name: 'step without owner', lines: ['task a "A"', '  in phase 1', '  due on the day of birth'], path: ['steps', 'a', 'owners'] },
    { name: 'unknown time zone', lines: ['timezone "Europe/Kobenhavn"', ...step()], path: ['timeZone'] },
    { name: 'unknown closing day', lines: ['closed on grundlovsdg', ...step()], path: ['closedDays', 'grundlovsdg'] },
    { name: 'condition that contradicts itself', lines: step('  only if premature and not premature'), path: ['steps', 'a', 'condition'] },
    { name: 'number out of range', lines: ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due from pregnancy week 60'], path: ['steps', 'a', 'when'] },
    { name: 'recurrence without an end', lines: ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  repeat every 4 weeks from birth'], path: ['steps', 'a', 'recurrence', 'until'] },
  ])('$name → $path', ({ lines, path }) => {
    expect(pathsOf(withHead(...lines))).toEqual([path]);
  });

  it.each([
    { name: 'unknown character in a role', lines: ['role x "X" @'], path: ['roles', 'x'] },
    { name: 'unclosed string in a role', lines: ['role x "X'], path: ['roles', 'x'] },
    { name: 'missing title, found at the next declaration', lines: ['role x', 'role y "Y"'], path: ['roles', 'x'] },
    { name: 'no alternative in a due clause', lines: ['task a "A"', '  in phase 1', '  owner sundhedsplejerske', '  due , birth'], path: ['steps', 'a'] },
    { name: 'visit norm without bands', lines: ['visit norm', ...step()], path: ['norms'] },
  ])('syntax: $name → $path', ({ lines, path }) => {
    expect(parse(withHead(...lines)).errors.map((e) => e.path)).toEqual([path]);
  });

  it('gives text before the programme line no path: no declaration holds it', () => {
    const errors = parse('@ programme p "P"\nversion "1"').errors;
    expect(errors.map((e) => [e.code, e.path])).toEqual([['syntax.character', []]]);
  });
});
