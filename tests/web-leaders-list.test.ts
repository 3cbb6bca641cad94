/**
 * The *Forsinket* list as data, without a server: the GET filter checked with the contract, its
 * order, the CSV cells a spreadsheet cannot run, and lateness by step for the chart.
 */
import { describe, expect, it } from 'vitest';
import { latenessByStep } from '../client/web/overdue-chart.js';
import { applyFilter, csvCell, filterQuery, overdueCsv, parseFilter, type OverdueLine } from '../client/web/overdue-list.js';
import { texts } from '../client/web/texts.js';
import { weeklyChart, weekTotals } from '../client/web/overdue-weekly.js';
import { exampleDirectory } from './mail-support.js';

function line(caseId: string, stepId: string, daysLate: number, owners: string[], unit = 'nord'): OverdueLine {
  const step = stepId === 'teamsamtale' ? 'Teamsamtale' : 'Sagsmøde i børneteamet';
  return { caseId, unit, unitName: unit, stepId, step, stepName: step, occurrence: 1, phase: 1, latest: '2026-03-01', daysLate, owners, ownerNames: owners.join(', ') };
}

const lines = [line('K-2', 'teamsamtale', 3, ['sr-mette']), line('K-1', 'sagsmoede', 10, ['sr-sofie', 'tl-karen']), line('K-3', 'teamsamtale', 7, ['sr-lars'], 'syd')];

describe('the filter', () => {
  it.each([
    ['nothing: every line, most days late first', {}, ['K-1', 'K-3', 'K-2']],
    ['one unit', { enhed: 'syd' }, ['K-3']],
    ['one owner, also when she shares the step', { ansvarlig: 'tl-karen' }, ['K-1']],
    ['one step', { trin: 'teamsamtale' }, ['K-3', 'K-2']],
    ['by case', { sorter: 'sag' }, ['K-1', 'K-2', 'K-3']],
    ['by step title, then days late', { sorter: 'trin' }, ['K-1', 'K-3', 'K-2']],
    ['an empty choice is "all"', { enhed: '', ansvarlig: '', trin: '' }, ['K-1', 'K-3', 'K-2']],
  ])('%s', (_name, query, expected) => {
    const { filter, errors } = parseFilter(query);
    expect(errors).toEqual({});
    expect(applyFilter(lines, filter).map((l) => l.caseId)).toEqual(expected);
  });

  it.each([
    ['enhed', 'Nord!', 'code.format'],
    ['ansvarlig', 'SR METTE', 'staff_id.format'],
    ['sorter', 'dato', 'input.invalid_value'],
  ])('a %s of %j is left out and gets its sentence', (field, value, code) => {
    const { filter, errors } = parseFilter({ [field]: value });
    expect(filter).toEqual({ sorter: 'dage' });
    expect(errors[field]?.code).toBe(code);
    expect(errors[field]?.da).not.toMatch(/[A-Za-z]+ (is|the|write) /);
  });

  it('goes back into a query string without its defaults', () => {
    expect(filterQuery({ sorter: 'dage' })).toBe('');
    expect(filterQuery({ enhed: 'nord', trin: 'teamsamtale', sorter: 'sag' })).toBe('?enhed=nord&trin=teamsamtale&sorter=sag');
  });
});

describe('CSV for Danish Excel', () => {
  it.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+45 12345678', "'+45 12345678"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['Mette; Sofie', '"Mette; Sofie"'],
    ['Sagsmøde i børneteamet', 'Sagsmøde i børneteamet'],
    [12, '12'],
    [undefined, ''],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('has a byte-order mark, Danish headers, semicolons and CRLF', () => {
    const csv = overdueCsv([line('K-1', 'teamsamtale', 4, ['sr-mette'])], texts.da, 'da');
    expect(csv).toBe('\uFEFFSag;Enhed;Fase;Trin;Senest;Dage for sent;Ansvarlig\r\nK-1;nord;1;Teamsamtale;01.03.2026;4;sr-mette\r\n');
  });
});

describe('lateness by step', () => {
  it('counts, averages and the most days late per step, the latest step first', () => {
    expect(latenessByStep(lines)).toEqual([
      { stepId: 'sagsmoede', step: 'Sagsmøde i børneteamet', count: 1, average: 10, most: 10 },
      { stepId: 'teamsamtale', step: 'Teamsamtale', count: 2, average: 5, most: 7 },
    ]);
  });
});

describe('overdue steps per week', () => {
  const weeks = [
    { weekStart: '2026-02-23', byUnit: { nord: null, syd: null } },
    { weekStart: '2026-03-02', byUnit: { nord: 0, syd: 0 } },
    { weekStart: '2026-03-09', byUnit: { nord: 4, syd: 2 } },
  ];

  it('sums the units shown per week, and a week without a count stays without one', () => {
    expect(weekTotals(weeks, ['nord', 'syd']).map((w) => [w.week, w.total])).toEqual([[9, null], [10, 0], [11, 6]]);
    expect(weekTotals(weeks, ['syd']).map((w) => w.total)).toEqual([null, 0, 2]);
  });

  it('draws a bar for each counted week and none for a week without a count', async () => {
    const directory = await exampleDirectory();
    const chart = weeklyChart(weekTotals(weeks, ['nord', 'syd']), ['nord', 'syd'], directory, texts.en, 'en').text;
    expect(chart.match(/<rect /g)).toHaveLength(1);
    expect(chart).toContain('<title>Week 9: not counted</title>');
    expect(chart).toContain('<title>Week 11: 6 overdue steps</title>');
    expect(chart).toMatch(/<tr><th scope="row">Week 9<\/th><td>23 Feb 2026<\/td><td>–<\/td><td>–<\/td><td>–<\/td><\/tr>/);
    expect(chart).toMatch(/<tr><th scope="row">Week 10<\/th><td>2 Mar 2026<\/td><td>0<\/td><td>0<\/td><td>0<\/td><\/tr>/);
    expect(weeklyChart(weekTotals(weeks.slice(0, 1), ['nord']), ['nord'], directory, texts.da, 'da').text).toBe('');
  });
});
