/**
 * The Message-ID of one mail to one person, derived from (idempotency key, staff id): a retried
 * send carries the same one, so a mail system that de-duplicates on Message-ID shows one message.
 */
import { createHash } from 'node:crypto';

export function messageIdFor(key: string, staffId: string): string {
  return `<${createHash('sha256').update(`${key}\u0000${staffId}`).digest('hex').slice(0, 40)}@vugge>`;
}
