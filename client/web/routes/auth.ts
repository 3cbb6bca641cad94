/**
 * Sign-in, the issuer's way back, sign-out and the language switch. `/login` remembers where the
 * person was going (a case link from an e-mail) and sends them there after signing in.
 */
import type { FastifyInstance } from 'fastify';
import type { StaffDirectory } from '../../../activities/staff/schema.js';
import { localPath, type SignIn } from '../sign-in.js';
import { LANGS, texts, type Lang } from '../texts.js';
import { sendMessage } from '../view.js';

/** Sign-in attempts per client address per minute. */
export const SIGN_IN_RATE = { max: 20, timeWindow: '1 minute' };

export async function authRoutes(app: FastifyInstance, options: { signIn: SignIn; directory: StaffDirectory; publicUrl: string }): Promise<void> {
  const { signIn, directory } = options;
  const limited = { config: { who: 'anyone' as const, rateLimit: SIGN_IN_RATE } };

  app.get<{ Querystring: { next?: string } }>('/login', limited, async (request, reply) => {
    const { url, pending } = await signIn.begin(localPath(request.query.next));
    request.session.set('pending', pending);
    return reply.redirect(url, 303);
  });

  app.get('/login/callback', limited, async (request, reply) => {
    const pending = request.session.get('pending');
    const t = request.t;
    if (!pending) return sendMessage(request, reply, 400, t.errors.signInFailedTitle, t.errors.signInFailed, { href: '/login', label: t.signedOut.again });
    let staffId: string;
    try {
      staffId = await signIn.finish(new URL(request.url, options.publicUrl), pending);
    } catch (err) {
      request.log.warn({ err }, 'sign-in failed');
      request.session.set('pending', undefined);
      return sendMessage(request, reply, 400, t.errors.signInFailedTitle, t.errors.signInFailed, { href: '/login', label: t.signedOut.again });
    }
    const person = directory.person(staffId);
    // A fresh session: nothing from before sign-in (CSRF secret, idle flag) carries over.
    for (const key of ['pending', 'idled', '_csrf', 'lang'] as const) request.session.set(key, undefined);
    if (!person) {
      await app.audit.note({ actor: 'system', action: 'auth.sign_in_refused', details: { reason: 'unknown_person' } });
      return sendMessage(request, reply, 403, t.errors.unknownPersonTitle, t.errors.unknownPerson, { href: '/login', label: t.signedOut.again });
    }
    await app.audit.record({ actor: person.id, action: 'auth.sign_in' });
    request.session.set('staffId', person.id);
    request.session.set('seen', Date.now());
    return reply.redirect(pending.next, 303);
  });

  app.post('/logout', { config: { who: 'staff' } }, async (request, reply) => {
    const lang = request.lang;
    await app.audit.note({ actor: request.actor!.staffId, action: 'auth.sign_out' });
    request.session.delete();
    return reply.redirect(`/logget-ud?lang=${lang}`, 303);
  });

  app.get<{ Querystring: { lang?: string } }>('/logget-ud', { config: { who: 'anyone' } }, async (request, reply) => {
    const lang = LANGS.includes(request.query.lang as Lang) ? (request.query.lang as Lang) : request.lang;
    request.lang = lang;
    request.t = texts[lang];
    const t = request.t;
    if (request.actor) return reply.redirect('/', 303);
    return sendMessage(request, reply, 200, t.signedOut.title, t.signedOut.body, { href: '/login', label: t.signedOut.again });
  });

  app.post<{ Body: { lang?: string; back?: string } }>('/sprog', { config: { who: 'staff' } }, async (request, reply) => {
    const lang = request.body?.lang;
    if (LANGS.includes(lang as Lang)) request.session.set('lang', lang as Lang);
    return reply.redirect(localPath(request.body?.back), 303);
  });
}
