/**
 * How a command runs: everything the person typed is checked first (`prepare`), before anything is
 * sent to Temporal; then one connection for the step that talks to it. A UsageError prints its
 * sentence and exits with its code.
 */
import { UsageError, type Send } from './options.js';

export function checkThenSend(prepare: () => Promise<Send>): Promise<number> {
  // The Temporal client (gRPC and protobuf) is loaded only by commands that talk to Temporal.
  return checkThen(prepare, async () => (await import('../service/temporal-client.js')).connectClient(), (vugge) => vugge.close());
}

/** Checks with `prepare`, then opens what the command needs, runs the step on it and closes it again. */
export async function checkThen<T>(prepare: () => Promise<(resource: T) => Promise<number>>, open: () => Promise<T>, close: (resource: T) => Promise<void>): Promise<number> {
  let resource: T | undefined;
  try {
    const step = await prepare();
    resource = await open();
    return await step(resource);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  } finally {
    if (resource !== undefined) await close(resource);
  }
}
