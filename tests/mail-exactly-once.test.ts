import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor } from '../activities/mail/message-id.js';
import { activitiesFor, notification, tempDataDir, TestSmtpServer } from './mail-support.js';

const servers: TestSmtpServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.stop())));

/** Runs tests/mail-crash-child.ts and resolves with the signal that ended it. */
function crashChild(port: number, dataDir: string, mode: 'before-log' | 'after-log'): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./mail-crash-child.ts', import.meta.url).pathname, String(port), dataDir, mode], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

async function retryAfterCrash(mode: 'before-log' | 'after-log') {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const dataDir = await tempDataDir();
  expect(await crashChild(server.port, dataDir, mode)).toBe('SIGKILL');
  expect(server.received).toHaveLength(1);
  // the retry, as Temporal would schedule it on another worker process, on the same data dir
  const { activities, deps } = await activitiesFor(server, { dataDir });
  const result = await activities.sendNotification(notification());
  await deps.close();
  return { server, result };
}

describe('exactly once through crashes', () => {
  it('a worker killed after the sent-log write: the retry sends nothing', async () => {
    const { server, result } = await retryAfterCrash('after-log');
    expect(result).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('a worker killed between SMTP acceptance and the log write: the retry resends with the same Message-ID', async () => {
    const { server, result } = await retryAfterCrash('before-log');
    expect(result).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    // the remaining window: two deliveries, one Message-ID a mail system can de-duplicate on
    expect(server.received).toHaveLength(2);
    const ids = server.received.map((r) => r.parsed.messageId);
    expect(ids).toEqual([messageIdFor(notification().idempotencyKey, 'sp-anne'), messageIdFor(notification().idempotencyKey, 'sp-anne')]);
  });

  it('different recipients and different keys get different Message-IDs', () => {
    const key = notification().idempotencyKey;
    expect(new Set([messageIdFor(key, 'sp-anne'), messageIdFor(key, 'sr-mette'), messageIdFor(key + ':x', 'sp-anne')]).size).toBe(3);
  });
});
