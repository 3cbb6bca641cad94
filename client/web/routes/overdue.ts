/** *Forsinket*: every overdue step in the units I lead — case, step, owner, days late. */
import type { FastifyInstance } from 'fastify';
import { VISIT_NORM_STEP } from '../../../workflows/case-notify.js';
import type { CaseService } from '../../service/cases.js';
import { html } from '../html.js';
import { showDate } from '../texts.js';
import { sendPage } from '../view.js';
import { personName, stepTitle, unitName } from '../words.js';

export async function overdueRoutes(app: FastifyInstance, options: { cases: CaseService }): Promise<void> {
  app.get('/forsinket', { config: { who: 'leader' } }, async (request, reply) => {
    const { t, lang } = request;
    const dir = request.actor!.directory;
    const view = await options.cases.overdueForUnits(request.actor!);
    const c = t.cols;
    const units = view.units.map((u) => unitName(dir, u)).join(', ');
    const body = view.rows.length
      ? html`<table class="table table--zebra">
          <caption>${t.overdue.caption}</caption>
          <thead><tr><th scope="col">${c.owner}</th><th scope="col">${c.step}</th><th scope="col">${c.latest}</th><th scope="col">${c.daysLate}</th><th scope="col">${c.case}</th><th scope="col">${c.unit}</th></tr></thead>
          <tbody>
            ${view.rows.map(
              (r) => html`<tr>
              <td>${r.owners.map((s) => personName(dir, s)).join(', ')}</td>
              <td>${r.stepId === VISIT_NORM_STEP ? t.overdue.visitNorm(r.occurrence) : stepTitle(r.rules, r.stepId, lang)}${r.stepId !== VISIT_NORM_STEP && r.occurrence > 1 ? ` (${r.occurrence})` : ''}</td>
              <td>${showDate(r.latest, lang)}</td>
              <td>${r.daysLate}</td>
              <td><a href="/sager/${encodeURIComponent(r.caseId)}">${r.caseId}</a></td>
              <td>${r.unit ? unitName(dir, r.unit) : ''}</td>
            </tr>`,
            )}
          </tbody>
        </table>`
      : html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${t.overdue.none}</p></div></div>`;
    return sendPage(request, reply, { title: t.overdue.title, body: html`<h1>${t.overdue.title}</h1><p>${t.overdue.intro(units)}</p>${body}` });
  });
}
