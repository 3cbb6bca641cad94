/**
 * How a case hands its due notices to the notification activities. Since the
 * 'notices-in-one-activity' patch a wake's notices go out in one activity, in the background: the
 * case marks them handled at once and plans on, projects and sleeps in the same workflow task, and
 * waits for them only before it closes or continues as new. Cases started before the patch send
 * each notice as its own activity and wait for all of them before planning on.
 */
import { log, proxyActivities } from '@temporalio/workflow';
import type { NotificationActivities } from '../activities/notifications.js';
import type { NoticeOutcome, NotificationBatchActivities } from '../activities/notification-batch.js';
import { markSent, type Outgoing } from './case-notify.js';
import type { CaseState } from './case-state.js';

/** Cases started before this patch send each notice as its own activity and wait for it. */
export const NOTICES_IN_ONE_ACTIVITY = 'notices-in-one-activity';

const sending = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '15 minutes' },
} as const;
const { sendNotification } = proxyActivities<Pick<NotificationActivities, 'sendNotification'>>(sending);
const { sendNotifications } = proxyActivities<NotificationBatchActivities>(sending);

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class NoticeSender {
  private readonly inFlight = new Set<Promise<void>>();

  /** `batched`: the 'notices-in-one-activity' patch is in force for this run. */
  constructor(
    private readonly state: CaseState,
    private readonly batched: boolean,
  ) {}

  /** Sends one wake's notices; resolves once the case may plan on. */
  async send(outgoing: Outgoing[]): Promise<void> {
    if (!this.batched) return this.sendEachAndWait(outgoing);
    if (!outgoing.length) return;
    const nowMs = Date.now();
    for (const o of outgoing) markSent(this.state, o, nowMs);
    const done = sendNotifications(outgoing.map((o) => o.request)).then(
      (outcomes) => Promise.all(outcomes.map((outcome, i) => this.settleOne(outgoing[i]!, outcome))).then(() => undefined),
      (err: unknown) => log.warn('Notifications failed', { caseId: this.state.caseId, keys: outgoing.map((o) => o.key), error: messageOf(err) }),
    );
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  /** Waits for the notices under way (before the case closes or continues as new). */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async settleOne(o: Outgoing, outcome: NoticeOutcome): Promise<void> {
    if (outcome.outcome === 'failed') {
      log.warn('Notification failed', { caseId: this.state.caseId, key: o.key, error: `${outcome.type}: ${outcome.message}` });
    } else if (outcome.outcome === 'retry') {
      // The mail server may come back: this notice alone, with the activity's retries.
      await sendNotification(o.request).catch((err: unknown) => log.warn('Notification failed', { caseId: this.state.caseId, key: o.key, error: messageOf(err) }));
    }
  }

  /** Before the patch: in parallel, each its own activity; a business failure is logged, not retried forever. */
  private async sendEachAndWait(outgoing: Outgoing[]): Promise<void> {
    await Promise.all(
      outgoing.map(async (o) => {
        try {
          await sendNotification(o.request);
        } catch (err) {
          log.warn('Notification failed', { caseId: this.state.caseId, key: o.key, error: messageOf(err) });
        }
        markSent(this.state, o, Date.now());
      }),
    );
  }
}
