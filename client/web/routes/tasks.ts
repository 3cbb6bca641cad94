/** *Mine opgaver*: my overdue steps and what falls due in the next 14 days, across my cases. */
import type { FastifyInstance } from 'fastify';
import { statusLabels } from '../../../dsl/plan/index.js';
import { TASK_DAYS, type CaseService } from '../../service/cases.js';
import { html } from '../html.js';
import { showDate } from '../texts.js';
import { sendPage } from '../view.js';
import { stepTitle } from '../words.js';

export async function tasksRoutes(app: FastifyInstance, options: { cases: CaseService }): Promise<void> {
  app.get('/opgaver', { config: { who: 'staff' } }, async (request, reply) => {
    const { t, lang } = request;
    const tasks = await options.cases.myTasks(request.actor!);
    const c = t.cols;
    const body = tasks.length
      ? html`<table class="table table--zebra">
          <caption>${t.tasks.caption}</caption>
          <thead><tr><th scope="col">${c.case}</th><th scope="col">${c.step}</th><th scope="col">${c.date}</th><th scope="col">${c.latest}</th><th scope="col">${c.status}</th></tr></thead>
          <tbody>
            ${tasks.map(
              ({ caseId, programme, entry: e }) => html`<tr>
              <td><a href="/sager/${encodeURIComponent(caseId)}">${caseId}</a></td>
              <td>${stepTitle(programme, e.stepId, lang, e.title)}${e.occurrence > 1 ? ` (${e.occurrence})` : ''}</td>
              <td>${showDate(e.target, lang)}${e.time ? ` ${e.time}` : ''}</td>
              <td>${showDate(e.latest, lang)}</td>
              <td>${e.status === 'overdue' ? html`<span class="badge badge-error">${statusLabels[lang][e.status]}</span>` : statusLabels[lang][e.status]}</td>
            </tr>`,
            )}
          </tbody>
        </table>`
      : html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${t.tasks.none(TASK_DAYS)}</p></div></div>`;
    return sendPage(request, reply, { title: t.tasks.title, body: html`<h1>${t.tasks.title}</h1><p>${t.tasks.intro(TASK_DAYS)}</p>${body}` });
  });
}
