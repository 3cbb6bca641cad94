/** Sends server-rendered pages: the frame for the request's person and language, never cached. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { may, openingUnits } from '../service/access.js';
import { toDocument, type SafeHtml } from './html.js';
import { messagePage, page, type Frame, type PageContent } from './layout.js';

export function frameOf(request: FastifyRequest, reply: FastifyReply): Frame {
  const actor = request.actor;
  return {
    lang: request.lang,
    t: request.t,
    person: actor ? { name: actor.person.name, mayOverdue: may(actor.directory, actor.staffId, 'see_overdue'), mayOpenCases: openingUnits(actor.directory, actor.staffId).length > 0, mayEditRules: may(actor.directory, actor.staffId, 'use_rules_studio') } : undefined,
    csrfToken: actor ? reply.generateCsrf() : undefined,
    path: request.url.split('?')[0]!,
  };
}

export function sendHtml(reply: FastifyReply, document: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(toDocument(document));
}

export function sendPage(request: FastifyRequest, reply: FastifyReply, content: PageContent, status = 200): FastifyReply {
  return sendHtml(reply, page(frameOf(request, reply), content), status);
}

/** An error or notice page: heading, one sentence, a link home. */
export function sendMessage(request: FastifyRequest, reply: FastifyReply, status: number, title: string, sentence: string, link = { href: '/', label: request.t.errors.back }): FastifyReply {
  return sendHtml(reply, messagePage(frameOf(request, reply), title, sentence, link, status < 400 ? 'info' : 'error'), status);
}
