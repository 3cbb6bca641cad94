/**
 * The *Forsinket* list as data, without a server: the GET filter and page numbers checked with the
 * contract (the database sorts and pages: tests/db-overdue-page.test.ts), the page links of the
 * pagination, the CSV cells a spreadsheet cannot run, and lateness by step for the chart.
 */
import { describe, expect, it } from 'vitest';
import { latenessByStep } from '../client/web/overdue-chart.js';
import { csvCell, filterQuery, listRequest, overdueCsv, parseFilter, type CountLine, type OverdueLine } from '../client/web/overdue-list.js';
import { pageNumbers } from '../client/web/pagination.js';
import { texts } from '../client/web/texts.js';
import { weeklyChart, weekTotals } from '../client/web/overdue-weekly.js';
import { exampleDirectory } from './mail-support.js';

function line(caseId: string, stepId: string, daysLate: number, owners: string[], unit = 'nord'): OverdueLine {
  const step = stepId === 'teamsamtale' ? 'Teamsamtale' : 'Sagsmøde i børneteamet';
  return { caseId, unit, unitName: unit, stepId, step, stepName: step, occurrence: 1, phase: 1, latest: '2026-03-01', daysLate, owners, ownerNames: owners.join(', ') };
}

describe('the filter', () => {
  it.each([
    ['nothing: every line, most days late first', {}, { order: 'days' }],
    ['one unit', { enhed: 'syd' }, { unit: 'syd', order: 'days' }],
    ['one owner', { ansvarlig: 'tl-karen' }, { owner: 'tl-karen', order: 'days' }],
    ['one step, by case', { trin: 'teamsamtale', sorter: 'sag' }, { stepId: 'teamsamtale', order: 'case' }],
    ['by step title', { sorter: 'trin' }, { order: 'step' }],
    ['an empty choice is "all"', { enhed: '', ansvarlig: '', trin: '' }, { order: 'days' }],
  ])('%s', (_name, query, expected) => {
    const { filter, errors } = parseFilter(query);
    expect(errors).toEqual({});
    expect(JSON.parse(JSON.stringify(listRequest(filter)))).toEqual(expected);
  });

  it.each([
    ['2', 2],
    ['17', 17],
  ])('page %j is page %d', (side, page) => {
    expect(parseFilter({ side, eside: side })).toEqual({ filter: { sorter: 'dage', side: page, eside: page }, errors: {} });
  });

  it.each(['0', '-1', 'to', '1.5', '2e3', '999999'])('page %j is left out and gets one sentence, Danish then English', (side) => {
    const { filter, errors } = parseFilter({ side });
    expect(filter).toEqual({ sorter: 'dage' });
    expect(errors.side).toEqual({ code: 'page.format', da: `«${side}» er ikke et sidenummer: skriv et helt tal fra 1, fx 2.`, en: `'${side}' is not a page number: write a whole number from 1, e.g. 2.` });
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

  it('carries the pages only where asked, and the first page not at all', () => {
    const filter = { enhed: 'nord', sorter: 'dage', side: 3, eside: 2 } as const;
    expect(filterQuery(filter)).toBe('?enhed=nord');
    expect(filterQuery(filter, { side: 4, eside: 1 })).toBe('?enhed=nord&side=4');
    expect(filterQuery({ sorter: 'dage' }, { side: 1, eside: 2 })).toBe('?eside=2');
  });
});

describe('the pagination', () => {
  it.each([
    [1, 1, [1]],
    [3, 7, [1, 2, 3, 4, 5, 6, 7]],
    [2, 17, [1, 2, 3, 4, 5, 0, 17]],
    [9, 17, [1, 0, 8, 9, 10, 0, 17]],
    [15, 17, [1, 0, 13, 14, 15, 16, 17]],
  ])('page %d of %d shows %j (0: pages left out)', (page, pages, shown) => {
    expect(pageNumbers(page, pages)).toEqual(shown);
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
  const count = (unit: string, stepId: string, n: number, daysLate: number, mostDaysLate: number): CountLine => ({ unit, stepId, stepName: stepId === 'teamsamtale' ? 'Teamsamtale' : 'Sagsmøde i børneteamet', count: n, daysLate, mostDaysLate });

  it('counts, averages and the most days late per step across units, the latest step first', () => {
    expect(latenessByStep([count('nord', 'teamsamtale', 1, 3, 3), count('nord', 'sagsmoede', 1, 10, 10), count('syd', 'teamsamtale', 1, 7, 7)])).toEqual([
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
