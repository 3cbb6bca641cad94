/**
 * `npm start` says "Vugge kører" only when the worker polls and the codec server answers (it said so
 * ~24 s early), and suggests an example case id that is still free (after a restart it suggested
 * one that already existed).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freeExampleCaseId, httpAnswers, waitUntilReady } from '../scripts/readiness.js';

/** A check that answers no `n` times, then yes; `log` records each answer. */
function readyAfter(n: number, name: string, log: string[]) {
  let calls = 0;
  return async () => {
    const ready = ++calls > n;
    log.push(`${name}:${ready ? 'ready' : 'waiting'}`);
    return ready;
  };
}

describe('waitUntilReady', () => {
  it('returns only after every check has answered yes', async () => {
    const log: string[] = [];
    await waitUntilReady({ worker: readyAfter(3, 'worker', log), codec: readyAfter(1, 'codec', log) }, { sleep: async () => undefined });
    log.push('Vugge kører');
    expect(log.indexOf('Vugge kører')).toBe(log.length - 1);
    expect(log.filter((l) => l === 'worker:waiting')).toHaveLength(3);
    // A check that said yes is not asked again.
    expect(log.filter((l) => l.startsWith('codec'))).toEqual(['codec:waiting', 'codec:ready']);
  });

  it('counts a check that throws as not ready, and names what never got ready', async () => {
    let clock = 0;
    const failing = async () => {
      throw new Error('connection refused');
    };
    await expect(
      waitUntilReady({ workeren: failing, 'codec-serveren': async () => true }, { timeoutMs: 2_000, intervalMs: 500, now: () => clock, sleep: async (ms) => void (clock += ms) }),
    ).rejects.toThrow(/^workeren blev ikke klar inden for 2 s/);
  });
});

describe('httpAnswers', () => {
  it('is false before the server listens and true once it answers', async () => {
    const server = createServer((_, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const check = httpAnswers(`http://127.0.0.1:${port}`);
    await expect(check()).rejects.toThrow();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    try {
      expect(await check()).toBe(true);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('freeExampleCaseId', () => {
  it.each([
    [[], 'K-2026-0001'],
    [['K-2026-0001'], 'K-2026-0002'],
    [['K-2026-0001', 'K-2026-0002', 'K-2026-0004'], 'K-2026-0003'],
  ])('with %j taken → %s', async (taken, expected) => {
    expect(await freeExampleCaseId(async (id) => taken.includes(id), 2026)).toBe(expected);
  });
});
