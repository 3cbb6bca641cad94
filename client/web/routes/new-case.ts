/**
 * *Ny sag*: first the programme (a GET form, so the team fields can be the programme's own roles
 * without JavaScript), then unit, team and dates, posted → 303 to the new case. The service
 * chooses the case id and refuses a unit the person may not open cases in (403); a rejected form
 * comes back with what was entered and a sentence beside each field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Programme } from '../../../dsl/compile/model.js';
import { teamRolesOf, type NewCaseChoices, type NewCaseErrors, type NewCaseService } from '../../service/new-case.js';
import { errorSummary, formGroup } from '../form-field.js';
import { formTexts } from '../form-texts.js';
import { html, type SafeHtml } from '../html.js';
import type { Lang, Texts } from '../texts.js';
import { sendPage } from '../view.js';
import { roleTitle } from '../words.js';

const PATH = '/sager/ny';

interface Form {
  lang: Lang;
  t: Texts['newCase'];
  values: Record<string, string>;
  errors: NewCaseErrors;
}

const fieldId = (field: string) => `ny-${field.replace('.', '-')}`;

function group(form: Form, field: string, label: string, control: (attrs: SafeHtml) => SafeHtml, hint?: string): SafeHtml {
  return formGroup({ id: fieldId(field), name: field, label, hint, error: form.errors[field]?.[form.lang] }, control);
}

function dateInput(form: Form, field: string, label: string): SafeHtml {
  return group(form, field, label, (a) => html`<input class="form-input input-width-s" type="text" inputmode="numeric" autocomplete="off" ${a} value="${form.values[field] ?? ''}">`, form.t.dateHint);
}

/** One choice per role: the people of the person's units who hold it, grouped by unit when there are several. */
function teamSelect(form: Form, choices: NewCaseChoices, programme: Programme, role: string): SafeHtml {
  const field = `team.${role}`;
  const chosen = form.values[field] ?? '';
  const options = (people: NewCaseChoices['units'][number]['people']) =>
    people.filter((p) => p.roles.includes(role)).map((p) => html`<option value="${p.id}"${p.id === chosen ? html` selected` : ''}>${p.name}</option>`);
  const several = choices.units.length > 1;
  return group(form, field, roleTitle([programme], role, form.lang), (a) => html`<select class="form-select" ${a}>
        <option value="">${form.t.nobody}</option>
        ${several ? choices.units.map(({ unit, people }) => html`<optgroup label="${unit.name}">${options(people)}</optgroup>`) : options(choices.units[0]?.people ?? [])}
      </select>`);
}

/** The error summary for the top of the page, in the order the fields stand on the form. */
function summary(form: Form, programme: Programme | undefined): SafeHtml {
  const fields = programme ? ['programme', 'unit', ...teamRolesOf(programme).map((r) => `team.${r}`), 'notified', 'dueDate'] : ['programme'];
  const rejected = fields.filter((f) => form.errors[f]);
  return errorSummary('ny-errors-heading', form.t.errorSummary, rejected.map((f) => ({ fieldId: fieldId(f), text: form.errors[f]![form.lang] })));
}

const programmeTitle = (p: Programme, lang: Lang) => (lang === 'en' ? (p.titleEn ?? p.title) : p.title);

/** Step one: which programme (a GET form; the chosen one's roles make the team fields). */
function programmeStep(form: Form, choices: NewCaseChoices): SafeHtml {
  return html`<p>${form.t.programmeStep}</p>
    <form method="get" action="${PATH}" novalidate>
      ${group(form, 'programme', form.t.programme, (a) => html`<select class="form-select" ${a}>
          <option value="">${form.t.choose}</option>
          ${choices.programmes.map((p) => html`<option value="${p.id}">${programmeTitle(p, form.lang)}</option>`)}
        </select>`)}
      <button type="submit" class="button button-secondary">${form.t.next}</button>
    </form>`;
}

/** Step two: unit, team and dates for the chosen programme. */
function caseStep(form: Form, choices: NewCaseChoices, programme: Programme, csrf: string): SafeHtml {
  const roles = teamRolesOf(programme);
  const [only] = choices.units;
  const unit =
    choices.units.length === 1 && only
      ? html`<input type="hidden" name="unit" value="${only.unit.id}"><dt>${form.t.unit}</dt><dd>${only.unit.name}</dd>`
      : '';
  return html`<form method="post" action="${PATH}" novalidate>
      <input type="hidden" name="_csrf" value="${csrf}">
      <input type="hidden" name="programme" value="${programme.id}">
      <dl class="vugge-facts">
        <dt>${form.t.programme}</dt><dd>${programmeTitle(programme, form.lang)} — <a href="${PATH}">${form.t.change}</a></dd>
        ${unit}
      </dl>
      ${choices.units.length > 1
        ? group(form, 'unit', form.t.unit, (a) => html`<select class="form-select" ${a}>
            <option value="">${form.t.choose}</option>
            ${choices.units.map(({ unit: u }) => html`<option value="${u.id}"${u.id === form.values.unit ? html` selected` : ''}>${u.name}</option>`)}
          </select>`)
        : ''}
      <fieldset aria-describedby="ny-team-hint">
        <legend class="h3">${form.t.team}</legend>
        <span class="form-hint" id="ny-team-hint">${form.t.teamHint}</span>
        ${roles.map((role) => teamSelect(form, choices, programme, role))}
      </fieldset>
      ${dateInput(form, 'notified', form.t.notified)}
      ${dateInput(form, 'dueDate', form.t.dueDate)}
      <button type="submit" class="button button-primary">${form.t.submit}</button>
    </form>`;
}

function sendNewCase(request: FastifyRequest, reply: FastifyReply, choices: NewCaseChoices, programme: Programme | undefined, form: Omit<Form, 'lang' | 't'>, status = 200): FastifyReply {
  const { t, lang } = request;
  const full: Form = { ...form, lang, t: t.newCase };
  return sendPage(
    request,
    reply,
    {
      title: `${Object.keys(form.errors).length ? `${formTexts[lang].errorTitle}: ` : ''}${t.newCase.title}`,
      body: html`<h1>${t.newCase.title}</h1>
        ${summary(full, programme)}
        <p>${t.newCase.intro}</p>
        ${programme ? caseStep(full, choices, programme, reply.generateCsrf()) : programmeStep(full, choices)}`,
    },
    status,
  );
}

export async function newCaseRoutes(app: FastifyInstance, options: { newCases: NewCaseService }): Promise<void> {
  const { newCases } = options;

  app.get<{ Querystring: { programme?: string } }>(PATH, { config: { who: 'staff' } }, async (request, reply) => {
    const actor = request.actor!;
    const choices = newCases.choices(actor);
    // With one programme there is nothing to choose: straight to the case's fields.
    const asked = request.query.programme ?? (choices.programmes.length === 1 ? choices.programmes[0]!.id : undefined);
    const programme = choices.programmes.find((p) => p.id === asked);
    if (!programme) {
      const errors: NewCaseErrors = asked === undefined ? {} : { programme: { code: 'input.required', da: 'Vælg et forløb.', en: 'Choose a programme.' } };
      return sendNewCase(request, reply, choices, undefined, { values: {}, errors }, asked === undefined ? 200 : 400);
    }
    // The person's own place on the team is filled in to start with.
    const values: Record<string, string> = {};
    for (const role of teamRolesOf(programme)) if (actor.person.roles.includes(role)) values[`team.${role}`] = actor.staffId;
    return sendNewCase(request, reply, choices, programme, { values, errors: {} });
  });

  // Who opened the case is the signed-in person; no field of the form can say otherwise.
  app.post<{ Body: Record<string, string | undefined> }>(PATH, { config: { who: 'staff' } }, async (request, reply) => {
    const actor = request.actor!;
    const body = request.body ?? {};
    const values = Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => e[0] !== '_csrf' && typeof e[1] === 'string'));
    const team = Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (k.startsWith('team.') ? [[k.slice(5), v]] : [])));
    const result = await newCases.open(actor, { programme: values.programme, unit: values.unit, team, notified: values.notified, dueDate: values.dueDate });
    if ('caseId' in result) await app.audit.note({ actor: actor.staffId, action: 'case.open', caseId: result.caseId, details: { programme: values.programme ?? null, unit: values.unit ?? null } });
    if ('caseId' in result) return reply.redirect(`/sager/${encodeURIComponent(result.caseId)}`, 303);
    const choices = newCases.choices(actor);
    const programme = choices.programmes.find((p) => p.id === values.programme);
    return sendNewCase(request, reply, choices, programme, { values, errors: result.errors }, 400);
  });
}
