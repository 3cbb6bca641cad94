/** What the CLI's tables share: aligned columns, dates as people read them, titles cut to fit. */
import { formatLocalDate } from '../../dsl/contract.js';

/** Columns padded to their widest cell, two spaces apart; the first row is the heading. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n');
}

/** A local date as mails print it: 12.03.2026 (da), 12 Mar 2026 (en). */
export function showDate(iso: string, lang: 'da' | 'en' = 'da'): string {
  return formatLocalDate(iso, lang);
}

/** A title cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A number the Danish way: decimal comma, and a dot between thousands (5,5; 1.250). */
export function numberDa(value: number): string {
  return value.toLocaleString('da-DK', { maximumFractionDigits: 2 });
}

/** A count with its noun in singular or plural: `1 sag`, `2 sager`, `5,5 timer`. */
export function count(value: number, one: string, many: string): string {
  return `${numberDa(value)} ${value === 1 ? one : many}`;
}
