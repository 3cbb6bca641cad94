/**
 * The command line's rows in the audit log: a case command is recorded through the same
 * service-layer function the web app uses (`audited` in client/service/audit.ts), from `cli`, with
 * the staff id the command runs as (--by or VUGGE_STAFF_ID). The row comes first: when Vugge's
 * database cannot be reached or written, the command is refused and the case is not asked; a
 * change the case then refuses leaves a second row saying so.
 */
import { openVuggeDatabase, type Database } from '../../activities/db/index.js';
import { audited, AuditUnavailable, createAuditTrail, type ServiceAudit } from '../service/audit.js';

export async function cliAudited<T>(entry: ServiceAudit, change: () => Promise<T>, open: () => Promise<Database> = openVuggeDatabase): Promise<T> {
  let db: Database;
  try {
    db = await open();
  } catch (err) {
    throw new AuditUnavailable(err);
  }
  try {
    return await audited(createAuditTrail(db, 'cli'), entry, change);
  } finally {
    await db.close();
  }
}
