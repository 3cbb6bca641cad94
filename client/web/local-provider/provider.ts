/**
 * The embedded local OpenID provider (`oidc-provider`) for development and tests: its accounts are
 * the staff directory's people, and its sign-in page lets you pick one — no passwords, clearly marked
 * for local use only. The web app signs in against it with exactly the code it uses against a real
 * issuer (Entra ID, Keycloak, a municipality's broker).
 */
import { randomBytes } from 'node:crypto';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { StaffDirectory } from '../../../activities/staff/schema.js';
import { html, toDocument } from '../html.js';
import { serveDesignSystem } from '../static.js';
import { texts } from '../texts.js';

export interface LocalProviderOptions {
  /** The issuer's own address, e.g. http://127.0.0.1:3001. */
  issuer: string;
  directory: StaffDirectory;
  client: { clientId: string; clientSecret: string; redirectUrl: string; postLogoutUrl: string };
}

export interface LocalProvider {
  app: FastifyInstance;
  provider: Provider;
}

/** Every authorization asks whom to sign in as: the local provider keeps no one signed in between sign-ins. */
function pickEveryTime(): ReturnType<typeof interactionPolicy.base> {
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(
    new interactionPolicy.Check('local_pick', 'the local provider asks whom to sign in as every time', (ctx: KoaContextWithOIDC) =>
      ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
    ),
    0,
  );
  return policy;
}

export async function createLocalProvider(options: LocalProviderOptions): Promise<LocalProvider> {
  const { directory } = options;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'local-1', alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: [options.client.redirectUrl],
        post_logout_redirect_uris: [options.client.postLogoutUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    pkce: { required: () => true },
    // Seconds: a sign-in must finish within 10 minutes; the web app keeps its own session after that.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false } },
    interactions: { policy: pickEveryTime(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The web app is Vugge's own client: signing in needs no separate consent.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    findAccount: (_ctx, id) => {
      const person = directory.person(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, name: person.name, email: person.email }) };
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const app = Fastify({ logger: false });
  await serveDesignSystem(app);

  // The sign-in page: pick a person from the directory.
  await app.register(async (pages) => {
    await pages.register(formbody);
    pages.get<{ Params: { uid: string } }>('/interaction/:uid', async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(toDocument(pickPage(directory, details.uid, hint)));
    });
    pages.post<{ Params: { uid: string }; Body: { staffId?: string } }>('/interaction/:uid/login', async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      const staffId = request.body?.staffId;
      if (!staffId || !directory.person(staffId)) {
        return reply.code(400).type('text/html; charset=utf-8').send(toDocument(pickPage(directory, details.uid, undefined, true)));
      }
      reply.hijack();
      await provider.interactionFinished(request.raw, reply.raw, { login: { accountId: staffId } }, { mergeWithLastSubmission: false });
    });
  });

  // Everything else is the provider's own protocol endpoints; it reads request bodies itself.
  await app.register(async (protocol) => {
    protocol.removeAllContentTypeParsers();
    protocol.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const callback = provider.callback();
    protocol.all('/*', (request, reply) => {
      reply.hijack();
      void callback(request.raw, reply.raw);
    });
  });
  return { app, provider };
}

function pickPage(directory: StaffDirectory, uid: string, hint: string | undefined, missing = false) {
  const t = texts.da.local;
  const en = texts.en.local;
  const units = new Map(directory.units.map((u) => [u.id, u.name]));
  return html`<html lang="da">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${t.title}</title>
    <link rel="stylesheet" href="/static/dkfds/css/dkfds.min.css">
    <link rel="stylesheet" href="/static/vugge.css">
  </head>
  <body>
    <div class="container page-container">
      <main id="main-content" class="vugge-main">
        <h1>${t.title}</h1>
        <div class="alert alert-warning local-only" role="note">
          <div class="alert-body">
            <p class="alert-text"><strong>${t.banner}</strong></p>
            <p class="alert-text" lang="en">${en.banner}</p>
          </div>
        </div>
        <form method="post" action="/interaction/${uid}/login">
          <fieldset class="form-group${missing ? ' form-error' : ''}">
            <legend class="h3">${t.choose}</legend>
            ${missing ? html`<span class="form-error-message" id="staff-error">${t.choose}.</span>` : ''}
            <ul class="nobullet-list">
              ${directory.staff.map(
                (p) => html`<li>
                <input id="staff-${p.id}" type="radio" name="staffId" value="${p.id}" class="form-radio"${p.id === hint ? html` checked` : ''}>
                <label for="staff-${p.id}">${p.name} (${p.id}, ${units.get(p.unit) ?? p.unit})</label>
              </li>`,
              )}
            </ul>
          </fieldset>
          <button type="submit" class="button button-primary">${t.submit}</button>
        </form>
      </main>
    </div>
  </body>
</html>`;
}
