/**
 * The two steps every mail goes through, whether first sent by the case workflow's activity or
 * sent again after an outage: who a request reaches, and one accepted send written to the sent-log.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { SentLog } from '../worker/storage/sent-log.js';
import type { MailTransport } from './mail/smtp.js';
import type { NotificationRequest } from './notification-types.js';
import type { StaffDirectory } from './staff/schema.js';
import { resolveRoles } from './staff/resolve.js';

/** The roles a request goes to (the case workflow names them from the rules) and the people holding them. */
export function recipientsOf(directory: StaffDirectory, req: NotificationRequest) {
  const toRoles = req.toRoles;
  return { toRoles, ...resolveRoles(directory, { toRoles, team: req.team, unit: req.unit }) };
}

/** What sending one mail needs: the SMTP transport and the sent-log, and two hooks. */
export interface DeliveryDeps {
  transport: MailTransport;
  sentLog: SentLog;
  /** Called after each mail the SMTP server accepted (the worker starts a resend pass from it). */
  onDelivered?: () => void;
  /** Test-only hook: runs after the SMTP server accepted a mail and before the sent-log write. */
  testOnlyAfterSmtpAccept?: (staffId: string) => void | Promise<void>;
}

/** Sends one mail; once the SMTP server accepted it, logs it as sent. Throws the SMTP error as it came. */
export function createDeliver(deps: DeliveryDeps, now: () => Date) {
  return async function deliver(key: string, staffId: string, message: Mail.Options): Promise<void> {
    const info = await deps.transport.sendMail(message);
    if (info.rejected.length) throw Object.assign(new Error(`recipient rejected`), { code: 'EENVELOPE', responseCode: 550 });
    await deps.testOnlyAfterSmtpAccept?.(staffId);
    await deps.sentLog.record(key, staffId, now());
    deps.onDelivered?.();
  };
}
