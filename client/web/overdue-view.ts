/**
 * The *Forsinket* page: the counts per step and unit, escalations waiting for a leader's *Kvittér*
 * (a page at a time), the overdue list with its GET filter, pages and CSV link, lateness by step
 * and overdue steps per week as charts with their tables, and the notifications that did not
 * arrive. Forms and page links work without JavaScript; the Kvittér form carries the filter and
 * the pages back with it.
 */
import type { Message } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { UndeliverableRecord } from '../../worker/storage/undeliverable.js';
import type { OverdueView, WithRules } from '../service/cases.js';
import type { OverdueRow, OverdueWeek } from '../service/overdue.js';
import { html, type SafeHtml } from './html.js';
import { latenessByStep, latenessChart } from './overdue-chart.js';
import { weeklyChart, weekTotals } from './overdue-weekly.js';
import { FILTER_FIELDS, filterChoices, filterQuery, PAGE_FIELDS, SORTS, type CountLine, type OverdueFilter, type OverdueLine } from './overdue-list.js';
import { pagination } from './pagination.js';
import { showDate, showInstant, type Lang, type Texts } from './texts.js';
import { personName, stepTitle, unitName } from './words.js';

export interface LeadersPage {
  view: OverdueView;
  /** The lines on this page of the list, in the filter's order. */
  lines: OverdueLine[];
  /** Overdue steps per step and unit: of the whole list, and of the filtered one. */
  counts: CountLine[];
  filtered: CountLine[];
  filter: OverdueFilter;
  filterErrors: Record<string, Message>;
  undeliverable: UndeliverableRecord[];
  programmes: readonly Programme[];
  directory: StaffDirectory;
  csrf: string;
  /**
   * The escalation just acknowledged (the case accepted the update), or why one was not. The read
   * model catches up when the case projects itself; until then its row shows as acknowledged.
   */
  acknowledged?: { caseId: string; stepId: string; occurrence: number };
  ackError?: Message;
  /** Overdue steps per week in the units led, oldest first. */
  weeks: OverdueWeek[];
}

interface Ctx extends LeadersPage {
  t: Texts;
  lang: Lang;
}

function alert(kind: 'success' | 'error', text: SafeHtml | string, heading?: string): SafeHtml {
  return html`<div class="alert alert-${kind}" role="${kind === 'error' ? 'alert' : 'status'}"><div class="alert-body">
      ${heading ? html`<p class="alert-heading">${heading}</p>` : ''}<p class="alert-text">${text}</p>
    </div></div>`;
}

type EscalationRow = WithRules<OverdueRow>;

const justAcknowledged = (ctx: Ctx, r: EscalationRow) => ctx.acknowledged?.caseId === r.caseId && ctx.acknowledged.stepId === r.stepId && ctx.acknowledged.occurrence === r.occurrence;

function escalations(ctx: Ctx): SafeHtml {
  const { t, lang } = ctx;
  const e = t.leaders.escalations;
  const c = t.cols;
  const hidden = [...FILTER_FIELDS, ...PAGE_FIELDS].map((f) => (ctx.filter[f] ? html`<input type="hidden" name="${f}" value="${ctx.filter[f]}">` : ''));
  const page = ctx.view.escalations;
  const stepOf = (r: EscalationRow) => `${stepTitle(r.rules, r.stepId, lang)}${r.occurrence > 1 ? ` (${r.occurrence})` : ''}`;
  return html`<h2 id="eskaleringer">${e.heading}</h2>
    ${ctx.acknowledged ? alert('success', e.done) : ''}
    ${ctx.ackError ? alert('error', ctx.ackError[lang], e.failed) : ''}
    ${page.total
      ? html`<p>${e.intro}</p>
        ${page.pages > 1 ? html`<p>${t.leaders.onPage(page.page, page.pages, page.first, page.first + page.rows.length - 1)}</p>` : ''}
        <table class="table table--zebra">
          <caption>${e.caption}</caption>
          <thead><tr><th scope="col">${c.case}</th><th scope="col">${c.step}</th><th scope="col">${c.latest}</th><th scope="col">${c.daysLate}</th><th scope="col">${e.escalated}</th><th scope="col">${e.action}</th></tr></thead>
          <tbody>
            ${page.rows.map(
              (r) => html`<tr>
              <td><a href="/sager/${encodeURIComponent(r.caseId)}">${r.caseId}</a></td>
              <td>${stepOf(r)}</td>
              <td>${showDate(r.latest, lang)}</td>
              <td>${r.daysLate}</td>
              <td>${e.level(r.escalationLevel)}</td>
              <td>${justAcknowledged(ctx, r) ? html`<span class="badge badge-success">${e.acknowledged}</span>` : html`<form method="post" action="/forsinket/kvitter" class="m-0">
                <input type="hidden" name="_csrf" value="${ctx.csrf}">
                <input type="hidden" name="caseId" value="${r.caseId}">
                <input type="hidden" name="step" value="${r.stepId}">
                <input type="hidden" name="occurrence" value="${r.occurrence}">
                ${hidden}
                <button type="submit" class="button button-secondary">${e.button}<span class="sr-only">${e.buttonFor(stepOf(r), r.caseId)}</span></button>
              </form>`}</td>
            </tr>`,
            )}
          </tbody>
        </table>
        ${pagination({ id: 'eskaleringer-sider', label: e.pages, page: page.page, pages: page.pages, href: (n) => `/forsinket${filterQuery(ctx.filter, { side: ctx.view.list.page, eside: n })}#eskaleringer`, lang })}`
      : html`<p>${e.none}</p>`}`;
}

function filterForm(ctx: Ctx): SafeHtml {
  const { t, lang } = ctx;
  const f = t.leaders.filter;
  const choices = filterChoices(ctx.view.units, ctx.view.owners, ctx.counts, ctx.directory, lang);
  const labels = { enhed: f.unit, ansvarlig: f.owner, trin: f.step };
  const fields = FILTER_FIELDS.filter((x) => ctx.filterErrors[x]);
  // A page number that is not one is not a field of the form: its sentence leads to the list.
  const pageErrors = PAGE_FIELDS.filter((x) => ctx.filterErrors[x]);
  const select = (field: (typeof FILTER_FIELDS)[number], options: [string, string][], withAll: boolean, label: string) => {
    const error = ctx.filterErrors[field];
    const chosen = ctx.filter[field] ?? '';
    return html`<div class="form-group${error ? ' form-error' : ''}">
        <label class="form-label" for="filter-${field}">${label}</label>
        ${error ? html`<span class="form-error-message" id="filter-${field}-error">${error[lang]}</span>` : ''}
        <select class="form-select" id="filter-${field}" name="${field}"${error ? html` aria-describedby="filter-${field}-error" aria-invalid="true"` : ''}>
          ${withAll ? html`<option value="">${f.all}</option>` : ''}
          ${options.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}
        </select>
      </div>`;
  };
  return html`${fields.length || pageErrors.length
      ? html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-heading">${f.errors}</p>
          <ul class="alert-text nobullet-list">${fields.map((x) => html`<li><a href="#filter-${x}">${ctx.filterErrors[x]![lang]}</a></li>`)}${pageErrors.map(
            (x) => html`<li><a href="#${x === 'side' ? 'forsinkede' : 'eskaleringer'}">${ctx.filterErrors[x]![lang]}</a></li>`,
          )}</ul></div></div>`
      : ''}
    <form method="get" action="/forsinket" class="vugge-filter">
      <fieldset>
        <legend class="h3">${f.heading}</legend>
        <div class="vugge-filter-fields">
          ${(['enhed', 'ansvarlig', 'trin'] as const).map((field) => select(field, choices[field], true, labels[field]))}
          ${select('sorter', SORTS.map((s) => [s, f.sorts[s]!]), false, f.sort)}
        </div>
        <button type="submit" class="button button-secondary">${f.apply}</button>
        <a href="/forsinket" class="vugge-filter-reset">${f.reset}</a>
      </fieldset>
    </form>`;
}

function overdueTable(ctx: Ctx): SafeHtml {
  const { t, lang } = ctx;
  const c = t.cols;
  const list = ctx.view.list;
  const all = ctx.counts.reduce((n, x) => n + x.count, 0);
  if (!all) return alertInfo(t.overdue.none);
  return html`<p role="status">${t.leaders.shown(list.total, all)}${list.pages > 1 ? html` ${t.leaders.onPage(list.page, list.pages, list.first, list.first + list.rows.length - 1)}` : ''}</p>
    ${ctx.lines.length
      ? html`<table class="table table--zebra">
          <caption>${t.overdue.caption}</caption>
          <thead><tr><th scope="col">${c.owner}</th><th scope="col">${c.step}</th><th scope="col">${c.phase}</th><th scope="col">${c.latest}</th><th scope="col">${c.daysLate}</th><th scope="col">${c.case}</th><th scope="col">${c.unit}</th></tr></thead>
          <tbody>
            ${ctx.lines.map(
              (l) => html`<tr>
              <td>${l.ownerNames}</td>
              <td>${l.step}</td>
              <td>${l.phase ?? ''}</td>
              <td>${showDate(l.latest, lang)}</td>
              <td>${l.daysLate}</td>
              <td><a href="/sager/${encodeURIComponent(l.caseId)}">${l.caseId}</a></td>
              <td>${l.unitName}</td>
            </tr>`,
            )}
          </tbody>
        </table>
        ${pagination({ id: 'forsinkede-sider', label: t.leaders.pages, page: list.page, pages: list.pages, href: (n) => `/forsinket${filterQuery(ctx.filter, { side: n, eside: ctx.view.escalations.page })}#forsinkede`, lang })}
        <p><a href="/forsinket.csv${filterQuery(ctx.filter)}" download>${t.leaders.csv}</a></p>`
      : html`<p>${t.leaders.noneMatch}</p>`}`;
}

/** Overdue steps per step (rows) and unit (columns), each count a link to the list narrowed to it. */
function countsTable(ctx: Ctx): SafeHtml {
  const { t } = ctx;
  const o = t.leaders.overview;
  if (!ctx.counts.length) return html``;
  const units = ctx.view.units.filter((u) => ctx.counts.some((c) => c.unit === u));
  const steps = new Map<string, string>();
  for (const c of ctx.counts) steps.set(c.stepId, c.stepName);
  const count = (stepId: string, unit: string) => ctx.counts.find((c) => c.stepId === stepId && c.unit === unit)?.count ?? 0;
  const link = (n: number, query: Partial<OverdueFilter>) => (n ? html`<a href="/forsinket${filterQuery({ sorter: ctx.filter.sorter, ...query })}#forsinkede">${n}</a>` : html`0`);
  const total = (unit?: string) => ctx.counts.filter((c) => !unit || c.unit === unit).reduce((n, c) => n + c.count, 0);
  return html`<table class="table table--compact">
      <caption>${o.caption}</caption>
      <thead><tr><th scope="col">${t.cols.step}</th>${units.map((u) => html`<th scope="col">${unitName(ctx.directory, u)}</th>`)}<th scope="col">${o.total}</th></tr></thead>
      <tbody>
        ${[...steps].map(
          ([stepId, name]) => html`<tr><th scope="row">${name}</th>${units.map((u) => html`<td>${link(count(stepId, u), { enhed: u, trin: stepId })}</td>`)}<td>${link(units.reduce((n, u) => n + count(stepId, u), 0), { trin: stepId })}</td></tr>`,
        )}
        <tr><th scope="row">${o.total}</th>${units.map((u) => html`<td>${link(total(u), { enhed: u })}</td>`)}<td>${total()}</td></tr>
      </tbody>
    </table>`;
}

function alertInfo(text: string): SafeHtml {
  return html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${text}</p></div></div>`;
}

function undeliverable(ctx: Ctx): SafeHtml {
  const { t, lang } = ctx;
  const u = t.leaders.undeliverable;
  const c = t.cols;
  const stepOf = (stepId?: string) => (stepId ? (ctx.programmes.map((p) => stepTitle(p, stepId, lang, '')).find(Boolean) ?? stepId) : '');
  return html`<h2 id="ikke-leveret">${u.heading}</h2>
    ${ctx.undeliverable.length
      ? html`<p>${u.intro}</p>
        <table class="table table--zebra">
          <caption>${u.caption}</caption>
          <thead><tr><th scope="col">${u.at}</th><th scope="col">${c.case}</th><th scope="col">${c.step}</th><th scope="col">${u.kind}</th><th scope="col">${u.recipient}</th><th scope="col">${u.reason}</th><th scope="col">${u.status}</th></tr></thead>
          <tbody>
            ${ctx.undeliverable.map(
              (r) => html`<tr>
              <td>${showInstant(r.at, lang)}</td>
              <td><a href="/sager/${encodeURIComponent(r.caseId)}">${r.caseId}</a></td>
              <td>${stepOf(r.stepId)}</td>
              <td>${u.kinds[r.kind] ?? r.kind}</td>
              <td>${personName(ctx.directory, r.staffId)}</td>
              <td>${u.reasons[r.reason] ?? r.reason}</td>
              <td>${r.lastTry ? u.lastTry(showInstant(r.lastTry.at, lang)) : u.waiting}</td>
            </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p>${u.none}</p>`}`;
}

export function leadersPage(page: LeadersPage, t: Texts, lang: Lang, units: string): SafeHtml {
  const ctx: Ctx = { ...page, t, lang };
  const chart = latenessByStep(ctx.filtered);
  // The weekly counts follow the unit filter; the other filters do not apply to counts per unit.
  const weekUnits = ctx.filter.enhed && ctx.view.units.includes(ctx.filter.enhed) ? [ctx.filter.enhed] : ctx.view.units;
  const weekly = weeklyChart(weekTotals(ctx.weeks, weekUnits), weekUnits, ctx.directory, t, lang);
  return html`<h1>${t.overdue.title}</h1>
    <p>${t.overdue.intro(units)}</p>
    ${countsTable(ctx)}
    ${escalations(ctx)}
    <h2 id="forsinkede">${t.overdue.caption}</h2>
    ${ctx.counts.length ? filterForm(ctx) : ''}
    ${overdueTable(ctx)}
    ${chart.length ? html`<h2 id="forsinkelse-pr-trin">${t.leaders.chart.heading}</h2><p>${t.leaders.chart.intro}</p>${latenessChart(chart, t, lang)}` : ''}
    ${weekly.text ? html`<h2 id="forsinkede-pr-uge">${t.leaders.weekly.heading}</h2><p>${t.leaders.weekly.intro(ctx.weeks.length)}</p>${weekly}` : ''}
    ${undeliverable(ctx)}`;
}
