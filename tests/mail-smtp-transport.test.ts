/**
 * The SMTP transport's two steps against a real SMTP server (smtp-server): the whole message goes
 * over, `beforeFinalDot` runs while the server waits, and only then the final dot — so the server has
 * nothing when the step fails, and a refusal after the dot is told apart from a lost answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpTransport, type MailTransport, type SendFailure } from '../activities/mail/smtp.js';
import { TestSmtpServer } from './mail-support.js';

const servers: TestSmtpServer[] = [];
const transports: MailTransport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function setup(pool = true) {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const transport = createSmtpTransport({ host: '127.0.0.1', port: server.port, secure: 'none', pool, maxConnections: 2 });
  transports.push(transport);
  return { server, transport };
}

const mail = (n = 1) => ({ from: 'Vugge <vugge@example.org>', to: 'anne@example.org', subject: `Påmindelse ${n}`, text: 'Teamsamtale', messageId: `<test-${n}@vugge.example.org>` });
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('the SMTP transport', () => {
  it('sends the final dot only after beforeFinalDot resolved: until then the server has nothing', async () => {
    const { server, transport } = await setup();
    let receivedWhileWaiting = -1;
    await transport.send(mail(), async () => {
      await settle();
      receivedWhileWaiting = server.received.length;
    });
    expect(receivedWhileWaiting).toBe(0);
    expect(server.received.map((r) => r.parsed.messageId)).toEqual(['<test-1@vugge.example.org>']);
  });

  it('delivers nothing when beforeFinalDot fails, rethrows its error, and sends the next mail on a new connection', async () => {
    const { server, transport } = await setup();
    const failure = new Error('database down');
    await expect(transport.send(mail(1), () => Promise.reject(failure))).rejects.toBe(failure);
    await settle();
    expect(server.received).toEqual([]);
    await transport.send(mail(2), async () => undefined);
    expect(server.received.map((r) => r.parsed.messageId)).toEqual(['<test-2@vugge.example.org>']);
    expect(server.connections).toBe(2);
  });

  it('tells a refused recipient (before the dot, beforeFinalDot not called) from a message refused after the dot', async () => {
    const { server, transport } = await setup();
    server.rejectAddresses.add('anne@example.org');
    let called = false;
    const recipient = (await transport.send(mail(), async () => void (called = true)).catch((e: unknown) => e)) as SendFailure;
    expect(recipient).toMatchObject({ code: 'EENVELOPE', responseCode: 550, afterFinalDot: false });
    expect(called).toBe(false);
    server.rejectAddresses.clear();
    server.refuseMessagesWith = 554;
    const message = (await transport.send(mail(), async () => void (called = true)).catch((e: unknown) => e)) as SendFailure;
    expect(message).toMatchObject({ responseCode: 554, afterFinalDot: true });
    expect(called).toBe(true);
  });

  it('reuses a pooled connection for the next mail, and opens one per mail without the pool', async () => {
    const pooled = await setup(true);
    for (const n of [1, 2, 3]) await pooled.transport.send(mail(n), async () => undefined);
    expect(pooled.server.received).toHaveLength(3);
    expect(pooled.server.connections).toBe(1);
    const single = await setup(false);
    for (const n of [1, 2, 3]) await single.transport.send(mail(n), async () => undefined);
    expect(single.server.received).toHaveLength(3);
    expect(single.server.connections).toBe(3);
  });

  it('carries many mails on one kept connection without piling up listeners on it', async () => {
    const { server, transport } = await setup(true);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let n = 1; n <= 15; n++) await transport.send(mail(n), async () => undefined);
    } finally {
      process.off('warning', onWarning);
    }
    expect(server.received).toHaveLength(15);
    expect(server.connections).toBe(1);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('keeps at most maxConnections open at once', async () => {
    const { server, transport } = await setup(true);
    server.answerDelayMs = 100;
    await Promise.all([1, 2, 3, 4, 5].map((n) => transport.send(mail(n), async () => undefined)));
    expect(server.received).toHaveLength(5);
    expect(server.connections).toBe(2);
  });

  it('sends again on a new connection when a kept one was closed by the server meanwhile', async () => {
    const { server, transport } = await setup(true);
    await transport.send(mail(1), async () => undefined);
    await server.stop();
    await server.start();
    await transport.send(mail(2), async () => undefined);
    expect(server.received.map((r) => r.parsed.messageId)).toEqual(['<test-1@vugge.example.org>', '<test-2@vugge.example.org>']);
  });

  it('answers letDotGo() with false when the connection failed while the mail was being recorded, and reports that failure', async () => {
    const { server, transport } = await setup(false);
    let answer: boolean | undefined;
    const failure = (await transport
      .send(mail(), async (letDotGo) => {
        await server.stop();
        await settle();
        answer = await letDotGo();
      })
      .catch((e: unknown) => e)) as SendFailure;
    expect(answer).toBe(false);
    expect(failure).toMatchObject({ afterFinalDot: false });
    expect(server.received).toEqual([]);
  });

  it('fails before the dot when the server cannot be reached', async () => {
    const { server, transport } = await setup(false);
    await server.stop();
    const failure = (await transport.send(mail(), async () => undefined).catch((e: unknown) => e)) as SendFailure;
    expect(failure).toMatchObject({ afterFinalDot: false });
    expect(failure.code).toMatch(/ECONNECTION|ESOCKET/);
  });
});
