/**
 * How a case refuses an input: an ApplicationFailure of type `VuggeRejected` whose message is the
 * sentence (Danish, then English after ' / ') and whose details carry the message `{ code, da, en }`,
 * so the CLI and the web app can show either language or act on the code.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { messageOf, sentence, type Message } from '../dsl/contract-core.js';

export const REJECTED = 'VuggeRejected';

/** Refuses the input: from a validator nothing is written to history; from a handler nothing changes. */
export function reject(message: Message): never {
  throw ApplicationFailure.create({ message: sentence(message), type: REJECTED, nonRetryable: true, details: [message] });
}

/** The message a rejection carries, when `err` is one. */
export function rejectionMessage(err: unknown): Message | undefined {
  if (!(err instanceof ApplicationFailure) || err.type !== REJECTED) return undefined;
  return messageOf(err.details);
}
