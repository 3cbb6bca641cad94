/**
 * Mail and notification settings, read once from the environment and validated.
 * A bad value gives one sentence naming the variable and what it expects. Defaults point at the
 * local development inbox (scripts/local-mail.mjs): SMTP on 127.0.0.1:1025.
 *
 * TLS: SMTP uses STARTTLS and refuses to go on without it, unless VUGGE_SMTP_SECURE says otherwise
 * — with one exception: a server on this machine (localhost, 127.0.0.1, ::1) without a login, which
 * is the local inbox, speaks plain SMTP by default. A login is never sent without TLS: a user name
 * with VUGGE_SMTP_SECURE=none is refused.
 */
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** '4 hours', '30 minutes', '2 days', '90 s' → milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?|m|min|minutes?|h|hours?|d|days?)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = m[2]!.toLowerCase();
  const factor = unit === 'ms' ? 1 : unit.startsWith('s') ? 1e3 : unit.startsWith('m') ? 60e3 : unit.startsWith('h') ? 3600e3 : 86400e3;
  return Number(m[1]) * factor;
}

const duration = z.string().transform((v, ctx) => {
  const ms = parseDurationMs(v);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: "expected a duration such as '4 hours', '30 minutes' or '2 days'" });
    return z.NEVER;
  }
  return ms;
});

/** Variable name → schema and the sentence shown when its value is wrong. */
const variables = {
  VUGGE_SMTP_HOST: [z.string().min(1).default('127.0.0.1'), 'a host name or IP address of the SMTP server'],
  VUGGE_SMTP_PORT: [z.coerce.number().int().min(1).max(65535).default(1025), 'a port number from 1 to 65535'],
  VUGGE_SMTP_SECURE: [z.enum(['none', 'starttls', 'tls']).optional(), "'starttls' (the default: upgrade after connecting, usually port 587), 'tls' (TLS from the start, usually port 465) or 'none' (no TLS, never with a login)"],
  VUGGE_SMTP_USER: [z.string().min(1).optional(), 'a user name for SMTP authentication'],
  VUGGE_SMTP_PASS: [z.string().min(1).optional(), 'the password for VUGGE_SMTP_USER'],
  VUGGE_SMTP_POOL: [bool.default(true), "'true' or 'false' (reuse SMTP connections)"],
  VUGGE_SMTP_MAX_CONNECTIONS: [z.coerce.number().int().min(1).max(100).default(5), 'a number of parallel SMTP connections from 1 to 100'],
  VUGGE_MAIL_FROM: [z.string().regex(/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/).default('Vugge <vugge@example.org>'), "an address such as 'Vugge <vugge@kommune.dk>'"],
  VUGGE_CASE_URL: [z.url().default('http://127.0.0.1:3000/sager/'), "the base URL of a case page, such as 'https://vugge.kommune.dk/sager/' (the case id is appended)"],
  VUGGE_UNDELIVERABLE_AFTER: [duration.default(4 * 3600e3), "a duration such as '4 hours'"],
  VUGGE_RESEND_EVERY: [duration.default(5 * 60e3), "a duration such as '5 minutes' (how often the worker tries undelivered mails again)"],
  VUGGE_DATA_DIR: [z.string().min(1).default('.data'), 'a directory where Vugge keeps its logs'],
  VUGGE_STAFF_FILE: [z.string().min(1).default('config/staff.example.yaml'), 'the path of the staff directory file'],
} as const;

type Vars = typeof variables;
export type MailEnv = { [K in keyof Vars]: z.output<Vars[K][0]> };

export interface MailConfig {
  smtp: { host: string; port: number; secure: 'none' | 'starttls' | 'tls'; auth?: { user: string; pass: string }; pool: boolean; maxConnections: number };
  from: string;
  caseUrl: string;
  undeliverableAfterMs: number;
  resendEveryMs: number;
  dataDir: string;
  staffFile: string;
}

export class MailConfigError extends Error {
  override name = 'MailConfigError';
}

/** This machine: the only place SMTP without TLS is the default (the local inbox, no login). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Reads the variables above from `env`; throws a MailConfigError with one sentence per bad variable. */
export function loadMailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, [schema, expected]] of Object.entries(variables)) {
    const raw = env[name] === '' ? undefined : env[name];
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected ${expected}.`);
  }
  const v = values as MailEnv;
  if (!problems.length && Boolean(v.VUGGE_SMTP_USER) !== Boolean(v.VUGGE_SMTP_PASS)) {
    problems.push('VUGGE_SMTP_USER and VUGGE_SMTP_PASS must be set together: set both, or neither for a server without login.');
  }
  if (!problems.length && v.VUGGE_SMTP_SECURE === 'none' && v.VUGGE_SMTP_USER) {
    problems.push(
      'VUGGE_SMTP_SECURE=none sammen med VUGGE_SMTP_USER ville sende adgangskoden ukrypteret; brug starttls eller tls, eller fjern login. / ' +
        'VUGGE_SMTP_SECURE=none together with VUGGE_SMTP_USER would send the password unencrypted; use starttls or tls, or remove the login.',
    );
  }
  if (problems.length) throw new MailConfigError(problems.join('\n'));
  return {
    smtp: {
      host: v.VUGGE_SMTP_HOST,
      port: v.VUGGE_SMTP_PORT,
      secure: v.VUGGE_SMTP_SECURE ?? (isLoopback(v.VUGGE_SMTP_HOST) && !v.VUGGE_SMTP_USER ? 'none' : 'starttls'),
      auth: v.VUGGE_SMTP_USER && v.VUGGE_SMTP_PASS ? { user: v.VUGGE_SMTP_USER, pass: v.VUGGE_SMTP_PASS } : undefined,
      pool: v.VUGGE_SMTP_POOL,
      maxConnections: v.VUGGE_SMTP_MAX_CONNECTIONS,
    },
    from: v.VUGGE_MAIL_FROM,
    caseUrl: v.VUGGE_CASE_URL,
    undeliverableAfterMs: v.VUGGE_UNDELIVERABLE_AFTER,
    resendEveryMs: v.VUGGE_RESEND_EVERY,
    dataDir: v.VUGGE_DATA_DIR,
    staffFile: v.VUGGE_STAFF_FILE,
  };
}
