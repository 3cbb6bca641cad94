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
  /** Test-only hook: runs while the SMTP server holds the whole message, before the mail is recorded sent and its final dot goes out. */
  testOnlyBeforeRecord?: (staffId: string) => void | Promise<void>;
  /** Test-only hook: runs once the final dot is written, before the record's COMMIT. */
  testOnlyBetweenDotAndCommit?: (staffId: string) => void | Promise<void>;
  /** Test-only hook: runs after the SMTP server accepted the mail, before its acceptance is recorded. */
  testOnlyAfterSmtpAccept?: (staffId: string) => void | Promise<void>;
}

/** A failure after the final dot that is the server's answer (an error code): the server refused the mail, so nothing was delivered. */
export function refusedByServer(err: unknown): boolean {
  return typeof (err as { responseCode?: unknown }).responseCode === 'number';
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Sends one mail unless it was sent (or is being sent by another worker) already: claims it, hands
 * it to the SMTP server, records it sent as its final dot goes out. Resolves with the claim's outcome — 'claimed' when this call
 * sent it, 'sent' or 'busy' when it did not send. The time marked sent is `now()`, the sender's
 * clock, as the sent-log had it. Throws the SMTP error as it came.
 */
export function createDeliver(deps: DeliveryDeps, now: () => Date) {
  const worker = deps.workerId ?? defaultWorkerId();
  return async function deliver(key: string, staffId: string, message: Mail.Options): Promise<Claim> {
    const claim = await sendOnce(
      deps.db,
      { key, staffId, worker, leaseMs: deps.sendLeaseMs },
      async (_attempt, record) => {
        await deps.transport.send(message, async (letDotGo) => {
          await deps.testOnlyBeforeRecord?.(staffId);
          await record(async () => {
            const written = await letDotGo();
            await deps.testOnlyBetweenDotAndCommit?.(staffId);
            return written;
          });
        });
        await deps.testOnlyAfterSmtpAccept?.(staffId);
      },
      { refused: refusedByServer, sentAt: now },
    );
    if (claim.outcome === 'claimed') deps.onDelivered?.();
    return claim;
  };
}
