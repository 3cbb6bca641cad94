/**
 * The SMTP side: a nodemailer transport from config, and the translation of SMTP failures into
 * Temporal's terms. A rejected recipient (5xx on RCPT) or a rejected message (5xx on DATA) cannot
 * be fixed by retrying; everything else — refused connections, timeouts, 4xx "try later", a login
 * problem an operator can fix — is retried by the activity's retry policy.
 *
 * Retry policy for the worker's proxyActivities (outages of hours must be ridden out):
 *   { initialInterval: '30s', backoffCoefficient: 2, maximumInterval: '30m', maximumAttempts: 0 }
 * with startToCloseTimeout ≈ 2 min. Past VUGGE_UNDELIVERABLE_AFTER the activity gives up itself.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { MailConfig } from './config.js';

/** What the activities need of a transport; a nodemailer Transporter fits, and so does a test fake. */
export interface MailTransport {
  sendMail(message: Mail.Options): Promise<{ accepted: (string | Mail.Address)[]; rejected: (string | Mail.Address)[] }>;
  close?(): void;
}

export function createSmtpTransport(smtp: MailConfig['smtp']): MailTransport {
  // loadMailConfig refuses this already; a transport built some other way must not either.
  if (smtp.auth && smtp.secure === 'none') throw new Error('Et SMTP-login sendes aldrig uden TLS. / An SMTP login is never sent without TLS.');
  const common = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    auth: smtp.auth,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  };
  return smtp.pool
    ? nodemailer.createTransport({ ...common, pool: true, maxConnections: smtp.maxConnections } as SMTPPool.Options)
    : nodemailer.createTransport(common as SMTPTransport.Options);
}

export type SmtpFailure = { permanent: true; stage: 'recipient' | 'message'; detail: string } | { permanent: false; detail: string };

export function classifySmtpError(err: unknown): SmtpFailure {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = e.response ?? e.message ?? String(err);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600) {
    if (e.code === 'EENVELOPE') return { permanent: true, stage: 'recipient', detail };
    if (e.code === 'EMESSAGE') return { permanent: true, stage: 'message', detail };
  }
  return { permanent: false, detail };
}
