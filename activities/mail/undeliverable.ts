/**
 * Notifications that could not be delivered: the recipient address was rejected, or the mail
 * server stayed unreachable past VUGGE_UNDELIVERABLE_AFTER. Each is reported to the unit's team
 * leader through this log (the overdue view and `listUndeliverable` read it) — a second route
 * that does not depend on the mail that just failed.
 */
import { join } from 'node:path';
import { JsonlLog } from './jsonl-log.js';

export interface UndeliverableRecord {
  key: string;
  kind: string;
  caseId: string;
  stepId?: string;
  unit: string;
  /** The staff id the mail was for. */
  staffId: string;
  /** The team leader it is reported to. */
  reportTo?: string;
  reason: 'recipient_rejected' | 'smtp_unavailable';
  detail: string;
  dueAt: string;
  at: string;
}

export class UndeliverableLog {
  private constructor(
    private readonly log: JsonlLog<UndeliverableRecord>,
    private readonly records: UndeliverableRecord[],
  ) {}

  static async open(dataDir: string): Promise<UndeliverableLog> {
    const { log, records } = await JsonlLog.open<UndeliverableRecord>(join(dataDir, 'mail', 'undeliverable.jsonl'));
    return new UndeliverableLog(log, records);
  }

  /** Records once per key + staff id; a retry that fails the same way adds nothing. */
  async record(r: UndeliverableRecord): Promise<void> {
    if (this.records.some((x) => x.key === r.key && x.staffId === r.staffId)) return;
    await this.log.append(r);
    this.records.push(r);
  }

  list(filter: { unit?: string; reportTo?: string } = {}): UndeliverableRecord[] {
    return this.records.filter((r) => (!filter.unit || r.unit === filter.unit) && (!filter.reportTo || r.reportTo === filter.reportTo));
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
