/**
 * *Mine opgaver*: my overdue steps and what falls due in the next 14 days, across my cases, 50 a
 * page (`?side=2`; a page number that is not one gets its sentence, a page beyond the end shows the
 * last).
 */
import type { FastifyInstance } from 'fastify';
import { describeIssue, PageNumber } from '../../../dsl/contract.js';
import { statusLabels } from '../../../dsl/plan/index.js';
import { TASK_DAYS, type CaseService } from '../../service/cases.js';
import { OVERDUE_PAGE_SIZE } from '../../service/overdue.js';
import { html } from '../html.js';
import { pagination } from '../pagination.js';
import { showDate } from '../texts.js';
import { sendPage } from '../view.js';
import { stepTitle } from '../words.js';

export async function tasksRoutes(app: FastifyInstance, options: { cases: CaseService }): Promise<void> {
  app.get<{ Querystring: { side?: string } }>('/opgaver', { config: { who: 'staff' } }, async (request, reply) => {
    const { t, lang } = request;
    const asked = request.query.side === undefined || request.query.side === '' ? { success: true as const, data: '1' } : PageNumber.safeParse(request.query.side);
    const all = await options.cases.myTasks(request.actor!);
    const pages = Math.max(1, Math.ceil(all.length / OVERDUE_PAGE_SIZE));
    const page = Math.min(asked.success ? Number(asked.data) : 1, pages);
    const tasks = all.slice((page - 1) * OVERDUE_PAGE_SIZE, page * OVERDUE_PAGE_SIZE);
    const c = t.cols;
    const problem = asked.success ? undefined : describeIssue(asked.error.issues[0]!)[lang];
    const body = tasks.length
      ? html`${pages > 1 ? html`<p>${t.leaders.onPage(page, pages, (page - 1) * OVERDUE_PAGE_SIZE + 1, (page - 1) * OVERDUE_PAGE_SIZE + tasks.length)}</p>` : ''}
        <table class="table table--zebra">
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
        </table>
        ${pagination({ id: 'opgaver-sider', label: t.tasks.pages, page, pages, href: (n) => (n > 1 ? `/opgaver?side=${n}` : '/opgaver'), lang })}`
      : html`<div class="alert alert-info" role="status"><div class="alert-body"><p class="alert-text">${t.tasks.none(TASK_DAYS)}</p></div></div>`;
    const error = problem ? html`<div class="alert alert-error" role="alert"><div class="alert-body"><p class="alert-text">${problem}</p></div></div>` : '';
    return sendPage(request, reply, { title: t.tasks.title, body: html`<h1>${t.tasks.title}</h1>${error}<p>${t.tasks.intro(TASK_DAYS)}</p>${body}` }, problem ? 400 : 200);
  });
}
