/**
 * 'only before birth': a step that must happen before the birth lapses ("født før") when the child
 * is born on or before its deadline, unless it was done. Tables on the real Spædbarn rules and on a
 * small programme, plus the rule's own validation.
 */
import { describe, expect, it } from 'vitest';
import type { Fact } from '../dsl/facts.js';
import type { Occurrence } from '../dsl/plan/index.js';
import { plan } from '../dsl/plan/index.js';
import { reasonLabels } from '../dsl/plan/index.js';
import { expectErrors, expectValid, loadProgramme, withHead } from './dsl-helpers.js';

const spaedbarn = loadProgramme('spaedbarnsindsatsen.rules');
const ev = (event: string, date: string): Fact => ({ kind: 'event', event, date });
const done = (step: string, date: string): Fact => ({ kind: 'done', step, date });

// Term Friday 3 July 2026: the network meeting before the birth is due by 5 June (4 weeks before
// term), the work meeting by 19 June (2 weeks before term).
const DUE_DATE = '2026-07-03';
const pregnancy: Fact[] = [
  ev('notification', '2026-01-05'), ev('intake', '2026-01-12'), done('screening', '2026-01-20'), done('teamsamtale', '2026-02-10'),
];

function occurrenceOf(facts: Fact[], now: string, stepId: string): Occurrence {
  const found = plan(spaedbarn, { caseId: 'sag-f', dueDate: DUE_DATE, facts: [...pregnancy, ...facts] }, now).occurrences.find((o) => o.stepId === stepId);
  if (!found) throw new Error(`no occurrence of ${stepId}`);
  return found;
}

describe('before-birth steps of Spædbarnsindsatsen', () => {
  it.each([
    // [case, extra facts, step, status, reason]
    ['born before term: the network meeting lapses', [ev('birth', '2026-05-11')], 'netvaerksmoede_foer_foedsel', 'not_applicable', 'born_before'],
    ['born before term: the work meeting lapses', [ev('birth', '2026-05-11')], 'arbejdsmoede_foer_foedsel', 'not_applicable', 'born_before'],
    ['born on the deadline day: nothing left to do it in', [ev('birth', '2026-06-05')], 'netvaerksmoede_foer_foedsel', 'not_applicable', 'born_before'],
    ['born after the network meeting\'s deadline: it was overdue already and stays so', [ev('birth', '2026-06-10')], 'netvaerksmoede_foer_foedsel', 'overdue', undefined],
    ['… while the work meeting, still in time, lapses', [ev('birth', '2026-06-10')], 'arbejdsmoede_foer_foedsel', 'not_applicable', 'born_before'],
    ['held before the premature birth: stays done', [done('netvaerksmoede_foer_foedsel', '2026-04-28'), ev('birth', '2026-05-11')], 'netvaerksmoede_foer_foedsel', 'done', undefined],
    ['born at term: unaffected, overdue if not held', [ev('birth', '2026-07-03')], 'netvaerksmoede_foer_foedsel', 'overdue', undefined],
    ['born at term, held in time: done', [done('arbejdsmoede_foer_foedsel', '2026-06-15'), ev('birth', '2026-07-03')], 'arbejdsmoede_foer_foedsel', 'done', undefined],
    ['no birth registered: overdue as before, nothing lapses', [], 'netvaerksmoede_foer_foedsel', 'overdue', undefined],
  ] as const)('%s', (_name, facts, stepId, status, reason) => {
    const o = occurrenceOf([...facts], '2026-07-20T09:00:00Z', stepId);
    expect([o.status, o.reason]).toEqual([status, reason]);
    if (status === 'not_applicable') {
      // Never reminded, never escalated.
      expect([o.reminders, o.escalations]).toEqual([[], []]);
    }
  });

  it('a meeting planned after the premature birth lapses too', () => {
    const o = occurrenceOf([{ kind: 'planned', step: 'arbejdsmoede_foer_foedsel', occurrence: 1, date: '2026-06-16', time: '10:00' }, ev('birth', '2026-06-01')], '2026-06-02T09:00:00Z', 'arbejdsmoede_foer_foedsel');
    expect([o.status, o.reason]).toEqual(['not_applicable', 'born_before']);
  });

  it('shows the reason as "født før" / "born before"', () => {
    expect([reasonLabels.da.born_before, reasonLabels.en.born_before]).toEqual(['født før', 'born before']);
  });

  it('marks exactly the steps that are clearly before the birth', () => {
    expect(spaedbarn.steps.filter((s) => s.beforeBirth).map((s) => s.id)).toEqual([
      'screening', 'hjemmebesoeg_foer_foedsel', 'netvaerksmoede_foer_foedsel', 'arbejdsmoede_foer_foedsel',
    ]);
  });
});

describe("the rule 'only before birth' / 'kun før fødslen'", () => {
  const step = (clause: string, due = '  due 4 weeks before term') => withHead('task a "A"', '  in phase 1', '  owner sundhedsplejerske', due, clause);

  it.each(['  only before birth', '  kun før fødslen', '  kun før fødsel', '  senest før fødslen', '  ONLY BEFORE BIRTH'])('%s compiles into the model', (clause) => {
    expect(expectValid(step(clause)).steps[0]!.beforeBirth).toBe(true);
  });

  it('leaves steps without it unchanged (no field, same version hash as before)', () => {
    expect('beforeBirth' in expectValid(step('')).steps[0]!).toBe(false);
  });

  it('needs the birth event to be declared', () => {
    const source = step('  only before birth').replace('event birth "Fødsel"', 'event start "Start"');
    expectErrors(source, [{ code: 'lifecycle.no-birth', message: 'counts from the birth: mark it', line: 12, column: 3 }]);
  });

  it('cannot be combined with a date counted from the birth', () => {
    expectErrors(step('  kun før fødslen', '  due child age 2 months'), [{ code: 'step.never-due', message: 'can never become due', line: 12, column: 3 }]);
  });

  it('lapses only when the birth comes on or before the deadline', () => {
    const programme = expectValid(step('  only before birth'));
    const statusAt = (birth: string) => plan(programme, { caseId: 'sag-1', dueDate: '2026-07-03', facts: [ev('birth', birth)] }, '2026-07-10T09:00:00Z').occurrences[0]!;
    expect([statusAt('2026-06-01').status, statusAt('2026-06-01').reason]).toEqual(['not_applicable', 'born_before']);
    expect(statusAt('2026-06-08').status).toBe('overdue'); // deadline Friday 5 June passed before the birth
  });
});
