/**
 * Sending undeliverable notifications again once the mail server is back. Only what is still
 * relevant goes out: the case is running, the step is still open (asked of the case itself, through
 * `relevance`), and no newer notice of the same kind reached the same person since. Exactly once
 * holds as for a first send — the same key and Message-ID, claimed in the database's `sent_mail`
 * before each send, whichever worker or machine sends — and one pass at a time per data directory
 * (a lock file), whether the worker or `vugge undeliverable resend` starts it. What became of each is written to the
 * undeliverable log, which the leader's list shows.
 */
import { join } from 'node:path';
import type { NotificationRequest } from '../activities/notification-types.js';
import type { NotificationDeps } from '../activities/notifications.js';
import { createDeliver, recipientsOf } from '../activities/notification-delivery.js';
import { caseLinker, composeNotification } from '../activities/mail/compose.js';
import { withDataLock } from './storage/data-dir.js';
import { isSent, sentTo } from '../activities/db/mail-store.js';
import { classifySmtpError } from '../activities/mail/smtp.js';
import { isOpen, type NotRelevant, type UndeliverableRecord } from './storage/undeliverable.js';

/** Whether a notification still matters, decided by the case (see worker/redelivery.ts). */
export type Relevance = (request: NotificationRequest) => Promise<{ relevant: true } | { relevant: false; why: NotRelevant }>;

export interface ResendOptions {
  relevance: Relevance;
  /** Which failures to try again; default both (the worker's automatic pass: the outages only). */
  reasons?: UndeliverableRecord['reason'][];
}

export interface ResendSummary {
  resent: UndeliverableRecord[];
  notRelevant: UndeliverableRecord[];
  stillUndeliverable: UndeliverableRecord[];
  /** Another pass held the lock; nothing was tried. */
  busy?: boolean;
}

/** Kinds of notice that replace each other for one step occurrence: a newer one makes an older one stale. */
function family(kind: string): string {
  return kind === 'escalation' || kind === 'invitation' ? kind : 'notice';
}

/** A newer notice of the same family for the same occurrence reached this person after this one was due. */
async function superseded(deps: NotificationDeps, r: UndeliverableRecord, req: NotificationRequest): Promise<boolean> {
  const prefix = `${req.caseId}:${req.stepId ?? ''}:${req.occurrence ?? ''}:`;
  return (await sentTo(deps.db, r.staffId, prefix)).some((s) => s.key !== r.key && family(s.key.slice(prefix.length).split(':')[0] ?? '') === family(req.kind) && s.at > req.at);
}

export async function resendUndeliverable(deps: NotificationDeps & { config: { dataDir: string } }, options: ResendOptions): Promise<ResendSummary> {
  const summary: ResendSummary = { resent: [], notRelevant: [], stillUndeliverable: [] };
  const ran = await withDataLock(join(deps.config.dataDir, 'mail', 'resend.lock'), () => pass(deps, options, summary));
  return ran ? summary : { ...summary, busy: true };
}

async function pass(deps: NotificationDeps, options: ResendOptions, summary: ResendSummary): Promise<void> {
  const now = deps.clock ?? (() => new Date());
  const deliver = createDeliver(deps, now);
  const caseLink = caseLinker(deps.config.caseUrl);
  const reasons = options.reasons ?? ['smtp_unavailable', 'recipient_rejected'];
  await deps.undeliverable.refresh();
  const open = deps.undeliverable
    .list()
    .filter((r) => isOpen(r) && reasons.includes(r.reason))
    .sort((a, b) => a.at.localeCompare(b.at));
  const settle = async (r: UndeliverableRecord, why: NotRelevant) => {
    await deps.undeliverable.settle({ outcome: 'not_relevant', key: r.key, staffId: r.staffId, at: now().toISOString(), why });
    summary.notRelevant.push({ ...r, notRelevant: { at: now().toISOString(), why } });
  };
  let serverDown = false;
  for (const r of open) {
    const req = r.request;
    // a record written before requests were kept cannot be composed again: it stays on the list
    if (!req || serverDown) {
      summary.stillUndeliverable.push(r);
      continue;
    }
    if (await isSent(deps.db, r.key, r.staffId)) {
      await settle(r, 'already_sent');
      continue;
    }
    if (await superseded(deps, r, req)) {
      await settle(r, 'superseded');
      continue;
    }
    const relevance = await options.relevance(req);
    if (!relevance.relevant) {
      await settle(r, relevance.why);
      continue;
    }
    const { recipients } = recipientsOf(deps.directory, req);
    const recipient = recipients.find((x) => x.person.id === r.staffId);
    if (!recipient) {
      await settle(r, 'recipient_changed');
      continue;
    }
    try {
      const claim = await deliver(r.key, r.staffId, composeNotification(req, recipient, recipients, { from: deps.config.from, caseLink }));
      // another worker sent it a moment ago, or is sending it now: its outcome is the one to record
      if (claim.outcome === 'sent') {
        await settle(r, 'already_sent');
        continue;
      }
      if (claim.outcome === 'busy') {
        summary.stillUndeliverable.push(r);
        continue;
      }
      const at = now().toISOString();
      await deps.undeliverable.settle({ outcome: 'resent', key: r.key, staffId: r.staffId, at });
      summary.resent.push({ ...r, resentAt: at });
    } catch (err) {
      const failure = classifySmtpError(err);
      const at = now().toISOString();
      await deps.undeliverable.settle({ outcome: 'failed', key: r.key, staffId: r.staffId, at, detail: failure.detail });
      summary.stillUndeliverable.push({ ...r, lastTry: { at, detail: failure.detail } });
      // the server is still down: the rest waits for the next pass
      if (!failure.permanent) serverDown = true;
    }
  }
}
