/**
 * The notification activities the case workflow calls through proxyActivities. Exactly once per
 * recipient, across any number of workers: each mail is claimed in the database's `sent_mail`
 * before it is handed to the SMTP server, and recorded sent in a transaction while the server waits
 * for its final dot, committed the moment the dot is written (activities/db/mail-store.ts,
 * activities/mail/smtp.ts).
 * Every mail carries a Message-ID derived from (idempotency key, staff id).
 */
import { Context } from '@temporalio/activity';
import type { NotificationRequest, NotificationResult } from './notification-types.js';
import { caseLinker, composeNotification } from './mail/compose.js';
import { renderDigest } from './mail/digest-text.js';
import { messageIdFor } from './mail/message-id.js';
import { classifySmtpError } from './mail/smtp.js';
import type { UndeliverableLog, UndeliverableRecord } from '../worker/storage/undeliverable.js';
import { createDeliver, recipientsOf, type DeliveryDeps } from './notification-delivery.js';
import { parseNotificationRequest } from './mail/request-schema.js';
import { failures } from './failures.js';
import { addDigestItem, ClaimLostError, RecordFailedError, digestItemsFor, hasDigestItem, isSent, markDigestSent, type Claim } from './db/mail-store.js';
import type { StaffDirectory } from './staff/schema.js';
import { resolveRoleIds, type Recipient, type ResolveRolesInput } from './staff/resolve.js';

export interface NotificationDeps extends DeliveryDeps {
  config: { from: string; caseUrl: string; undeliverableAfterMs: number; dataDir: string };
  directory: StaffDirectory;
  undeliverable: UndeliverableLog;
  /** Defaults to the system clock. */
  clock?: () => Date;
}

/**
 * Kinds a person with reminder preference 'digest' gets in the morning digest instead — leaders as
 * well as caseworkers. An escalation's first notice (level 1) and a calendar invitation go at once.
 */
const digestable = new Set<string>(['reminder', 'due_today', 'overdue', 'plan_short', 'catch_up', 'escalation']);

export function createNotificationActivities(deps: NotificationDeps) {
  const now = deps.clock ?? (() => new Date());
  const caseLink = caseLinker(deps.config.caseUrl);
  /** When this process first tried each notification that has not gone out yet. */
  const firstTried = new Map<string, number>();

  const deliver = createDeliver(deps, now);

  /**
   * The first attempt to send `key`, on this process's clock: the earlier of this process's own
   * first try and the activity's first scheduling (which survives a worker restart; Temporal's
   * schedule times are compared with each other only, so the two clocks never mix).
   */
  function firstAttemptMs(key: string): number {
    const nowMs = now().getTime();
    let sinceScheduled = 0;
    try {
      const info = Context.current().info;
      sinceScheduled = Math.max(0, info.currentAttemptScheduledTimestampMs - info.scheduledTimestampMs);
    } catch {
      // called outside an activity (tests, the resend command): this process's own record only
    }
    const first = Math.min(firstTried.get(key) ?? nowMs, nowMs - sinceScheduled);
    firstTried.set(key, first);
    return first;
  }

  async function sendNotification(input: NotificationRequest): Promise<NotificationResult> {
    const parsed = parseNotificationRequest(input);
    if (!parsed.ok) throw failures.invalidRequest(parsed.problem);
    const req = parsed.request;
    if (req.kind === 'digest') throw failures.digestNotHere();
    const { toRoles, recipients, missing } = recipientsOf(deps.directory, req);
    const missingRoles = missing.map((m) => m.role);
    if (!recipients.length) {
      throw failures.noRecipients(req.caseId, toRoles, req.unit);
    }

    const sentTo: string[] = [];
    const queuedForDigest: string[] = [];
    const rejected: { staffId: string; detail: string }[] = [];
    let newWork = false;
    for (const r of recipients) {
      const staffId = r.person.id;
      if (await isSent(deps.db, req.idempotencyKey, staffId)) {
        sentTo.push(staffId);
        continue;
      }
      if (await hasDigestItem(deps.db, req.idempotencyKey, staffId)) {
        queuedForDigest.push(staffId);
        continue;
      }
      newWork = true;
      if (wantsDigest(r, req)) {
        await addDigestItem(deps.db, { key: req.idempotencyKey, staffId, kind: req.kind, caseId: req.caseId, programmeId: req.programmeId, stepId: req.stepId, stepTitle: req.stepTitle, stepTitleEn: req.stepTitleEn, earliest: req.earliest, target: req.target, time: req.time, latest: req.latest, plannedUntil: req.plannedUntil, requiredUntil: req.requiredUntil, items: req.items, queuedAt: now().toISOString() });
        queuedForDigest.push(staffId);
        continue;
      }
      let claim: Claim;
      try {
        claim = await deliver(req.idempotencyKey, staffId, composeNotification(req, r, recipients, { from: deps.config.from, caseLink }));
        if (recipients.indexOf(r) === recipients.length - 1) firstTried.delete(req.idempotencyKey);
      } catch (err) {
        // Another worker took the claim over while this one sent: it sends the mail; this one delivered nothing.
        if (err instanceof ClaimLostError) throw failures.sendingElsewhere(req.idempotencyKey, now());
        if (err instanceof RecordFailedError) throw failures.recordFailed(req.idempotencyKey, err.message);
        const failure = classifySmtpError(err);
        if (failure.permanent) {
          await recordFor(req, staffId, 'recipient_rejected', failure.detail);
          rejected.push({ staffId, detail: failure.detail });
          continue;
        }
        await giveUpIfTooLate(req, recipients.slice(recipients.indexOf(r)), failure.detail);
        throw failures.smtpUnavailable(failure.detail);
      }
      if (claim.outcome === 'busy') throw failures.sendingElsewhere(req.idempotencyKey, claim.leaseUntil);
      sentTo.push(staffId);
    }
    if (rejected.length) {
      const ids = rejected.map((x) => x.staffId);
      throw failures.recipientRejected(ids, rejected[0]!.detail, { rejected: ids, sentTo });
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
      dueAt: req.at,
      at: now().toISOString(),
      request: req,
    });
  }

  /**
   * Past VUGGE_UNDELIVERABLE_AFTER since the first attempt (not since the notice's `at`: after an outage a
   * notice due long ago still gets its full time), record it for the team leader and stop; it is
   * sent again when the mail server is back and the step is still open.
   */
  async function giveUpIfTooLate(req: NotificationRequest, unsent: Recipient[], detail: string): Promise<void> {
    const late = now().getTime() - firstAttemptMs(req.idempotencyKey);
    if (late <= deps.config.undeliverableAfterMs) return;
    firstTried.delete(req.idempotencyKey);
    for (const r of unsent) await recordFor(req, r.person.id, 'smtp_unavailable', detail);
    throw failures.undeliverable(req.caseId, Math.round(late / 60000), detail);
  }

  /** The morning digest for one person: every held-back reminder, exactly once per staff id + date. */
  async function sendDigest(staffId: string, date: string): Promise<NotificationResult & { items: number }> {
    const person = deps.directory.person(staffId);
    if (!person) throw failures.unknownStaff(staffId);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw failures.invalidDate(date);
    const items = await digestItemsFor(deps.db, staffId, date);
    const key = `digest:${staffId}:${date}`;
    if (await isSent(deps.db, key, staffId)) {
      await markDigestSent(deps.db, staffId, date);
      return { sentTo: [staffId], alreadySent: true, items: items.length };
    }
    if (!items.length) return { sentTo: [], alreadySent: false, items: 0 };
    const { subject, text } = renderDigest(items, date, person.language, caseLink);
    let claim: Claim;
    try {
      claim = await deliver(key, staffId, { from: deps.config.from, to: person.email, subject, text, messageId: messageIdFor(key, staffId), headers: { 'Auto-Submitted': 'auto-generated' } });
    } catch (err) {
      if (err instanceof ClaimLostError) throw failures.sendingElsewhere(key, now());
      if (err instanceof RecordFailedError) throw failures.recordFailed(key, err.message);
      const failure = classifySmtpError(err);
      if (failure.permanent) throw failures.recipientRejected([staffId], failure.detail);
      throw failures.smtpUnavailable(failure.detail);
    }
    if (claim.outcome === 'busy') throw failures.sendingElsewhere(key, claim.leaseUntil);
    await markDigestSent(deps.db, staffId, date);
    return { sentTo: [staffId], alreadySent: claim.outcome === 'sent', items: items.length };
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
  };
}

export type NotificationActivities = ReturnType<typeof createNotificationActivities>;
