/**
 * The two steps every mail goes through, whether first sent by the case workflow's activity or
 * sent again after an outage: who a request reaches, and one send claimed and marked in the
 * database's `sent_mail` (activities/db/mail-store.ts), so that any number of workers on any
 * number of machines send it once.
 */
import { hostname } from 'node:os';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Database } from './db/driver.js';
import { sendOnce, type Claim } from './db/mail-store.js';
import type { MailTransport } from './mail/smtp.js';
import type { NotificationRequest } from './notification-types.js';
import type { StaffDirectory } from './staff/schema.js';
import { resolveRoles } from './staff/resolve.js';

/** The roles a request goes to (the case workflow names them from the rules) and the people holding them. */
export function recipientsOf(directory: StaffDirectory, req: NotificationRequest) {
  const toRoles = req.toRoles;
  return { toRoles, ...resolveRoles(directory, { toRoles, team: req.team, unit: req.unit }) };
}

/** What sending one mail needs: the SMTP transport and Vugge's database, and two hooks. */
export interface DeliveryDeps {
  transport: MailTransport;
  /** Vugge's database (activities/db): the claims of `sent_mail` and the digest queue, shared by every worker. */
  db: Database;
  /** Who claims a mail: default `host:pid`. */
  workerId?: string;
  /** How long a claim holds before another worker may take it over; default 2 minutes, the activities' start-to-close timeout. */
  sendLeaseMs?: number;
  /** Called after each mail the SMTP server accepted (the worker starts a resend pass from it). */
  onDelivered?: () => void;
  /** Test-only hook: runs after the SMTP server accepted a mail and before it is marked sent. */
  testOnlyAfterSmtpAccept?: (staffId: string) => void | Promise<void>;
}

/** SMTP stages before the message itself: a failure there sent nothing. */
const BEFORE_MESSAGE = /^(CONN|API|EHLO|HELO|LHLO|STARTTLS|AUTH\b|MAIL FROM|RCPT TO)/;

/**
 * Whether a failed send certainly delivered nothing: the server answered with a refusal, the
 * connection was never made, or it broke before the message was handed over. Only then is the claim
 * given back at once; otherwise (a connection lost while the message was on its way) it runs out.
 */
export function nothingSent(err: unknown): boolean {
  const e = err as { responseCode?: unknown; syscall?: string; code?: string; command?: string };
  if (typeof e.responseCode === 'number') return true;
  if (e.syscall === 'connect' || e.code === 'EDNS') return true;
  return e.command !== undefined && e.command !== 'CONN' && BEFORE_MESSAGE.test(e.command);
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Sends one mail unless it was sent (or is being sent by another worker) already: claims it, hands
 * it to the SMTP server, marks it sent. Resolves with the claim's outcome — 'claimed' when this call
 * sent it, 'sent' or 'busy' when it did not send. The time marked sent is `now()`, the sender's
 * clock, as the sent-log had it. Throws the SMTP error as it came.
 */
export function createDeliver(deps: DeliveryDeps, now: () => Date) {
  const worker = deps.workerId ?? defaultWorkerId();
  /** Mails this process handed to the server but could not mark sent yet: a retry here marks, not sends. */
  const unmarked = new Set<string>();
  return async function deliver(key: string, staffId: string, message: Mail.Options): Promise<Claim> {
    const claim = await sendOnce(
      deps.db,
      { key, staffId, worker, leaseMs: deps.sendLeaseMs },
      async () => {
        const info = await deps.transport.sendMail(message);
        if (info.rejected.length) throw Object.assign(new Error(`recipient rejected`), { code: 'EENVELOPE', responseCode: 550 });
        await deps.testOnlyAfterSmtpAccept?.(staffId);
      },
      { notSent: nothingSent, sentAt: now, unmarked },
    );
    if (claim.outcome === 'claimed') deps.onDelivered?.();
    return claim;
  };
}
