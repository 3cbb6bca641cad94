/** The morning digest skips the closing days of the compiled calendars, not a list of its own. */
import { describe, expect, it } from 'vitest';
import { commonClosedDates } from '../dsl/compile/holidays.js';
import { closedReason } from '../workflows/digest-workflow.js';
import { expectValid } from './dsl-helpers.js';

const programme = (closedOn: string) =>
  expectValid(['programme p "P"', 'version "1"', closedOn, 'role r "R"', 'event start "Start"', 'phase 1 "Første"', 'task a "A"', '  in phase 1', '  owner r', '  due 1 week after start'].join('\n'));

describe('closing days of the morning digest', () => {
  const withGrundlovsdag = programme('closed on grundlovsdag');
  const without = programme('');

  it.each([
    ['Friday 5 June 2026, grundlovsdag, closed in the rules', [withGrundlovsdag], '2026-06-05', 'closed'],
    ['the same day when the rules do not close it', [without], '2026-06-05', undefined],
    ['the same day when one programme is open then', [withGrundlovsdag, without], '2026-06-05', undefined],
    ['skærtorsdag 2027, a public holiday in every calendar', [without], '2027-03-25', 'closed'],
    ['a Saturday', [without], '2027-03-27', 'weekend'],
    ['an ordinary Tuesday', [withGrundlovsdag], '2027-03-23', undefined],
  ] as const)('%s', (_name, programmes, date, expected) => {
    expect(closedReason(date, commonClosedDates(programmes.map((p) => p.calendar)))).toBe(expected);
  });

  it('passes only the dates from today on', () => {
    const dates = commonClosedDates([withGrundlovsdag.calendar], '2030-01-01');
    expect(dates[0]! >= '2030-01-01' && dates.includes('2030-06-05')).toBe(true);
  });
});
