/** `npm run provision`: fetch or build the local Temporal servers that are missing. */
import { ensureTemporalCli, ensureTestServer } from './tools.js';

const log = (line: string) => console.log(`[vugge] ${line}`);
try {
  const cli = await ensureTemporalCli(log);
  const testServer = await ensureTestServer(log);
  log(`Temporal CLI: ${cli}`);
  log(`Testserver: ${testServer}`);
} catch (err) {
  console.error(`[vugge] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
