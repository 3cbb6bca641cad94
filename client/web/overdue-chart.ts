/**
 * *Forsinkelse pr. trin*: a server-rendered SVG bar chart of how late each step is on average, with
 * the same numbers in a table behind it (screen readers, print). Drawn from the counts of the
 * filtered list, so it covers every page of it.
 */
import { html, type SafeHtml } from './html.js';
import type { CountLine } from './overdue-list.js';
import type { Lang, Texts } from './texts.js';

export interface StepLateness {
  stepId: string;
  step: string;
  count: number;
  average: number;
  most: number;
}

/** Per step: how many are overdue, their average and highest days late; the latest steps first. */
export function latenessByStep(counts: readonly CountLine[]): StepLateness[] {
  const byStep = new Map<string, StepLateness & { total: number }>();
  for (const c of counts) {
    const s = byStep.get(c.stepId) ?? { stepId: c.stepId, step: c.stepName, count: 0, average: 0, most: 0, total: 0 };
    s.count += c.count;
    s.total += c.daysLate;
    s.most = Math.max(s.most, c.mostDaysLate);
    byStep.set(c.stepId, s);
  }
  return [...byStep.values()]
    .map(({ total, ...s }) => ({ ...s, average: total / s.count }))
    .sort((a, b) => b.average - a.average || a.step.localeCompare(b.step, 'da'));
}

const LABEL_WIDTH = 250;
const BAR_WIDTH = 330;
const ROW = 32;
const BAR = 22;

function number(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

function shortened(text: string, max = 34): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The chart and its table; nothing when there is nothing late. */
export function latenessChart(stats: readonly StepLateness[], t: Texts, lang: Lang): SafeHtml {
  if (!stats.length) return html``;
  const c = t.leaders.chart;
  const top = Math.max(...stats.map((s) => s.average), 1);
  const height = stats.length * ROW + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + 70;
  return html`<figure class="vugge-chart">
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="lateness-title">
        <title id="lateness-title">${c.label(stats.length)}</title>
        ${stats.map((s, i) => {
          const y = i * ROW + 4;
          const w = Math.max(2, Math.round((s.average / top) * BAR_WIDTH));
          return html`<g>
            <title>${c.bar(s.step, number(s.average, lang), s.count)}</title>
            <text x="${LABEL_WIDTH - 8}" y="${y + BAR / 2 + 5}" text-anchor="end" font-size="14" fill="#1a1a1a">${shortened(s.step)}</text>
            <rect x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR}" fill="#0059b3"></rect>
            <text x="${LABEL_WIDTH + w + 6}" y="${y + BAR / 2 + 5}" font-size="14" fill="#1a1a1a">${number(s.average, lang)}</text>
          </g>`;
        })}
      </svg>
      <table class="table table--zebra">
        <caption>${c.caption}</caption>
        <thead><tr><th scope="col">${t.cols.step}</th><th scope="col">${c.count}</th><th scope="col">${c.average}</th><th scope="col">${c.most}</th></tr></thead>
        <tbody>
          ${stats.map((s) => html`<tr><th scope="row">${s.step}</th><td>${s.count}</td><td>${number(s.average, lang)}</td><td>${s.most}</td></tr>`)}
        </tbody>
      </table>
    </figure>`;
}
