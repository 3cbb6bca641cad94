/**
 * One family's timeline as a server-rendered SVG chart: a row per step occurrence, a bar from its
 * earliest to its latest day, a mark on its target day, a line at today — and the same dates in a
 * table behind it. Steps the draft moves or adds are marked in colour and in words.
 */
import { DateTime } from 'luxon';
import { formatLocalDate } from '../../../dsl/contract.js';
import { statusLabels, type Occurrence, type Plan } from '../../../dsl/plan/index.js';
import { html, type SafeHtml } from '../html.js';
import type { Lang } from '../texts.js';
import type { StudioTexts } from './texts.js';

export type Change = 'moved' | 'added';
export const occurrenceKey = (o: { stepId: string; occurrence: number }) => `${o.stepId}#${o.occurrence}`;

export interface DayRange {
  from: string;
  to: string;
}

const LABEL = 230;
const WIDTH = 330;
const ROW = 20;
const ZONE = 'Europe/Copenhagen';

const dayNumber = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).startOf('day').toMillis() / 86_400_000;

/** The days both charts share, so the same date sits at the same place in each. */
export function sharedRange(plans: readonly Plan[], today: string): DayRange {
  const days = plans.flatMap((p) => p.occurrences.flatMap((o) => [o.earliest, o.latest])).concat(today).sort();
  return { from: days[0]!, to: days[days.length - 1]! };
}

function shortened(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface TimelineChart {
  id: string;
  heading: string;
  plan: Plan;
  changes: Map<string, Change>;
  range: DayRange;
  today: string;
  title: (o: Occurrence) => string;
}

export function timelineChart(c: TimelineChart, s: StudioTexts, lang: Lang): SafeHtml {
  const start = dayNumber(c.range.from);
  const span = Math.max(1, dayNumber(c.range.to) - start);
  const x = (iso: string) => LABEL + Math.round(((dayNumber(iso) - start) / span) * WIDTH);
  const rows = c.plan.occurrences;
  const height = rows.length * ROW + 24;
  const label = (o: Occurrence) => `${c.title(o)}${o.occurrence > 1 ? ` #${o.occurrence}` : ''}`;
  const changeWord = (o: Occurrence) => ({ moved: s.moved, added: s.added })[c.changes.get(occurrenceKey(o))!] as string | undefined;
  return html`<figure class="vugge-chart vugge-timeline">
      <figcaption class="h3">${c.heading}</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${LABEL + WIDTH + 10} ${height}" width="${LABEL + WIDTH + 10}" height="${height}" role="img" aria-labelledby="${c.id}-title">
        <title id="${c.id}-title">${s.chartLabel(c.heading, rows.length)}</title>
        <line x1="${x(c.today)}" x2="${x(c.today)}" y1="0" y2="${height - 14}" stroke="#b51d09" stroke-dasharray="3 3"></line>
        <text x="${x(c.today)}" y="${height - 2}" text-anchor="middle" font-size="11" fill="#b51d09">${s.today}</text>
        ${rows.map((o, i) => {
          const y = i * ROW + 4;
          const change = changeWord(o);
          const colour = change ? '#a34100' : '#0059b3';
          return html`<g>
            <title>${label(o)}: ${formatLocalDate(o.earliest, lang)} – ${formatLocalDate(o.latest, lang)}${change ? ` (${change})` : ''}</title>
            <text x="${LABEL - 6}" y="${y + 12}" text-anchor="end" font-size="12" fill="#1a1a1a"${change ? html` font-weight="bold"` : ''}>${change ? '● ' : ''}${shortened(label(o))}</text>
            <rect x="${x(o.earliest)}" y="${y + 3}" width="${Math.max(3, x(o.latest) - x(o.earliest))}" height="10" fill="${colour}" opacity="0.55"></rect>
            <rect x="${x(o.target) - 1}" y="${y}" width="3" height="16" fill="${colour}"></rect>
          </g>`;
        })}
      </svg>
      <details>
        <summary>${s.chartLabel(c.heading, rows.length)}</summary>
        <table class="table table--compact">
          <thead><tr><th scope="col">${s.cols.step}</th><th scope="col">${s.cols.earliest}</th><th scope="col">${s.cols.target}</th><th scope="col">${s.cols.latest}</th><th scope="col">${s.cols.status}</th><th scope="col">${s.cols.change}</th></tr></thead>
          <tbody>
            ${rows.map((o) => html`<tr${changeWord(o) ? html` class="vugge-changed"` : ''}><th scope="row">${label(o)}</th><td>${formatLocalDate(o.earliest, lang)}</td><td>${formatLocalDate(o.target, lang)}</td><td>${formatLocalDate(o.latest, lang)}</td><td>${statusLabels[lang][o.status]}</td><td>${changeWord(o) ?? ''}</td></tr>`)}
          </tbody>
        </table>
      </details>
    </figure>`;
}
