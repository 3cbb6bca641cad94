/**
 * Notifications that could not be delivered: the recipient address was rejected, or the mail
 * server stayed unreachable past VUGGE_UNDELIVERABLE_AFTER. Each is reported to the unit's team
 * leader through this log (client/service/undeliverable.ts reads it for `vugge overdue` and
 * `vugge undeliverable`) — a second route that does not depend on the mail that just failed.
 *
 * The log keeps the request itself, so a notification can be sent again when the mail server is
 * back (see worker/notification-resend.ts); what became of each is appended as an outcome line
 * and folded into the record: resent at …, no longer relevant, or tried again and still failing.
 */
import { z } from 'zod';
import { CaseId, Code, Instant, StaffId } from '../../dsl/contract.js';
import type { NotificationRequest } from '../../activities/notification-types.js';
import { JsonlLog } from './jsonl-log.js';
import { NotificationRequestSchema } from '../../activities/mail/request-schema.js';

/**
 * Why a notification was not sent again: the step is done (or no longer in the plan), a newer notice
 * replaced it, the case has ended, it had gone out after all, or the person no longer holds the role.
 */
const NOT_RELEVANT = ['done', 'superseded', 'case_ended', 'already_sent', 'recipient_changed'] as const;
export type NotRelevant = (typeof NOT_RELEVANT)[number];

const Failure = z.object({
  key: z.string().min(1),
  kind: z.string().min(1),
  caseId: CaseId,
  stepId: z.string().optional(),
  unit: Code,
  staffId: StaffId,
  reportTo: StaffId.optional(),
  reason: z.enum(['recipient_rejected', 'smtp_unavailable']),
  detail: z.string(),
  dueAt: Instant,
  at: Instant,
  request: (NotificationRequestSchema as z.ZodType<NotificationRequest>).optional(),
});

const Outcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('resent'), key: z.string().min(1), staffId: StaffId, at: Instant }),
  z.object({ outcome: z.literal('not_relevant'), key: z.string().min(1), staffId: StaffId, at: Instant, why: z.enum(NOT_RELEVANT) }),
  z.object({ outcome: z.literal('failed'), key: z.string().min(1), staffId: StaffId, at: Instant, detail: z.string() }),
]);
type Outcome = z.infer<typeof Outcome>;

const Line = z.union([Outcome, Failure]);

export interface UndeliverableRecord extends z.infer<typeof Failure> {
  /** When it was sent after all. */
  resentAt?: string;
  /** Not sent again, and why. */
  notRelevant?: { at: string; why: NotRelevant };
  /** The last attempt to send it again, which failed too. */
  lastTry?: { at: string; detail: string };
}

/** Still waiting to be sent (or decided on). */
export function isOpen(r: UndeliverableRecord): boolean {
  return !r.resentAt && !r.notRelevant;
}

export class UndeliverableLog {
  private constructor(
    private readonly log: JsonlLog<z.infer<typeof Line>>,
    private records: UndeliverableRecord[],
  ) {}

  static async open(dataDir: string): Promise<UndeliverableLog> {
    const { log, records } = await JsonlLog.open(dataDir, 'undeliverable.jsonl', Line);
    return new UndeliverableLog(log, fold(records));
  }

  /** The log as it stands, for a reader beside the worker: nothing is created, cut or written. */
  static async read(dataDir: string): Promise<UndeliverableLog> {
    const { log, records } = await JsonlLog.readOnly(dataDir, 'undeliverable.jsonl', Line);
    return new UndeliverableLog(log, fold(records));
  }

  /** Records once per key + staff id; a retry that fails the same way adds nothing. */
  async record(r: UndeliverableRecord): Promise<void> {
    if (this.records.some((x) => x.key === r.key && x.staffId === r.staffId)) return;
    await this.log.append(r);
    this.records.push({ ...r });
  }

  /** Appends what became of a record when it was tried again. */
  async settle(outcome: Outcome): Promise<void> {
    await this.log.append(outcome);
    const target = this.records.find((x) => x.key === outcome.key && x.staffId === outcome.staffId);
    if (target) apply(target, outcome);
  }

  /** Reads the file again (another process may have resent meanwhile). */
  async refresh(): Promise<void> {
    this.records = fold(await this.log.reread());
  }

  list(filter: { unit?: string; reportTo?: string } = {}): UndeliverableRecord[] {
    return this.records.filter((r) => (!filter.unit || r.unit === filter.unit) && (!filter.reportTo || r.reportTo === filter.reportTo));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}

function fold(lines: z.infer<typeof Line>[]): UndeliverableRecord[] {
  const records: UndeliverableRecord[] = [];
  for (const line of lines) {
    if ('outcome' in line) {
      const target = records.find((x) => x.key === line.key && x.staffId === line.staffId);
      if (target) apply(target, line);
    } else if (!records.some((x) => x.key === line.key && x.staffId === line.staffId)) {
      records.push({ ...line });
    }
  }
  return records;
}

function apply(target: UndeliverableRecord, outcome: Outcome): void {
  if (outcome.outcome === 'resent') target.resentAt = outcome.at;
  else if (outcome.outcome === 'not_relevant') target.notRelevant = { at: outcome.at, why: outcome.why };
  else target.lastTry = { at: outcome.at, detail: outcome.detail };
}
