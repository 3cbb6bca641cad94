/**
 * *Forsinkede trin pr. uge*: a server-rendered SVG bar chart of how many steps were overdue at the
 * end of each of the last 12 weeks (from the read model's daily snapshots), with the same numbers in
 * a table behind it, one column per unit (screen readers, print). A week without a snapshot has no
 * bar and a dash, never a 0.
 */
import { DateTime } from 'luxon';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { OverdueWeek } from '../service/overdue.js';
import { html, type SafeHtml } from './html.js';
import { showDate, type Lang, type Texts } from './texts.js';
import { unitName } from './words.js';

export interface WeekTotal {
  weekStart: string;
  /** ISO week number. */
  week: number;
  byUnit: Record<string, number | null>;
  /** The units' sum; null when the week has no snapshot. */
  total: number | null;
}

/** Each week's total over `units` (the units shown), oldest first. */
export function weekTotals(weeks: readonly OverdueWeek[], units: readonly string[]): WeekTotal[] {
  return weeks.map((w) => {
    const counts = units.map((u) => w.byUnit[u] ?? null);
    const total = counts.some((c) => c === null) ? null : counts.reduce<number>((sum, c) => sum + c!, 0);
    return { weekStart: w.weekStart, week: DateTime.fromISO(w.weekStart, { zone: 'Europe/Copenhagen' }).weekNumber, byUnit: w.byUnit, total };
  });
}

const LEFT = 44;
const COLUMN = 48;
const BAR = 30;
const PLOT = 160;
const TOP = 24;
const BOTTOM = 28;

/** The chart and its table; nothing when no week was counted at all. */
export function weeklyChart(totals: readonly WeekTotal[], units: readonly string[], directory: StaffDirectory, t: Texts, lang: Lang): SafeHtml {
  if (!totals.some((w) => w.total !== null)) return html``;
  const c = t.leaders.weekly;
  const top = Math.max(1, ...totals.map((w) => w.total ?? 0));
  const width = LEFT + totals.length * COLUMN + 8;
  const height = TOP + PLOT + BOTTOM;
  const base = TOP + PLOT;
  const cell = (n: number | null | undefined) => (n === null || n === undefined ? c.none : String(n));
  return html`<figure class="vugge-chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="weekly-title">
        <title id="weekly-title">${c.label(totals.length)}</title>
        <line x1="${LEFT - 4}" y1="${base}" x2="${width - 4}" y2="${base}" stroke="#545454" stroke-width="1"></line>
        <text x="${LEFT - 8}" y="${TOP + 5}" text-anchor="end" font-size="13" fill="#1a1a1a">${top}</text>
        <text x="${LEFT - 8}" y="${base}" text-anchor="end" font-size="13" fill="#1a1a1a">0</text>
        ${totals.map((w, i) => {
          const x = LEFT + i * COLUMN + (COLUMN - BAR) / 2;
          const label = c.week(w.week);
          const h = w.total === null ? 0 : Math.max(w.total > 0 ? 2 : 0, Math.round((w.total / top) * PLOT));
          return html`<g>
            <title>${w.total === null ? c.missing(label) : c.bar(label, w.total)}</title>
            ${!h ? '' : html`<rect x="${x}" y="${base - h}" width="${BAR}" height="${h}" fill="#0059b3"></rect>`}
            <text x="${x + BAR / 2}" y="${base - h - 6}" text-anchor="middle" font-size="13" fill="#1a1a1a">${cell(w.total)}</text>
            <text x="${x + BAR / 2}" y="${base + 18}" text-anchor="middle" font-size="13" fill="#1a1a1a">${w.week}</text>
          </g>`;
        })}
      </svg>
      <table class="table table--zebra">
        <caption>${c.caption}</caption>
        <thead><tr><th scope="col">${c.colWeek}</th><th scope="col">${c.colFrom}</th>${units.map((u) => html`<th scope="col">${unitName(directory, u)}</th>`)}${units.length > 1 ? html`<th scope="col">${c.total}</th>` : ''}</tr></thead>
        <tbody>
          ${totals.map(
            (w) => html`<tr><th scope="row">${c.week(w.week)}</th><td>${showDate(w.weekStart, lang)}</td>${units.map((u) => html`<td>${cell(w.byUnit[u])}</td>`)}${units.length > 1 ? html`<td>${cell(w.total)}</td>` : ''}</tr>`,
          )}
        </tbody>
      </table>
      ${totals.some((w) => w.total === null) ? html`<p>${c.noneNote}</p>` : ''}
    </figure>`;
}
