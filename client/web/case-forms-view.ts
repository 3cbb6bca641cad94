/**
 * The *Sagen* page's forms for a person who may change the case: a step done, a lifecycle event,
 * a meeting planned, a home visit, pause or resume. Each posts to the case and works without
 * JavaScript; a rejected form comes back with what was entered and a sentence beside the field.
 */
import { PauseReason } from '../../workflows/case-input.js';
import type { CaseView } from '../service/cases.js';
import { choiceValue, FORM_FIELDS, type FormName, type FormState } from './case-forms.js';
import { errorSummary, formGroup } from './form-field.js';
import { formTexts, type FormTexts } from './form-texts.js';
import { html, type SafeHtml } from './html.js';
import { showDate, texts, type Lang } from './texts.js';
import { eventOrStepTitle, stepTitle } from './words.js';

interface Ctx {
  view: CaseView;
  lang: Lang;
  f: FormTexts;
  csrf: string;
  state?: FormState;
}

const fieldId = (form: FormName, field: string) => `${form}-${field}`;

function valueOf(ctx: Ctx, form: FormName, field: string): string {
  return ctx.state?.form === form ? (ctx.state.values[field] ?? '') : '';
}

/** Label, hint, the field's own sentence when rejected, and the control. */
function group(ctx: Ctx, form: FormName, field: string, label: string, control: (attrs: SafeHtml) => SafeHtml, hint?: string): SafeHtml {
  const error = ctx.state?.form === form ? ctx.state.errors[field] : undefined;
  return formGroup({ id: fieldId(form, field), name: field, label, hint, error: error?.[ctx.lang] }, control);
}

function dateGroup(ctx: Ctx, form: FormName): SafeHtml {
  return group(ctx, form, 'at', ctx.f.date, (a) => html`<input class="form-input input-width-s" type="text" inputmode="numeric" autocomplete="off" ${a} value="${valueOf(ctx, form, 'at')}">`, ctx.f.dateHint);
}

function select(ctx: Ctx, form: FormName, field: string, label: string, options: [string, string][]): SafeHtml {
  const chosen = valueOf(ctx, form, field);
  return group(ctx, form, field, label, (a) => html`<select class="form-select" ${a}>
        <option value="">${ctx.f.choose}</option>
        ${options.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}
      </select>`);
}

function formBox(ctx: Ctx, form: FormName, legend: string, submit: string, fields: SafeHtml[]): SafeHtml {
  return html`<form method="post" action="/sager/${ctx.view.caseId}" class="vugge-case-form" novalidate>
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <input type="hidden" name="form" value="${form}">
      <fieldset>
        <legend class="h3">${legend}</legend>
        ${fields}
        <button type="submit" class="button button-secondary">${submit}</button>
      </fieldset>
    </form>`;
}

/** The case's steps not yet done or dropped, one choice per occurrence. */
function openSteps(ctx: Ctx, only?: (kind: string) => boolean): [string, string][] {
  const { programme, timeline } = ctx.view;
  return timeline
    .filter((e) => e.status !== 'done' && e.status !== 'not_applicable' && (!only || only(e.kind)))
    .map((e) => {
      const recurring = programme.steps.find((s) => s.id === e.stepId)?.recurrence !== undefined;
      const title = stepTitle(programme, e.stepId, ctx.lang, e.title);
      return [choiceValue(e.stepId, e.occurrence), `${title}${recurring ? ` ${ctx.f.occurrence(e.occurrence)}` : ''} (${showDate(e.target, ctx.lang)})`];
    });
}

function isPaused(view: CaseView): boolean {
  const marks = view.snapshot.facts.facts.filter((f) => f.kind === 'pause' || f.kind === 'resume');
  return marks.at(-1)?.kind === 'pause';
}

/** The error summary at the top of the forms: each rejected field, linked. */
function summary(ctx: Ctx): SafeHtml {
  const state = ctx.state;
  if (!state) return html``;
  const fields = FORM_FIELDS[state.form].filter((f) => state.errors[f]);
  return errorSummary('form-errors-heading', ctx.f.errorSummary, fields.map((field) => ({ fieldId: fieldId(state.form, field), text: state.errors[field]![ctx.lang] })));
}

export function caseForms(view: CaseView, lang: Lang, csrf: string, state?: FormState): SafeHtml {
  const f = formTexts[lang];
  const ctx: Ctx = { view, lang, f, csrf, state };
  const { programme } = view;
  const start = programme.vocabulary?.lifecycle.start;
  const happened = new Set(view.snapshot.facts.facts.flatMap((x) => (x.kind === 'event' ? [x.event] : [])));
  const events: [string, string][] = programme.events.filter((e) => e.id !== start && !happened.has(e.id)).map((e) => [e.id, eventOrStepTitle(programme, e.id, lang)]);
  const steps = openSteps(ctx);
  const meetings = openSteps(ctx, (kind) => kind === 'meeting');
  const reasons = texts[lang].log.pauseReasons;
  const paused = isPaused(view);
  return html`<h2 id="registrer">${f.heading}</h2>
    ${summary(ctx)}
    <div class="vugge-forms">
      ${steps.length ? formBox(ctx, 'done', f.done.legend, f.done.submit, [select(ctx, 'done', 'step', f.done.step, steps), dateGroup(ctx, 'done')]) : html`<p>${f.done.none}</p>`}
      ${events.length ? formBox(ctx, 'event', f.event.legend, f.event.submit, [select(ctx, 'event', 'what', f.event.what, events), dateGroup(ctx, 'event')]) : html`<p>${f.event.none}</p>`}
      ${meetings.length
        ? formBox(ctx, 'meeting', f.meeting.legend, f.meeting.submit, [
            select(ctx, 'meeting', 'step', f.meeting.step, meetings),
            dateGroup(ctx, 'meeting'),
            group(ctx, 'meeting', 'time', f.meeting.time, (a) => html`<input class="form-input input-width-xs" type="text" inputmode="numeric" autocomplete="off" ${a} value="${valueOf(ctx, 'meeting', 'time')}">`, f.meeting.timeHint),
          ])
        : html`<p>${f.meeting.none}</p>`}
      ${formBox(ctx, 'visit', f.visit.legend, f.visit.submit, [
        dateGroup(ctx, 'visit'),
        group(ctx, 'visit', 'hours', f.visit.hours, (a) => html`<input class="form-input input-width-xs" type="text" inputmode="decimal" autocomplete="off" ${a} value="${valueOf(ctx, 'visit', 'hours')}">`, f.visit.hoursHint),
      ])}
      ${paused
        ? html`<p>${f.resume.paused}</p>${formBox(ctx, 'resume', f.resume.legend, f.resume.submit, [dateGroup(ctx, 'resume')])}`
        : formBox(ctx, 'pause', f.pause.legend, f.pause.submit, [dateGroup(ctx, 'pause'), select(ctx, 'pause', 'reason', f.pause.reason, PauseReason.options.map((r) => [r, reasons[r] ?? r]))])}
    </div>`;
}
