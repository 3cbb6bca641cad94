/** `npm run provision`: fetch or build the local Temporal servers that are missing, and install Chromium for the browser tests. */
import { ensureChromium, ensureTemporalCli, ensureTestServer } from './tools.js';

const log = (line: string) => console.log(`[vugge] ${line}`);
try {
  const cli = await ensureTemporalCli(log);
  const testServer = await ensureTestServer(log);
  log(`Temporal CLI: ${cli}`);
  log(`Testserver: ${testServer}`);
  const chromium = await ensureChromium(log);
  if (chromium) log(`Chromium: ${chromium}`);
} catch (err) {
  console.error(`[vugge] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
