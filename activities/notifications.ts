/**
 * The notification activities the case workflow calls through proxyActivities. Exactly once per
 * recipient: the sent-log is checked before each send and written right after the SMTP server
 * accepts; every mail carries a Message-ID derived from (idempotency key, staff id), so even a
 * crash between acceptance and the log write yields a duplicate a mail system can recognise.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { NotificationRequest, NotificationResult } from './notification-types.js';
import { caseLinker, composeNotification } from './mail/compose.js';
import type { DigestQueue } from './mail/digest-queue.js';
import { renderDigest } from './mail/digest-text.js';
import type { SentLog } from './mail/sent-log.js';
import { messageIdFor } from './mail/sent-log.js';
import { classifySmtpError, type MailTransport } from './mail/smtp.js';
import type { UndeliverableLog, UndeliverableRecord } from './mail/undeliverable.js';
import { parseNotificationRequest } from './mail/request-schema.js';
import type { StaffDirectory } from './staff/schema.js';
import { escalationRoles, resolveRoleIds, resolveRoles, type Recipient, type ResolveRolesInput } from './staff/resolve.js';
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface NotificationDeps {
  config: { from: string; caseUrl: string; undeliverableAfterMs: number };
  directory: StaffDirectory;
  transport: MailTransport;
  sentLog: SentLog;
  undeliverable: UndeliverableLog;
  digestQueue: DigestQueue;
  /** Defaults to the system clock. */
  clock?: () => Date;
  /** Test-only hook: runs after the SMTP server accepted a mail and before the sent-log write. */
  testOnlyAfterSmtpAccept?: (staffId: string) => void | Promise<void>;
}

/**
 * Kinds a person with reminder preference 'digest' gets in the morning digest instead — leaders as
 * well as caseworkers. An escalation's first notice (level 1) and a calendar invitation go at once.
 */
const digestable = new Set<string>(['reminder', 'due_today', 'overdue', 'plan_short', 'catch_up', 'escalation']);

export function createNotificationActivities(deps: NotificationDeps) {
  const now = deps.clock ?? (() => new Date());
  const caseLink = caseLinker(deps.config.caseUrl);

  /** Sends one accepted mail and logs it; throws the SMTP error as it came. */
  async function deliver(key: string, staffId: string, message: Mail.Options): Promise<void> {
    const info = await deps.transport.sendMail(message);
    if (info.rejected.length) throw Object.assign(new Error(`recipient rejected`), { code: 'EENVELOPE', responseCode: 550 });
    await deps.testOnlyAfterSmtpAccept?.(staffId);
    await deps.sentLog.record(key, staffId, now());
  }

  async function sendNotification(input: NotificationRequest): Promise<NotificationResult> {
    const parsed = parseNotificationRequest(input);
    if (!parsed.ok) throw ApplicationFailure.nonRetryable(`Ugyldig besked til e-mailaktiviteten: ${parsed.problem}.`, 'InvalidNotificationRequest');
    const req = parsed.request;
    if (req.kind === 'digest') throw ApplicationFailure.nonRetryable('Et dagligt overblik sendes med sendDigest(staffId, date), ikke med sendNotification.', 'InvalidNotificationRequest');
    const toRoles = req.toRoles.length || req.kind !== 'escalation' ? req.toRoles : escalationRoles(req.escalationLevel ?? 1);
    const { recipients, missing } = resolveRoles(deps.directory, { toRoles, team: req.team, unit: req.unit });
    const missingRoles = missing.map((m) => m.role);
    if (!recipients.length) {
      throw ApplicationFailure.nonRetryable(
        `Ingen modtager for sag ${req.caseId}: rollerne ${toRoles.join(', ') || '(ingen)'} er ikke besat i sagens team eller i enhed '${req.unit}'; ret teamet eller medarbejderkartoteket.`,
        'NoRecipients',
      );
    }

    const sentTo: string[] = [];
    const queuedForDigest: string[] = [];
    const rejected: { staffId: string; detail: string }[] = [];
    let newWork = false;
    for (const r of recipients) {
      const staffId = r.person.id;
      if (deps.sentLog.has(req.idempotencyKey, staffId)) {
        sentTo.push(staffId);
        continue;
      }
      if (deps.digestQueue.has(req.idempotencyKey, staffId)) {
        queuedForDigest.push(staffId);
        continue;
      }
      newWork = true;
      if (wantsDigest(r, req)) {
        await deps.digestQueue.add({ key: req.idempotencyKey, staffId, kind: req.kind, caseId: req.caseId, programmeId: req.programmeId, stepId: req.stepId, stepTitle: req.stepTitle, date: req.date, time: req.time, latest: req.latest, items: req.items, queuedAt: now().toISOString() });
        queuedForDigest.push(staffId);
        continue;
      }
      try {
        await deliver(req.idempotencyKey, staffId, composeNotification(req, r, recipients, { from: deps.config.from, caseLink }));
        sentTo.push(staffId);
      } catch (err) {
        const failure = classifySmtpError(err);
        if (failure.permanent) {
          await recordFor(req, staffId, 'recipient_rejected', failure.detail);
          rejected.push({ staffId, detail: failure.detail });
          continue;
        }
        await giveUpIfTooLate(req, recipients.slice(recipients.indexOf(r)), failure.detail);
        throw ApplicationFailure.retryable(`Mailserveren kan ikke nås lige nu (${failure.detail}); der prøves igen.`, 'SmtpUnavailable');
      }
    }
    if (rejected.length) {
      const who = rejected.map((x) => `'${x.staffId}'`).join(', ');
      throw ApplicationFailure.nonRetryable(
        `Mailserveren afviste adressen for ${who} (${rejected[0]!.detail}); ret e-mailadressen i medarbejderkartoteket. Teamlederen kan se det i listen over ikke-leverede beskeder.`,
        'RecipientRejected',
        { rejected: rejected.map((x) => x.staffId), sentTo },
      );
    }
    return { sentTo, alreadySent: !newWork, queuedForDigest: queuedForDigest.length ? queuedForDigest : undefined, missingRoles: missingRoles.length ? missingRoles : undefined };
  }

  function wantsDigest(r: Recipient, req: NotificationRequest): boolean {
    if (req.kind === 'escalation' && (req.escalationLevel ?? 1) <= 1) return false;
    return r.person.reminders === 'digest' && digestable.has(req.kind);
  }

  async function recordFor(req: NotificationRequest, staffId: string, reason: UndeliverableRecord['reason'], detail: string): Promise<void> {
    await deps.undeliverable.record({
      key: req.idempotencyKey,
      kind: req.kind,
      caseId: req.caseId,
      stepId: req.stepId,
      unit: req.unit,
      staffId,
      reportTo: deps.directory.unit(req.unit)?.teamLeader,
      reason,
      detail,
      dueAt: req.dueAt,
      at: now().toISOString(),
    });
  }

  /** Past VUGGE_UNDELIVERABLE_AFTER the reminder is stale: record it for the team leader and stop. */
  async function giveUpIfTooLate(req: NotificationRequest, unsent: Recipient[], detail: string): Promise<void> {
    const late = now().getTime() - Date.parse(req.dueAt);
    if (late <= deps.config.undeliverableAfterMs) return;
    for (const r of unsent) await recordFor(req, r.person.id, 'smtp_unavailable', detail);
    throw ApplicationFailure.nonRetryable(
      `Beskeden for sag ${req.caseId} kunne ikke leveres i ${Math.round(late / 60000)} minutter (${detail}); den er registreret som ikke-leveret og vises for teamlederen.`,
      'Undeliverable',
    );
  }

  /** The morning digest for one person: every held-back reminder, exactly once per staff id + date. */
  async function sendDigest(staffId: string, date: string): Promise<NotificationResult & { items: number }> {
    const person = deps.directory.person(staffId);
    if (!person) throw ApplicationFailure.nonRetryable(`Medarbejder-id '${staffId}' findes ikke i kartoteket; kontrollér id'et.`, 'UnknownStaff');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw ApplicationFailure.nonRetryable(`Datoen '${date}' skal skrives som ÅÅÅÅ-MM-DD.`, 'InvalidDate');
    const items = deps.digestQueue.itemsFor(staffId, date);
    const key = `digest:${staffId}:${date}`;
    if (deps.sentLog.has(key, staffId)) {
      await deps.digestQueue.markSent(staffId, date);
      return { sentTo: [staffId], alreadySent: true, items: items.length };
    }
    if (!items.length) return { sentTo: [], alreadySent: false, items: 0 };
    const { subject, text } = renderDigest(items, date, person.language, caseLink);
    try {
      await deliver(key, staffId, { from: deps.config.from, to: person.email, subject, text, messageId: messageIdFor(key, staffId), headers: { 'Auto-Submitted': 'auto-generated' } });
    } catch (err) {
      const failure = classifySmtpError(err);
      if (failure.permanent) throw ApplicationFailure.nonRetryable(`Mailserveren afviste adressen for '${staffId}' (${failure.detail}); ret e-mailadressen i medarbejderkartoteket.`, 'RecipientRejected');
      throw ApplicationFailure.retryable(`Mailserveren kan ikke nås lige nu (${failure.detail}); der prøves igen.`, 'SmtpUnavailable');
    }
    await deps.digestQueue.markSent(staffId, date);
    return { sentTo: [staffId], alreadySent: false, items: items.length };
  }

  return {
    sendNotification,
    sendDigest,
    /** Roles → staff ids and roles only (no e-mail addresses or names travel into workflow history). */
    async resolveRoles(input: ResolveRolesInput) {
      return resolveRoleIds(deps.directory, input);
    },
    /** Staff ids whose reminders go into a morning digest (the worker schedules `sendDigest` for each). */
    async digestRecipients(): Promise<string[]> {
      return deps.directory.staff.filter((p) => p.reminders === 'digest').map((p) => p.id);
    },
    async recordUndeliverable(record: UndeliverableRecord): Promise<void> {
      await deps.undeliverable.record(record);
    },
    async listUndeliverable(filter: { unit?: string; reportTo?: string } = {}): Promise<UndeliverableRecord[]> {
      return deps.undeliverable.list(filter);
    },
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
