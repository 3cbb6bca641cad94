/**
 * *Forsinket*: the leaders' page — every overdue step in the units I lead, 50 a page (sorted and
 * filtered with a GET form, and the whole filtered list as CSV), the counts per step and unit, the
 * escalations waiting for my *Kvittér*, lateness by step, overdue steps per week, and the
 * notifications that did not arrive; the lists read the read model a page at a time. Kvittér is an
 * update to the case; it posts, then redirects back to the same filtered page naming what was
 * acknowledged, which shows as such until the case's projection has caught up. The service lets
 * only a leader of the case's unit acknowledge, as themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CaseId, Code, type Message } from '../../../dsl/contract.js';
import type { Programme } from '../../../dsl/compile/model.js';
import type { Actor } from '../../service/access.js';
import { audited } from '../../service/audit.js';
import type { CaseService } from '../../service/cases.js';
import { failureMessage } from '../../service/temporal-client.js';
import type { UndeliverableRecord } from '../../../worker/storage/undeliverable.js';
import { countLines, filterQuery, listRequest, overdueCsv, overdueLines, parseFilter } from '../overdue-list.js';
import { leadersPage, type LeadersPage } from '../overdue-view.js';
import { texts } from '../texts.js';
import { sendPage } from '../view.js';
import { unitName } from '../words.js';

export interface OverdueRouteOptions {
  cases: CaseService;
  programmes: readonly Programme[];
  /** The open undeliverable notifications of the units the person leads. */
  undeliverable: (actor: Actor) => Promise<UndeliverableRecord[]>;
}

/** What a Kvittér form sends besides the filter it came from. */
const Acknowledgement = z.object({ caseId: CaseId, step: Code, occurrence: z.coerce.number().int().min(1).max(999) });

/** `kvitteret=CASE:STEP:OCCURRENCE` after a Kvittér the case accepted; anything else is ignored. */
function acknowledgedIn(query: Query): { caseId: string; stepId: string; occurrence: number } | undefined {
  const [caseId, step, occurrence, ...rest] = (query.kvitteret ?? '').split(':');
  const parsed = Acknowledgement.safeParse({ caseId, step, occurrence });
  return parsed.success && !rest.length ? { caseId: parsed.data.caseId, stepId: parsed.data.step, occurrence: parsed.data.occurrence } : undefined;
}

type Query = Record<string, string | undefined>;

export async function overdueRoutes(app: FastifyInstance, options: OverdueRouteOptions): Promise<void> {
  async function sendLeaders(request: FastifyRequest, reply: FastifyReply, query: Query, notice: { acknowledged?: LeadersPage['acknowledged']; ackError?: Message } = {}, status = 200) {
    const { t, lang } = request;
    const actor = request.actor!;
    const { filter, errors } = parseFilter(query);
    const [view, undeliverable, weeks] = await Promise.all([
      options.cases.overduePage(actor, { ...listRequest(filter), page: filter.side ?? 1, escalationsPage: filter.eside ?? 1 }),
      options.undeliverable(actor),
      options.cases.overdueWeeks(actor),
    ]);
    const units = view.units.map((u) => unitName(actor.directory, u)).join(', ');
    const errored = Object.keys(errors).length > 0;
    // A page beyond the end (the list has grown shorter) shows the last one.
    const shownFilter = { ...filter, side: view.list.page, eside: view.escalations.page };
    const body = leadersPage(
      {
        view,
        lines: overdueLines(view.list.rows, actor.directory, t, lang),
        counts: countLines(view.counts, t, lang),
        filtered: countLines(view.filtered, t, lang),
        filter: shownFilter,
        filterErrors: errors,
        ...notice,
        undeliverable,
        weeks,
        programmes: options.programmes,
        directory: actor.directory,
        csrf: reply.generateCsrf(),
      },
      t,
      lang,
      units,
    );
    return sendPage(request, reply, { title: t.overdue.title, body }, errored && status === 200 ? 400 : status);
  }

  app.get<{ Querystring: Query }>('/forsinket', { config: { who: 'leader' } }, async (request, reply) => {
    return sendLeaders(request, reply, request.query, { acknowledged: acknowledgedIn(request.query) });
  });

  // The same list as the page shows with this filter, for a spreadsheet.
  app.get<{ Querystring: Query }>('/forsinket.csv', { config: { who: 'leader' } }, async (request, reply) => {
    const { t, lang } = request;
    const { filter, errors } = parseFilter(request.query);
    if (Object.keys(errors).length) return sendLeaders(request, reply, request.query);
    const rows = await options.cases.overdueList(request.actor!, listRequest(filter));
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${t.leaders.csvName}-${today}.csv"`)
      .header('cache-control', 'no-store')
      .send(overdueCsv(overdueLines(rows, request.actor!.directory, t, lang), t, lang));
  });

  // Kvittér: the author is the signed-in leader (the service sets it), never a form field.
  app.post<{ Body: Query }>('/forsinket/kvitter', { config: { who: 'leader' } }, async (request, reply) => {
    const body = request.body ?? {};
    const back = parseFilter(body).filter;
    const pages = { side: back.side, eside: back.eside };
    const parsed = Acknowledgement.safeParse(body);
    if (!parsed.success) return sendLeaders(request, reply, body, { ackError: { code: 'ack.form', da: texts.da.leaders.escalations.invalid, en: texts.en.leaders.escalations.invalid } }, 400);
    const { caseId, step, occurrence } = parsed.data;
    try {
      await audited(app.audit, { actor: request.actor!.staffId, action: 'case.acknowledge', caseId, details: { step, occurrence } }, () => options.cases.acknowledge(request.actor!, caseId, { stepId: step, occurrence }));
    } catch (err) {
      const message = failureMessage(err, caseId);
      if (!message || message.code === 'case.not_found') throw err;
      return sendLeaders(request, reply, body, { ackError: message }, 400);
    }
    const query = filterQuery(back, pages);
    const done = new URLSearchParams({ kvitteret: `${caseId}:${step}:${occurrence}` }).toString();
    return reply.redirect(`/forsinket${query ? `${query}&` : '?'}${done}#eskaleringer`, 303);
  });
}
