/**
 * The service layer's rows in the audit log (activities/db/audit.ts): sign-ins and sign-outs,
 * refused access, and every change a person sends through the web app or the command line — who,
 * what, which case, from where. Ids and codes only, never a person's data.
 *
 * A change is recorded before it is made: when the row cannot be written the change is refused
 * (`AuditUnavailable`), so nothing changes unrecorded; when the case then refuses the change, a
 * second row says so. Refusals and sign-outs happen whatever the log says: their rows are written
 * when they can be, and a row that could not be written is reported to the operator's log.
 */
import { appendAudit, type AuditEntry } from '../../activities/db/audit.js';
import type { Database } from '../../activities/db/driver.js';
import { isOperator, type Acting } from './access.js';

export type AuditSource = 'web' | 'cli';

/** One row as the service sends it: the source is the trail's. */
export type ServiceAudit = Omit<AuditEntry, 'source' | 'at'>;

export interface AuditTrail {
  /** Where the trail's rows come from; none for a trail that writes nothing. */
  readonly source?: AuditSource;
  /** Writes the row; throws `AuditUnavailable` when it cannot, and the caller refuses the action. */
  record(entry: ServiceAudit): Promise<void>;
  /** Writes the row when it can; never throws (a refusal, a sign-out: they happen anyway). */
  note(entry: ServiceAudit): Promise<void>;
}

export class AuditUnavailable extends Error {
  override name = 'AuditUnavailable';
  constructor(override readonly cause: unknown) {
    super('Handlingen kunne ikke skrives i revisionssporet, så den er ikke udført; prøv igen om lidt. / The action could not be written to the audit log, so it was not carried out; try again shortly.');
  }
}

export function createAuditTrail(db: Database, source: AuditSource, report: (line: string) => void = (line) => console.error(line)): AuditTrail {
  return {
    source,
    async record(entry) {
      try {
        await appendAudit(db, { ...entry, source });
      } catch (err) {
        throw new AuditUnavailable(err);
      }
    },
    async note(entry) {
      try {
        await appendAudit(db, { ...entry, source });
      } catch (err) {
        report(`Revisionssporet kunne ikke skrives (${entry.action}) / the audit log could not be written (${entry.action}): ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

/** Who a row names: the signed-in person, or `system` for the operator at the command line. */
export function auditActor(acting: Acting): string {
  return isOperator(acting) ? 'system' : acting.staffId;
}

/** The code of a refusal (an update's rejection or a service error), never its sentence. */
function refusalCode(err: unknown): string {
  const details = (err as { cause?: { details?: unknown[] }; details?: unknown[] }).cause?.details ?? (err as { details?: unknown[] }).details;
  const code = (details?.[0] as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Za-z0-9._-]{1,80}$/.test(code)) return code;
  return err instanceof Error && /^[A-Za-z]{1,60}$/.test(err.name) ? err.name : 'error';
}

/**
 * Records `entry` and then makes the change. The row comes first, so a change is never made
 * unrecorded; if the change then fails, a row `<action>_refused` with the refusal's code follows.
 */
export async function audited<T>(trail: AuditTrail, entry: ServiceAudit, change: () => Promise<T>): Promise<T> {
  await trail.record(entry);
  try {
    return await change();
  } catch (err) {
    await trail.note({ ...entry, action: `${entry.action}_refused`, details: { ...entry.details, refusal: refusalCode(err) } });
    throw err;
  }
}

const EVENT_FIELDS = ['type', 'what', 'step', 'occurrence', 'at', 'role', 'staff'] as const;

/** What a row says about a registered event: its kind, step or event id, occurrence, date, role and staff id — no free text. */
export function eventAudit(event: object): Record<string, string | number> {
  const e = event as Record<string, unknown>;
  return Object.fromEntries(EVENT_FIELDS.flatMap((k) => (typeof e[k] === 'string' || typeof e[k] === 'number' ? [[k, e[k] as string | number]] : [])));
}

/** A trail that writes nothing, for a face started without a database (tests of other things). */
export const noAuditTrail: AuditTrail = { record: async () => undefined, note: async () => undefined };
