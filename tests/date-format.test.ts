/** One date format for people: the CLI, the web app and the mails print a date the same way. */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../activities/mail/labels.js';
import { showDate } from '../client/cli/format.js';
import { showDate as showWebDate } from '../client/web/texts.js';
import { formatLocalDate } from '../dsl/contract.js';

describe('dates as people read them', () => {
  it.each([
    ['2026-03-12', 'da', '12.03.2026'],
    ['2026-03-12', 'en', '12 Mar 2026'],
    ['2027-12-01', 'da', '01.12.2027'],
    ['2027-12-01', 'en', '1 Dec 2027'],
  ] as const)('%s in %s is %s in the CLI, the web app and mails', (iso, lang, shown) => {
    expect(formatLocalDate(iso, lang)).toBe(shown);
    expect(showDate(iso, lang)).toBe(shown);
    expect(showWebDate(iso, lang)).toBe(shown);
    expect(formatDate(iso, lang)).toBe(shown);
  });
});
