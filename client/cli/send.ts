/**
 * How a command runs: everything the person typed is checked first (`prepare`), before anything is
 * sent to Temporal; then one connection for the step that talks to it. A UsageError prints its
 * sentence and exits with its code.
 */
import { connectClient, type VuggeClient } from '../service/temporal-client.js';
import { UsageError, type Send } from './options.js';

export async function checkThenSend(prepare: () => Promise<Send>): Promise<number> {
  let vugge: VuggeClient | undefined;
  try {
    const send = await prepare();
    vugge = await connectClient();
    return await send(vugge);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  } finally {
    await vugge?.close();
  }
}
