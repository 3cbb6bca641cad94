/**
 * How a list command runs: everything the person typed is checked first, then the read model in
 * Vugge's own database is opened for the step that reads it, and closed again. Like
 * `checkThenSend`, but nothing is asked of Temporal.
 */
import { openVuggeDatabase, type Database } from '../../activities/db/index.js';
import { checkThen } from './send.js';

export type Read = (db: Database) => Promise<number>;

export function checkThenRead(prepare: () => Promise<Read>): Promise<number> {
  return checkThen(prepare, () => openVuggeDatabase(), (db) => db.close());
}
