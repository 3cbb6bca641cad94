/**
 * The rules studio's registry pages, for administrators only (`who: 'administrator'`; 403 for
 * everyone else): the overview, a proposal with its diff and decision, the migration choice after
 * approval, and a migration's progress and report. The editor (`/regler/:programme/udkast`) posts
 * its proposal to `POST /regler/:programme/forslag`. Every form posts, then redirects; who
 * proposes, approves, rejects or migrates is the signed-in person, never a form field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CaseId, inLanguage } from '../../../dsl/contract.js';
import { UnknownProgramme, type RegistryService } from '../../service/rules-registry.js';
import type { Actor } from '../../service/access.js';
import { failureMessage } from '../../service/temporal-client.js';
import { migrationBatchId } from '../../../workflows/rules-registry-messages.js';
import { rulesTexts } from '../rules-texts.js';
import { migrationBody, migrationPath, overviewBody, proposalBody, proposalPath } from '../rules-view.js';
import { sendMessage, sendPage } from '../view.js';

type Params = { programme: string; version: string };
type Body = Record<string, string | string[] | undefined>;

const ADMIN = { config: { who: 'administrator' as const } };

const text = (body: Body | undefined, field: string): string => {
  const v = body?.[field];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};

export async function rulesRoutes(
  app: FastifyInstance,
  options: { rules: RegistryService; onPublished?: () => Promise<void>; /** The proposer's draft is forgotten once it is proposed. */ onProposed?: (actor: Actor, programmeId: string) => Promise<void> },
): Promise<void> {
  const { rules } = options;
  const tOf = (request: FastifyRequest) => rulesTexts[request.lang];

  /** A refusal from the registry as a page with its own sentence; anything else goes to the error handler. */
  function refused(request: FastifyRequest, reply: FastifyReply, err: unknown, status = 409): FastifyReply {
    if (err instanceof UnknownProgramme) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, request.t.errors.notFound);
    const message = failureMessage(err);
    if (!message) throw err;
    return sendMessage(request, reply, status, tOf(request).refusedTitle, inLanguage(message, request.lang), { href: request.headers.referer?.startsWith('/') ? request.headers.referer : '/regler', label: tOf(request).back });
  }

  const versionNumber = (text: string) => (/^[1-9][0-9]{0,5}$/.test(text) ? Number(text) : undefined);

  app.get('/regler', ADMIN, async (request, reply) => {
    const t = tOf(request);
    return sendPage(request, reply, { title: t.overviewTitle, body: overviewBody(t, await rules.overview(request.actor!)) });
  });

  async function showProposal(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, error?: string, status = 200): Promise<FastifyReply> {
    const t = tOf(request);
    const n = versionNumber(request.params.version);
    const found = n === undefined ? undefined : await rules.version(request.actor!, request.params.programme, n).catch((err: unknown) => (err instanceof UnknownProgramme ? undefined : Promise.reject(err)));
    if (!found?.version) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, t.notFoundProposal);
    const { version, current, migrations } = found;
    const isCurrent = current?.version === version.version && version.compiled.ok;
    const runningCases = isCurrent && version.compiled.ok ? await rules.runningCases(request.actor!, request.params.programme, version.compiled.hash) : undefined;
    const title = current?.compiled.ok ? current.compiled.programme.title : request.params.programme;
    return sendPage(
      request,
      reply,
      {
        title: t.proposalTitle(title, version.version),
        body: proposalBody(t, request.lang, { programmeId: request.params.programme, title, version, current, migrations, staffId: request.actor!.staffId, csrf: reply.generateCsrf(), runningCases, error }),
      },
      status,
    );
  }

  app.get<{ Params: Params }>('/regler/:programme/forslag/:version', ADMIN, (request, reply) => showProposal(request, reply));

  // The editor's proposal: the source and a message; the proposer is the signed-in person.
  app.post<{ Params: { programme: string }; Body: Body }>('/regler/:programme/forslag', ADMIN, async (request, reply) => {
    const t = tOf(request);
    const source = typeof request.body?.source === 'string' ? request.body.source : '';
    const message = text(request.body, 'message');
    if (!message) return sendMessage(request, reply, 400, t.refusedTitle, t.messageRequired, { href: `/regler/${encodeURIComponent(request.params.programme)}/udkast`, label: t.back });
    try {
      const v = await rules.propose(request.actor!, request.params.programme, { source, message });
      await options.onProposed?.(request.actor!, request.params.programme);
      return reply.redirect(proposalPath(request.params.programme, v.version), 303);
    } catch (err) {
      return refused(request, reply, err);
    }
  });

  app.post<{ Params: Params }>('/regler/:programme/forslag/:version/godkend', ADMIN, async (request, reply) => {
    const n = versionNumber(request.params.version);
    if (n === undefined) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, tOf(request).notFoundProposal);
    try {
      await rules.approve(request.actor!, request.params.programme, n);
    } catch (err) {
      return refused(request, reply, err, failureMessage(err)?.code === 'rules.self_approval' ? 403 : 409);
    }
    await options.onPublished?.();
    return reply.redirect(proposalPath(request.params.programme, n), 303);
  });

  app.post<{ Params: Params; Body: Body }>('/regler/:programme/forslag/:version/afvis', ADMIN, async (request, reply) => {
    const n = versionNumber(request.params.version);
    if (n === undefined) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, tOf(request).notFoundProposal);
    const reason = text(request.body, 'reason');
    if (!reason) return showProposal(request, reply, tOf(request).reasonRequired, 400);
    try {
      await rules.reject(request.actor!, request.params.programme, n, reason);
    } catch (err) {
      return refused(request, reply, err);
    }
    return reply.redirect(proposalPath(request.params.programme, n), 303);
  });

  app.post<{ Params: Params; Body: Body }>('/regler/:programme/forslag/:version/migrering', ADMIN, async (request, reply) => {
    const t = tOf(request);
    const n = versionNumber(request.params.version);
    if (n === undefined) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, t.notFoundProposal);
    const scope = text(request.body, 'scope');
    if (scope === 'none') return reply.redirect('/regler', 303);
    const raw = request.body?.case;
    const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter((c) => CaseId.safeParse(c).success);
    if (scope !== 'all' && chosen.length === 0) return sendMessage(request, reply, 400, t.refusedTitle, t.chooseCases, { href: proposalPath(request.params.programme, n), label: t.back });
    try {
      const record = await rules.migrate(request.actor!, request.params.programme, n, scope === 'all' ? 'all' : chosen);
      return reply.redirect(migrationPath(record.batchId), 303);
    } catch (err) {
      return refused(request, reply, err);
    }
  });

  app.get<{ Params: { programme: string; n: string }; Querystring: { auto?: string } }>('/regler/:programme/migrering/:n', ADMIN, async (request, reply) => {
    const n = versionNumber(request.params.n);
    const batchId = n === undefined ? undefined : migrationBatchId(request.params.programme, n);
    const progress = batchId ? await rules.migrationProgress(request.actor!, batchId).catch(() => undefined) : undefined;
    if (!progress) return sendMessage(request, reply, 404, request.t.errors.notFoundTitle, request.t.errors.notFound);
    const t = tOf(request);
    const path = request.url.split('?')[0]!;
    return sendPage(request, reply, { title: t.migrationTitle(progress.batchId), body: migrationBody(t, progress, path, request.query.auto === '1') });
  });
}
