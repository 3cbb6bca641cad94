/**
 * The *Sagen* page's forms for a person who may change the case: a step done, a lifecycle event,
 * a meeting planned, moved or cancelled, a home visit, pause or resume, a role handed to someone
 * else. Each posts to the case and works without
 * JavaScript; a rejected form comes back with what was entered and a sentence beside the field.
 */
import type { StaffDirectory } from '../../activities/staff/schema.js';
import { leaderRolesOf, vocabularyOf } from '../../dsl/plan/index.js';
import { PauseReason } from '../../workflows/case-input.js';
import type { TimelineEntry } from '../../workflows/case-views.js';
import type { CaseView } from '../service/cases.js';
import { choiceValue, FORM_FIELDS, plannedMeetings, type FormName, type FormState } from './case-forms.js';
import { errorSummary, formGroup } from './form-field.js';
import { formTexts, type FormTexts } from './form-texts.js';
import { html, type SafeHtml } from './html.js';
import { showDate, texts, type Lang } from './texts.js';
import { eventOrStepTitle, personName, roleTitle, stepTitle } from './words.js';

interface Ctx {
  view: CaseView;
  directory: StaffDirectory;
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

/** A choice of staff, grouped by the role they would take (people of the case's unit only). */
function staffSelect(ctx: Ctx, groups: { label: string; people: [string, string][] }[]): SafeHtml {
  const chosen = valueOf(ctx, 'reassign', 'staff');
  const f = ctx.f.reassign;
  return group(ctx, 'reassign', 'staff', f.staff, (a) => html`<select class="form-select" ${a}>
        <option value="">${ctx.f.choose}</option>
        ${groups.map((g) => html`<optgroup label="${g.label}">${g.people.map(([value, text]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`)}</optgroup>`)}
      </select>`, f.staffHint);
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

/** A planned meeting as a choice: its title, and the date and time it has now. */
function meetingChoices(ctx: Ctx, meetings: readonly TimelineEntry[]): [string, string][] {
  const { programme } = ctx.view;
  return meetings.map((e) => {
    const recurring = programme.steps.find((s) => s.id === e.stepId)?.recurrence !== undefined;
    const title = stepTitle(programme, e.stepId, ctx.lang, e.title);
    return [choiceValue(e.stepId, e.occurrence), `${title}${recurring ? ` ${ctx.f.occurrence(e.occurrence)}` : ''} (${showDate(e.target, ctx.lang)}${e.time ? ` ${e.time}` : ''})`];
  });
}

/**
 * The meetings planned already, by title with their date and time, shown in the form that plans
 * one so nobody plans the same meeting twice (the case records no place).
 */
function alreadyPlanned(ctx: Ctx, meetings: readonly TimelineEntry[]): SafeHtml {
  const f = ctx.f.meeting;
  if (!meetings.length) return html`<p class="form-hint" id="meeting-planned">${f.plannedNone}</p>`;
  return html`<div class="vugge-planned" id="meeting-planned">
      <p class="form-hint">${f.planned}</p>
      <ul class="form-hint">${meetingChoices(ctx, meetings).map(([, text]) => html`<li>${text}</li>`)}</ul>
    </div>`;
}

/** Moving and cancelling a planned meeting: both choose among the case's planned meetings. */
function plannedForms(ctx: Ctx): SafeHtml {
  const meetings = meetingChoices(ctx, plannedMeetings(ctx.view.timeline));
  if (!meetings.length) return html`<p>${ctx.f.plannedNone}</p>`;
  const { move, cancel } = ctx.f;
  return html`${formBox(ctx, 'move', move.legend, move.submit, [
    select(ctx, 'move', 'step', move.step, meetings),
    group(ctx, 'move', 'at', move.date, (a) => html`<input class="form-input input-width-s" type="text" inputmode="numeric" autocomplete="off" ${a} value="${valueOf(ctx, 'move', 'at')}">`, ctx.f.dateHint),
    group(ctx, 'move', 'time', move.time, (a) => html`<input class="form-input input-width-xs" type="text" inputmode="numeric" autocomplete="off" ${a} value="${valueOf(ctx, 'move', 'time')}">`, move.timeHint),
  ])}
      ${formBox(ctx, 'cancel', cancel.legend, cancel.submit, [select(ctx, 'cancel', 'step', cancel.step, meetings)])}`;
}

/**
 * Handing a role to someone else: the case's roles from its rules (not the unit's leader roles,
 * which follow the unit), each with who holds it now, and the unit's people grouped by the role
 * they hold in the staff directory.
 */
function reassignForm(ctx: Ctx): SafeHtml {
  const { programme, snapshot } = ctx.view;
  const { directory, lang } = ctx;
  const f = ctx.f.reassign;
  const leaders = new Set(leaderRolesOf(vocabularyOf(programme)));
  const roles = programme.roles
    .filter((r) => !leaders.has(r.id))
    .map((r) => ({ role: r.id, people: directory.staff.filter((p) => p.unit === snapshot.unit && p.roles.includes(r.id) && p.id !== snapshot.team[r.id]) }))
    .filter((r) => r.people.length > 0);
  if (!roles.length) return html`<p>${f.none}</p>`;
  const title = (role: string) => roleTitle([programme], role, lang);
  const holder = (role: string) => snapshot.team[role];
  return formBox(ctx, 'reassign', f.legend, f.submit, [
    select(ctx, 'reassign', 'role', f.role, roles.map(({ role }) => [role, holder(role) ? f.roleNow(title(role), personName(directory, holder(role)!)) : title(role)])),
    staffSelect(ctx, roles.map(({ role, people }) => ({ label: title(role), people: people.map((p) => [p.id, p.name]) }))),
  ]);
}

function isPaused(view: CaseView): boolean {
  const marks = view.snapshot.facts.facts.filter((f) => f.kind === 'pause' || f.kind === 'resume');
  return marks.at(-1)?.kind === 'pause';
}

/** The error summary for the top of the page: each rejected field of the form, linked to it. */
export function caseFormsSummary(state: FormState | undefined, lang: Lang): SafeHtml {
  if (!state) return html``;
  const fields = FORM_FIELDS[state.form].filter((f) => state.errors[f]);
  return errorSummary('form-errors-heading', formTexts[lang].errorSummary, fields.map((field) => ({ fieldId: fieldId(state.form, field), text: state.errors[field]![lang] })));
}

export function caseForms(view: CaseView, directory: StaffDirectory, lang: Lang, csrf: string, state?: FormState): SafeHtml {
  const f = formTexts[lang];
  const ctx: Ctx = { view, directory, lang, f, csrf, state };
  const { programme } = view;
  const start = programme.vocabulary?.lifecycle.start;
  const happened = new Set(view.snapshot.facts.facts.flatMap((x) => (x.kind === 'event' ? [x.event] : [])));
  const events: [string, string][] = programme.events.filter((e) => e.id !== start && !happened.has(e.id)).map((e) => [e.id, eventOrStepTitle(programme, e.id, lang)]);
  const steps = openSteps(ctx);
  const meetings = openSteps(ctx, (kind) => kind === 'meeting');
  const planned = plannedMeetings(view.timeline);
  const reasons = texts[lang].log.pauseReasons;
  const paused = isPaused(view);
  return html`<h2 id="registrer">${f.heading}</h2>
    <div class="vugge-forms">
      ${steps.length ? formBox(ctx, 'done', f.done.legend, f.done.submit, [select(ctx, 'done', 'step', f.done.step, steps), dateGroup(ctx, 'done')]) : html`<p>${f.done.none}</p>`}
      ${events.length ? formBox(ctx, 'event', f.event.legend, f.event.submit, [select(ctx, 'event', 'what', f.event.what, events), dateGroup(ctx, 'event')]) : html`<p>${f.event.none}</p>`}
      ${meetings.length
        ? formBox(ctx, 'meeting', f.meeting.legend, f.meeting.submit, [
            alreadyPlanned(ctx, planned),
            select(ctx, 'meeting', 'step', f.meeting.step, meetings),
            dateGroup(ctx, 'meeting'),
            group(ctx, 'meeting', 'time', f.meeting.time, (a) => html`<input class="form-input input-width-xs" type="text" inputmode="numeric" autocomplete="off" ${a} value="${valueOf(ctx, 'meeting', 'time')}">`, f.meeting.timeHint),
          ])
        : html`<p>${f.meeting.none}</p>`}
      ${plannedForms(ctx)}
      ${formBox(ctx, 'visit', f.visit.legend, f.visit.submit, [
        dateGroup(ctx, 'visit'),
        group(ctx, 'visit', 'hours', f.visit.hours, (a) => html`<input class="form-input input-width-xs" type="text" inputmode="decimal" autocomplete="off" ${a} value="${valueOf(ctx, 'visit', 'hours')}">`, f.visit.hoursHint),
      ])}
      ${paused
        ? html`<p>${f.resume.paused}</p>${formBox(ctx, 'resume', f.resume.legend, f.resume.submit, [dateGroup(ctx, 'resume')])}`
        : formBox(ctx, 'pause', f.pause.legend, f.pause.submit, [dateGroup(ctx, 'pause'), select(ctx, 'pause', 'reason', f.pause.reason, PauseReason.options.map((r) => [r, reasons[r] ?? r]))])}
      ${reassignForm(ctx)}
    </div>`;
}
