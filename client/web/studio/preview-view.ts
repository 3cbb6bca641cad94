/**
 * The preview page: one family's timeline under the current rules and under the draft, side by
 * side with the moved and new steps marked, and the draft's impact on the running cases — the
 * numbers, the list, or the progress while it is being worked out.
 */
import { DateTime } from 'luxon';
import { formatLocalDate } from '../../../dsl/contract.js';
import type { Programme } from '../../../dsl/compile/model.js';
import type { Occurrence, Plan, PlanDiff } from '../../../dsl/plan/index.js';
import type { ImpactJob } from '../../service/rules-impact.js';
import { html, type SafeHtml } from '../html.js';
import type { Lang } from '../texts.js';
import { stepTitle } from '../words.js';
import { studioPath } from './editor-view.js';
import type { StudioTexts } from './texts.js';
import { occurrenceKey, sharedRange, timelineChart, type Change } from './timeline-chart.js';

export interface PreviewPage {
  programmeId: string;
  programmeTitle: string;
  source: string;
  csrf: string;
  examples: string[];
  /** What is shown: an example's name or a case id. */
  shown: { example?: string; caseId?: string; name: string };
  caseError?: string;
  current: Programme;
  draft: Programme;
  before: Plan;
  after: Plan;
  diff: PlanDiff;
  now: string;
  job: ImpactJob;
}

export const jobPath = (programmeId: string, id: string) => `${studioPath(programmeId)}/virkning/${id}`;

export function impactBlock(programmeId: string, job: ImpactJob, s: StudioTexts): SafeHtml {
  if (job.state === 'failed') return html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">${s.impactFailedJob}</p></div></div>`;
  if (job.state === 'running') {
    return html`<div id="impact-progress" class="vugge-impact-progress" role="status" data-status="${jobPath(programmeId, job.id)}/status">
        <p>${s.impactRunning(job.progress.done, job.progress.total)}</p>
        <progress max="${job.progress.total ?? ''}" value="${job.progress.done}" aria-label="${s.impactHeading}"></progress>
        <p><a href="${jobPath(programmeId, job.id)}">${s.impactLink}</a></p>
      </div>
      <script type="module" src="/static/studio/impact-progress.js"></script>`;
  }
  const i = job.impact;
  return html`<p id="impact-summary"><strong>${s.impactSummary(i.movedSteps, i.changedCases, i.newlyOverdue, i.newSteps)}</strong> ${s.impactExamined(i.examined)}</p>
    ${i.failed.length ? html`<p>${s.impactFailed(i.failed.length)}</p>` : ''}
    ${i.cases.length
      ? html`<table class="table table--zebra" id="impact-cases">
          <thead><tr><th scope="col">${s.impactCols.caseId}</th><th scope="col">${s.impactCols.moved}</th><th scope="col">${s.impactCols.added}</th><th scope="col">${s.impactCols.overdue}</th></tr></thead>
          <tbody>${i.cases.map((c) => html`<tr><th scope="row">${c.caseId}</th><td>${c.moved.map((m) => m.stepId).join(', ')}</td><td>${c.added.map((a) => a.stepId).join(', ')}</td><td>${c.newlyOverdue.map((o) => o.stepId).join(', ')}</td></tr>`)}</tbody>
        </table>`
      : html`<p>${s.impactNone}</p>`}`;
}

function sampleForm(p: PreviewPage, s: StudioTexts): SafeHtml {
  const path = studioPath(p.programmeId);
  return html`<form method="post" action="${path}/vis" class="vugge-filter">
      <input type="hidden" name="_csrf" value="${p.csrf}">
      <input type="hidden" name="source" value="${p.source}">
      <fieldset>
        <legend class="h4">${s.sampleLabel}</legend>
        <div class="vugge-filter-fields">
          <div class="form-group">
            <label class="form-label" for="eksempel">${s.sample}</label>
            <select class="form-select" id="eksempel" name="eksempel">
              ${p.examples.map((e) => html`<option value="${e}"${e === p.shown.example ? html` selected` : ''}>${e}</option>`)}
            </select>
          </div>
          <div class="form-group${p.caseError ? ' form-error' : ''}">
            <label class="form-label" for="sag">${s.sampleCase}</label>
            ${p.caseError ? html`<span class="form-error-message" id="sag-error">${p.caseError}</span>` : ''}
            <input class="form-input input-width-s" type="text" id="sag" name="sag" value="${p.shown.caseId ?? ''}"${p.caseError ? html` aria-invalid="true" aria-describedby="sag-error"` : ''}>
          </div>
        </div>
        <button type="submit" class="button button-secondary">${s.sampleShow}</button>
      </fieldset>
    </form>`;
}

export function previewPage(p: PreviewPage, s: StudioTexts, lang: Lang): SafeHtml {
  const today = DateTime.fromISO(p.now, { zone: 'Europe/Copenhagen' }).toISODate()!;
  const range = sharedRange([p.before, p.after], today);
  const changes = new Map<string, Change>([...p.diff.moved.map((m) => [occurrenceKey(m), 'moved'] as const), ...p.diff.added.map((o) => [occurrenceKey(o), 'added'] as const)]);
  const title = (programme: Programme) => (o: Occurrence) => stepTitle(programme, o.stepId, lang, o.title);
  return html`<h1>${s.previewTitle(p.programmeTitle)}</h1>
    <p><a href="${studioPath(p.programmeId)}">${s.backToEditor}</a></p>
    ${sampleForm(p, s)}
    <p>${s.forFamily(p.shown.name, formatLocalDate(today, lang))}
      ${p.diff.moved.length + p.diff.added.length + p.diff.dropped.length ? s.changeSummary(p.diff.moved.length, p.diff.added.length, p.diff.dropped.length) : s.noChange}</p>
    <div class="vugge-side-by-side">
      ${timelineChart({ id: 'chart-current', heading: s.current, plan: p.before, changes: new Map(), range, today, title: title(p.current) }, s, lang)}
      ${timelineChart({ id: 'chart-draft', heading: s.draft, plan: p.after, changes, range, today, title: title(p.draft) }, s, lang)}
    </div>
    <h2>${s.impactHeading}</h2>
    <div id="impact">${impactBlock(p.programmeId, p.job, s)}</div>
    <link rel="stylesheet" href="/static/studio/studio.css">`;
}
