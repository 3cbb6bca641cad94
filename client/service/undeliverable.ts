/**
 * Notifications that never reached their recipient, for the leaders who must make sure the step
 * still happens, and sending them again. Read from the worker's log under VUGGE_DATA_DIR (the same
 * machine), so it works even when mail does not. A leader sees the units they lead; the operator
 * any unit, and only the operator sends again.
 */
import type { Client } from '@temporalio/client';
import { loadMailConfig } from '../../activities/mail/config.js';
import type { ResendSummary } from '../../worker/notification-resend.js';
import { isOpen, UndeliverableLog, type UndeliverableRecord } from '../../worker/storage/undeliverable.js';
import { AccessDenied, isOperator, ledUnits, requireActing, type Acting } from './access.js';

/** The undeliverable notifications `acting` may see (of a unit, or for one leader), newest first. */
export async function undeliverableForUnits(acting: Acting, filter: { unit?: string; leader?: string } = {}, dataDir = loadMailConfig().dataDir): Promise<UndeliverableRecord[]> {
  requireActing(acting, 'see_overdue');
  const led = isOperator(acting) ? undefined : new Set(ledUnits(acting.directory, acting.staffId).all);
  const log = await UndeliverableLog.read(dataDir);
  try {
    return log
      .list({ unit: filter.unit, reportTo: filter.leader })
      .filter((r) => !led || led.has(r.unit))
      .sort((a, b) => b.at.localeCompare(a.at));
  } finally {
    await log.close();
  }
}

/** One resend pass over every open record, the cases asked through Temporal; with how many were open before. */
export async function resendUndeliverableNow(acting: Acting, client: Client): Promise<{ before: number; summary: ResendSummary }> {
  if (!isOperator(acting)) throw new AccessDenied('change_case');
  // The mail transport and the Temporal client are loaded here, not for the lists that read the log.
  const [{ openNotificationDeps }, { resendUndeliverable }, { caseRelevance }] = await Promise.all([
    import('../../worker/notification-deps.js'),
    import('../../worker/notification-resend.js'),
    import('../../worker/redelivery.js'),
  ]);
  const deps = await openNotificationDeps(loadMailConfig());
  try {
    const before = deps.undeliverable.list().filter(isOpen).length;
    return { before, summary: await resendUndeliverable(deps, { relevance: caseRelevance(client) }) };
  } finally {
    await deps.close();
  }
}
