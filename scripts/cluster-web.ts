/**
 * One web instance as its own process (`npm run cluster` starts two on different ports, as a
 * municipality runs several behind a load balancer). Settings come from the environment, as for
 * `npm start` (client/web/config.ts, temporal.config.ts); logs are JSON lines (activities/log.ts).
 */
import { createLogger } from '../activities/log.js';
import { connectClient } from '../client/service/temporal-client.js';
import { startWeb } from '../client/web/main.js';

const log = createLogger({ name: 'web' });

try {
  const vugge = await connectClient();
  const web = await startWeb({ client: vugge.client, log });
  log.info({ address: web.url }, `Webappen kører på ${web.url}. / The web app runs at ${web.url}.`);
  const stop = async () => {
    await web.close();
    await vugge.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (err) {
  log.fatal(err instanceof Error ? err.message : String(err));
  log.flush();
  process.exit(1);
}
