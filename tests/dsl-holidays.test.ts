import { describe, expect, it } from 'vitest';
import { closedDates, easterSunday, publicHolidays } from '../dsl/compile/holidays.js';

describe('Danish holidays', () => {
  it.each([
    { year: 2025, easter: '2025-04-20', skaertorsdag: '2025-04-17', langfredag: '2025-04-18', anden_paaskedag: '2025-04-21', kristi_himmelfartsdag: '2025-05-29', pinsedag: '2025-06-08', anden_pinsedag: '2025-06-09' },
    { year: 2026, easter: '2026-04-05', skaertorsdag: '2026-04-02', langfredag: '2026-04-03', anden_paaskedag: '2026-04-06', kristi_himmelfartsdag: '2026-05-14', pinsedag: '2026-05-24', anden_pinsedag: '2026-05-25' },
  ])('$year: Easter-based days', ({ year, easter, ...days }) => {
    const h = publicHolidays(year);
    expect(h.paaskedag).toBe(easter);
    expect(h).toMatchObject(days);
    expect(h).toMatchObject({ nytaarsdag: `${year}-01-01`, juledag: `${year}-12-25`, anden_juledag: `${year}-12-26` });
  });

  it('Easter agrees with known dates across the range', () => {
    const known: Record<number, string> = { 2019: '4-21', 2020: '4-12', 2024: '3-31', 2027: '3-28', 2038: '4-25', 2040: '4-1' };
    for (const [year, md] of Object.entries(known)) {
      const e = easterSunday(Number(year));
      expect(`${e.month}-${e.day}`).toBe(md);
    }
  });

  it('store bededag exists until 2023 and is gone from 2024', () => {
    expect(publicHolidays(2023).store_bededag).toBe('2023-05-05');
    expect(publicHolidays(2024).store_bededag).toBeUndefined();
  });

  it('municipal closing days are included only when chosen', () => {
    const none = closedDates(2025, 2025, []);
    const all = closedDates(2025, 2025, ['grundlovsdag', 'juleaftensdag', 'nytaarsaftensdag']);
    expect(none).not.toContain('2025-06-05');
    expect(all).toEqual(expect.arrayContaining(['2025-06-05', '2025-12-24', '2025-12-31']));
    expect(all.length - none.length).toBe(3);
    expect(all).toEqual([...all].sort());
  });
});
