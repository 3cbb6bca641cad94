/**
 * OpenID Connect sign-in with `openid-client`: the authorization code flow with PKCE, state and
 * nonce, against the configured issuer — or the embedded local provider, with the same code. The
 * issuer is discovered on first use (and again after a failure), so the web app can start before it.
 */
import * as oidc from 'openid-client';
import type { WebConfig } from './config.js';

/** What the session keeps between sending a person to the issuer and their coming back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** The local path the person asked for (a case link from an e-mail, say). */
  next: string;
}

export interface SignIn {
  begin(next: string): Promise<{ url: string; pending: PendingSignIn }>;
  /** The staff id from the configured claim of the verified ID token. */
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<string>;
}

/** Plain HTTP is accepted only for an issuer on this machine (the local provider, tests). */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** A path on this site only: a `next` value can never send a person elsewhere. */
export function localPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return '/';
  return next;
}

export function createSignIn(config: WebConfig['oidc'] & { issuer: string }): SignIn {
  let discovered: Promise<oidc.Configuration> | undefined;
  const server = new URL(config.issuer);
  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(server, config.clientId, undefined, oidc.ClientSecretPost(config.clientSecret), isLoopback(server) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        discovered = undefined;
        throw err;
      });
    return discovered;
  }
  return {
    async begin(next) {
      const c = await configuration();
      const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next: localPath(next) };
      const url = oidc.buildAuthorizationUrl(c, {
        redirect_uri: config.redirectUrl,
        scope: 'openid profile email',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },
    async finish(callbackUrl, pending) {
      const c = await configuration();
      const tokens = await oidc.authorizationCodeGrant(c, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const value = tokens.claims()?.[config.staffClaim];
      if (typeof value !== 'string' || !value) throw new Error(`the ID token has no '${config.staffClaim}' claim`);
      return value;
    },
  };
}
