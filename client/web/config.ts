/**
 * The web app's settings, read once from the environment and validated in temporal.config.ts's
 * style: a bad value gives one sentence naming the variable and what it expects.
 *
 *   VUGGE_WEB_HOST            address the web app listens on                 (default 127.0.0.1)
 *   VUGGE_WEB_PORT            its port                                        (default 3000)
 *   VUGGE_WEB_URL             the address people use, e.g. https://vugge.kommune.dk (default
 *                             http://127.0.0.1:PORT); an https address makes the session cookie Secure
 *   VUGGE_OIDC_ISSUER         the OpenID Connect issuer (Entra ID, Keycloak, a broker); unset: the
 *                             embedded local provider on VUGGE_LOCAL_OIDC_PORT (for local use only)
 *   VUGGE_OIDC_CLIENT_ID      the web app's client id at the issuer         (local default vugge-web)
 *   VUGGE_OIDC_CLIENT_SECRET  its client secret (required with an issuer)
 *   VUGGE_OIDC_REDIRECT_URL   where the issuer sends people back            (default VUGGE_WEB_URL/login/callback)
 *   VUGGE_OIDC_STAFF_CLAIM    the ID token claim that holds the staff id     (default sub)
 *   VUGGE_SESSION_SECRET      at least 32 characters; encrypts the session cookie (required with an
 *                             issuer; locally a new one each start)
 *   VUGGE_SESSION_IDLE        idle time before a person must sign in again   (default '30 minutes')
 *   VUGGE_LOCAL_OIDC_PORT     port of the embedded local provider           (default 3001)
 *   VUGGE_STAFF_FILE          the staff directory                            (default config/staff.example.yaml)
 *   VUGGE_FEED_SECRET         at least 32 characters; switches on the personal calendar feeds at
 *                             /kalender/<token>.ics (client/service/calendar-feed.ts)
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseDurationMs } from '../../activities/mail/config.js';
import { ConfigError } from '../../temporal.config.js';

export interface WebConfig {
  host: string;
  port: number;
  publicUrl: string;
  /** Cookies are Secure when people reach the app over HTTPS (also behind a TLS-terminating proxy). */
  secureCookies: boolean;
  oidc: { issuer?: string; clientId: string; clientSecret: string; redirectUrl: string; staffClaim: string };
  /** True when no issuer is configured: `npm start` runs the local provider for the directory's people. */
  localProvider: { port: number } | undefined;
  sessionSecret: string;
  idleMs: number;
  staffFile: string;
}

const port = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });

const EnvSchema = z.object({
  VUGGE_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  VUGGE_WEB_PORT: port.default(3000),
  VUGGE_WEB_URL: url.optional(),
  VUGGE_OIDC_ISSUER: url.optional(),
  VUGGE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  VUGGE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VUGGE_OIDC_REDIRECT_URL: url.optional(),
  VUGGE_OIDC_STAFF_CLAIM: z.string().regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'skal være navnet på et claim, fx sub eller employee_id / must be a claim name, e.g. sub or employee_id').default('sub'),
  VUGGE_SESSION_SECRET: z.string().min(32, 'skal være mindst 32 tegn / must be at least 32 characters').optional(),
  VUGGE_SESSION_IDLE: z.string().refine((v) => (parseDurationMs(v) ?? 0) >= 60_000, 'skal være en varighed på mindst et minut, fx 30 minutes / must be a duration of at least a minute, e.g. 30 minutes').default('30 minutes'),
  VUGGE_LOCAL_OIDC_PORT: port.default(3001),
  VUGGE_STAFF_FILE: z.string().min(1).default('config/staff.example.yaml'),
});

const SECRETS = ['VUGGE_OIDC_CLIENT_SECRET', 'VUGGE_SESSION_SECRET'];

function fail(variable: string, given: string | undefined, message: string): never {
  throw new ConfigError(`${variable}${given !== undefined ? ` ('${given}')` : ''}: ${message}.`);
}

export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const set = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    // Secrets are named, never echoed.
    fail(variable, SECRETS.includes(variable) ? undefined : set[variable], issue.message);
  }
  const e = parsed.data;
  const publicUrl = (e.VUGGE_WEB_URL ?? `http://127.0.0.1:${e.VUGGE_WEB_PORT}`).replace(/\/+$/, '');
  const issuer = e.VUGGE_OIDC_ISSUER;
  if (issuer) {
    // Never echo a secret back: name the variable only.
    if (!e.VUGGE_OIDC_CLIENT_ID) fail('VUGGE_OIDC_CLIENT_ID', undefined, 'mangler; angiv webappens klient-id hos udstederen / missing: give the web app’s client id at the issuer');
    if (!e.VUGGE_OIDC_CLIENT_SECRET) fail('VUGGE_OIDC_CLIENT_SECRET', undefined, 'mangler; angiv klienthemmeligheden fra udstederen / missing: give the client secret from the issuer');
    if (!e.VUGGE_SESSION_SECRET) fail('VUGGE_SESSION_SECRET', undefined, 'mangler; angiv mindst 32 tilfældige tegn, ens på alle webservere / missing: give at least 32 random characters, the same on every web server');
  }
  return {
    host: e.VUGGE_WEB_HOST,
    port: e.VUGGE_WEB_PORT,
    publicUrl,
    secureCookies: publicUrl.startsWith('https:'),
    oidc: {
      issuer,
      clientId: e.VUGGE_OIDC_CLIENT_ID ?? 'vugge-web',
      clientSecret: e.VUGGE_OIDC_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
      redirectUrl: e.VUGGE_OIDC_REDIRECT_URL ?? `${publicUrl}/login/callback`,
      staffClaim: e.VUGGE_OIDC_STAFF_CLAIM,
    },
    localProvider: issuer ? undefined : { port: e.VUGGE_LOCAL_OIDC_PORT },
    sessionSecret: e.VUGGE_SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    idleMs: parseDurationMs(e.VUGGE_SESSION_IDLE)!,
    staffFile: e.VUGGE_STAFF_FILE,
  };
}
