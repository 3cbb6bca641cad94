/**
 * Undeliverable notifications sent again when the mail server is back. The worker runs a pass every
 * VUGGE_RESEND_EVERY (default 5 minutes) while mails from an outage wait, and at once after any mail
 * goes through; `vugge undeliverable resend` runs the same pass by hand. Whether a notification
 * still matters is asked of the case itself (`caseRelevance`).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { NotificationRequest } from '../activities/notification-types.js';
import type { Relevance, ResendSummary } from './notification-resend.js';
import { obligationsQuery } from '../workflows/case-messages.js';
import { VISIT_NORM_STEP } from '../workflows/case-notify.js';

const REMINDER_KINDS = new Set(['reminder', 'due_today']);

/** Relevance from the running case: its open steps, plan-horizon warnings and visit-norm weeks. */
export function caseRelevance(client: Client): Relevance {
  return async (req: NotificationRequest) => {
    const handle = client.workflow.getHandle(req.caseId);
    let obligations;
    try {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return { relevant: false, why: 'case_ended' };
      obligations = await handle.query(obligationsQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { relevant: false, why: 'case_ended' };
      throw err;
    }
    if (obligations.closed) return { relevant: false, why: 'case_ended' };
    if (req.stepId === VISIT_NORM_STEP) return obligations.visitShortfalls.some((s) => s.weekStart === (req.earliest ?? req.target)) ? { relevant: true } : { relevant: false, why: 'done' };
    if (req.kind === 'plan_short') return obligations.planShort.some((w) => w.stepId === req.stepId) ? { relevant: true } : { relevant: false, why: 'done' };
    // a catch-up or grouped escalation: still worth sending while any of its steps is open
    if (req.items) return req.items.some((i) => obligations.open.some((e) => e.stepId === i.stepId && e.occurrence === i.occurrence)) ? { relevant: true } : { relevant: false, why: 'done' };
    const entry = obligations.open.find((e) => e.stepId === req.stepId && e.occurrence === req.occurrence);
    if (!entry) return req.kind === 'invitation' && req.meeting?.cancelled ? { relevant: true } : { relevant: false, why: 'done' };
    // a reminder for a date the step no longer has: the case reminds of the new date itself
    if (REMINDER_KINDS.has(req.kind) && req.target && entry.target !== req.target) return { relevant: false, why: 'superseded' };
    if (req.kind === 'invitation' && req.meeting && !req.meeting.start.startsWith(entry.target)) return { relevant: false, why: 'superseded' };
    return { relevant: true };
  };
}

export interface RedeliveryOptions {
  /** One pass (worker/notification-resend.ts, outages only). */
  resend: () => Promise<ResendSummary>;
  /** Whether anything from an outage is waiting. */
  waiting: () => boolean;
  everyMs: number;
  log?: (line: string) => void;
}

/** Runs a pass every `everyMs` while something waits, and soon after `kick()`; passes never overlap. */
export function startRedelivery(options: RedeliveryOptions): { kick(): void; close(): Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (!options.waiting()) return;
    if (running) {
      again = true;
      return;
    }
    running = options
      .resend()
      .then((s) => {
        if (s.resent.length || s.notRelevant.length) {
          options.log?.(`Gensendt efter nedbrud: ${s.resent.length}; ikke længere aktuelle: ${s.notRelevant.length}; venter stadig: ${s.stillUndeliverable.length}. / Resent after an outage: ${s.resent.length}; no longer relevant: ${s.notRelevant.length}; still waiting: ${s.stillUndeliverable.length}.`);
        }
        // a pass that resent something proves the server is back: go on with what it left
        if (s.resent.length && s.stillUndeliverable.length) again = true;
      })
      .catch((err: unknown) => options.log?.(`Gensendelse mislykkedes: ${err instanceof Error ? err.message : String(err)} / Resending failed.`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          setImmediate(run);
        }
      });
  };
  const timer = setInterval(run, options.everyMs);
  timer.unref();
  return {
    kick: run,
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
