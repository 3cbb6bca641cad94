/**
 * *Sagen*: one case — its phase, its timeline, its log, and for a person who may change it the
 * forms to register what happened (POST → 303 back to the case with a one-line confirmation). The
 * service refuses a person who may not see or change the case (403) before anything is shown or sent.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AccessDenied } from '../../service/access.js';
import { ChangeRefused } from '../../service/case-changes.js';
import { audited, eventAudit } from '../../service/audit.js';
import { failureMessage } from '../../service/temporal-client.js';
import { eventFromForm, isFormName, rejectionField, type FormState } from '../case-forms.js';
import { caseForms, caseFormsSummary } from '../case-forms-view.js';
import { formTexts } from '../form-texts.js';
import { reasonLabels, statusLabels } from '../../../dsl/plan/index.js';
import type { StaffDirectory } from '../../../activities/staff/schema.js';
import type { LoggedEvent } from '../../../workflows/case-state.js';
import type { CaseService, CaseView } from '../../service/cases.js';
import { html } from '../html.js';
import { showDate, showInstant, type Lang, type Texts } from '../texts.js';
import { sendMessage, sendPage } from '../view.js';
import { eventOrStepTitle, personName, phaseTitle, roleTitle, stepTitle, unitName } from '../words.js';

function logText(view: CaseView, logged: LoggedEvent, t: Texts, lang: Lang, dir: StaffDirectory): string {
  const e = logged.event;
  const { programme } = view;
  switch (e.type) {
    case 'opened':
      return t.log.opened;
    case 'occurred':
      return t.log.occurred(eventOrStepTitle(programme, e.what, lang));
    case 'planned':
      return e.cancelled ? t.log.plannedCancelled(stepTitle(programme, e.step, lang)) : t.log.planned(stepTitle(programme, e.step, lang), `${showDate(e.at, lang)}${e.time ? ` ${e.time}` : ''}`);
    case 'visit':
      return t.log.visit(e.hours);
    case 'pause':
      return t.log.pause(t.log.pauseReasons[e.reason] ?? e.reason);
    case 'resume':
      return t.log.resume;
    case 'reassign':
      return t.log.reassign(roleTitle([programme], e.role, lang), personName(dir, e.staff));
    case 'due_date':
      return t.log.dueDate(showDate(e.dueDate, lang));
    case 'acknowledged':
      return t.log.acknowledged(stepTitle(programme, e.stepId, lang));
    case 'migrated':
      return t.log.migrated;
  }
}

/** The case page; `state` is a rejected form to show again, `saved` the form just accepted. */
function sendCase(request: FastifyRequest, reply: FastifyReply, view: CaseView, forms: { state?: FormState; saved?: string } = {}, status = 200): FastifyReply {
  const { t, lang } = request;
  const actor = request.actor!;
  const { programme, snapshot } = view;
  const savedText = forms.saved ? formTexts[lang].saved[forms.saved] : undefined;
  const dir = actor.directory;
  const c = t.cols;
  const shown = view.timeline.filter((e) => e.status !== 'not_applicable');
  const hidden = view.timeline.length - shown.length;
  const phases = Math.max(view.phase, ...programme.phases.map((p) => p.number));
  const timeZone = programme.timeZone;
  const when = (iso: string) => showInstant(iso, lang, timeZone);
  const log = [...view.log].reverse();
  return sendPage(request, reply, {
    title: `${forms.state ? `${formTexts[lang].errorTitle}: ` : ''}${t.caseView.title(view.caseId)}`,
    body: html`<h1>${t.caseView.title(view.caseId)}</h1>
      ${caseFormsSummary(forms.state, lang)}
      ${savedText ? html`<div class="alert alert-success" role="status"><div class="alert-body"><p class="alert-text">${savedText}</p></div></div>` : ''}
      <dl class="vugge-facts">
        <dt>${t.caseView.programme}</dt><dd>${programme.title}</dd>
        <dt>${t.caseView.unit}</dt><dd>${unitName(dir, snapshot.unit)}</dd>
        <dt>${t.caseView.phase}</dt><dd>${t.caseView.phaseOf(view.phase, phases)}${phaseTitle(programme, view.phase) ? `: ${phaseTitle(programme, view.phase)}` : ''}</dd>
        <dt>${t.caseView.team}</dt>
        <dd><ul class="nobullet-list">${Object.entries(snapshot.team).map(([role, staff]) => html`<li>${roleTitle([programme], role, lang)}: ${personName(dir, staff)}</li>`)}</ul></dd>
      </dl>
      ${view.mayChange ? '' : html`<div class="alert alert-info" role="note"><div class="alert-body"><p class="alert-text">${t.caseView.readOnly}</p></div></div>`}
      <h2>${t.caseView.timeline}</h2>
      <table class="table table--zebra">
        <caption>${t.caseView.timelineCaption}</caption>
        <thead><tr><th scope="col">${c.phase}</th><th scope="col">${c.step}</th><th scope="col">${c.occurrence}</th><th scope="col">${c.date}</th><th scope="col">${c.latest}</th><th scope="col">${c.owner}</th><th scope="col">${c.status}</th></tr></thead>
        <tbody>
          ${shown.map(
            (e) => html`<tr>
            <td>${e.phase}</td>
            <td>${stepTitle(programme, e.stepId, lang, e.title)}</td>
            <td>${e.occurrence}</td>
            <td>${showDate(e.target, lang)}${e.time ? ` ${e.time}` : ''}</td>
            <td>${showDate(e.latest, lang)}</td>
            <td>${(e.ownerStaff.length ? e.ownerStaff.map((s) => personName(dir, s)) : e.owners.map((r) => roleTitle([programme], r, lang))).join(', ')}</td>
            <td>${e.status === 'done' && e.doneOn ? t.caseView.doneOn(showDate(e.doneOn, lang)) : statusLabels[lang][e.status]}${e.reason ? ` (${reasonLabels[lang][e.reason] ?? e.reason})` : ''}</td>
          </tr>`,
          )}
        </tbody>
      </table>
      ${hidden ? html`<p>${t.caseView.notApplicable(hidden)}</p>` : ''}
      <h2>${t.caseView.log}</h2>
      <table class="table table--zebra">
        <caption>${t.caseView.logCaption}</caption>
        <thead><tr><th scope="col">${c.when}</th><th scope="col">${c.who}</th><th scope="col">${c.what}</th></tr></thead>
        <tbody>
          ${log.map((l) => html`<tr><td>${when(l.registeredAt)}</td><td>${personName(dir, l.event.by)}</td><td>${logText(view, l, t, lang, dir)}</td></tr>`)}
        </tbody>
      </table>
      ${view.mayChange ? caseForms(view, dir, lang, reply.generateCsrf(), forms.state) : ''}`,
  }, status);
}

export async function caseRoutes(app: FastifyInstance, options: { cases: CaseService }): Promise<void> {
  app.get<{ Params: { caseId: string }; Querystring: { gemt?: string } }>('/sager/:caseId', { config: { who: 'staff' } }, async (request, reply) => {
    const saved = isFormName(request.query.gemt) ? request.query.gemt : undefined;
    let view: CaseView;
    try {
      view = await options.cases.caseView(request.actor!, request.params.caseId);
    } catch (err) {
      // Who hands their own role to someone else is no longer on the team: say so, not "no access".
      if (!(err instanceof AccessDenied) || saved !== 'reassign') throw err;
      const f = formTexts[request.lang];
      return sendMessage(request, reply, 200, f.reassign.handedOverTitle, f.reassign.handedOver, { href: '/opgaver', label: request.t.nav.tasks });
    }
    return sendCase(request, reply, view, { saved });
  });

  // One form posts here; the author is always the signed-in person (the service sets it).
  app.post<{ Params: { caseId: string }; Body: Record<string, string | undefined> }>('/sager/:caseId', { config: { who: 'staff' } }, async (request, reply) => {
    const actor = request.actor!;
    const { caseId } = request.params;
    const body = request.body ?? {};
    const form = body.form;
    const view = await options.cases.caseView(actor, caseId);
    if (!view.mayChange) throw new AccessDenied('change_case');
    if (!isFormName(form)) return sendCase(request, reply, view, {}, 400);
    const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && k !== 'by' && typeof v === 'string')) as Record<string, string>;
    const today = DateTime.now().setZone(view.programme.timeZone).toISODate()!;
    const parsed = eventFromForm(form, values, view.programme, { today, timeline: view.timeline });
    if ('errors' in parsed) return sendCase(request, reply, view, { state: { form, values, errors: parsed.errors } }, 400);
    try {
      await audited(app.audit, { actor: actor.staffId, action: 'case.register', caseId, details: eventAudit(parsed.event) }, () => options.cases.register(actor, caseId, parsed.event));
    } catch (err) {
      const message = err instanceof ChangeRefused ? err.problem : failureMessage(err, caseId);
      if (!message || message.code === 'case.not_found') throw err;
      return sendCase(request, reply, view, { state: { form, values, errors: { [rejectionField(form, message.code)]: message } } }, 400);
    }
    return reply.redirect(`/sager/${encodeURIComponent(caseId)}?gemt=${form}`, 303);
  });
}
