/**
 * Sessions in an encrypted cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS) with an idle
 * timeout; the signed-in person (`request.actor`) and their language (`request.lang`) are read from
 * it once per request. Identity is only ever set here and at sign-in — never from a form or a query.
 */
import secureSession from '@fastify/secure-session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Person, StaffDirectory } from '../../../activities/staff/schema.js';
import type { Actor } from '../../service/access.js';
import type { PendingSignIn } from '../sign-in.js';
import { texts, type Lang, type Texts } from '../texts.js';

export const SESSION_COOKIE = 'vugge_session';

declare module '@fastify/secure-session' {
  interface SessionData {
    staffId: string;
    /** The language the person chose with the switch; unset: the directory's `language`. */
    lang: Lang;
    /** Last request, epoch ms: the idle timeout counts from here. */
    seen: number;
    pending: PendingSignIn;
    /** Set when the last session ended by idle timeout, so the next sign-in can say why. */
    idled: boolean;
    /** @fastify/csrf-protection's secret. */
    _csrf: string;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor & { person: Person };
    lang: Lang;
    t: Texts;
  }
}

export interface SessionOptions {
  secret: string;
  secureCookies: boolean;
  idleMs: number;
  directory: StaffDirectory;
  now?: () => number;
}

export function langOf(request: FastifyRequest, directory: StaffDirectory): Lang {
  const chosen = request.session?.get('lang');
  if (chosen) return chosen;
  const staffId = request.session?.get('staffId');
  return (staffId && directory.person(staffId)?.language) || 'da';
}

export const sessions = fp(async (app: FastifyInstance, options: SessionOptions) => {
  const now = options.now ?? Date.now;
  await app.register(secureSession, {
    cookieName: SESSION_COOKIE,
    secret: options.secret,
    salt: 'vugge-session-v1',
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies },
  });
  app.decorateRequest('actor', undefined);
  app.decorateRequest('lang', 'da');
  app.decorateRequest('t', undefined as unknown as Texts);
  app.addHook('onRequest', async (request) => {
    const session = request.session;
    const staffId = session.get('staffId');
    if (staffId) {
      const seen = session.get('seen') ?? 0;
      if (now() - seen > options.idleMs) {
        const lang = langOf(request, options.directory);
        for (const key of ['staffId', 'seen', 'lang', '_csrf'] as const) session.set(key, undefined);
        session.set('idled', true);
        session.set('lang', lang);
      } else {
        const person = options.directory.person(staffId);
        if (person) request.actor = { staffId, directory: options.directory, person };
        // Static files do not count as activity, pages and forms do.
        if (!request.url.startsWith('/static/')) session.set('seen', now());
      }
    }
    request.lang = langOf(request, options.directory);
    request.t = texts[request.lang];
  });
});
