/**
 * SMTP and TLS: STARTTLS unless configured otherwise, plain SMTP only for the local inbox on this
 * machine without a login, and never a login without TLS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadMailConfig, MailConfigError } from '../activities/mail/config.js';
import { activitiesFor, notification, TestSmtpServer } from './mail-support.js';

const servers: TestSmtpServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.stop())));

describe('VUGGE_SMTP_SECURE', () => {
  it.each([
    [{}, 'none'],
    [{ VUGGE_SMTP_HOST: 'localhost' }, 'none'],
    [{ VUGGE_SMTP_HOST: 'smtp.kommune.dk' }, 'starttls'],
    [{ VUGGE_SMTP_HOST: '10.0.0.5' }, 'starttls'],
    [{ VUGGE_SMTP_HOST: '127.0.0.1', VUGGE_SMTP_USER: 'vugge', VUGGE_SMTP_PASS: 'hemmelig' }, 'starttls'],
    [{ VUGGE_SMTP_HOST: 'smtp.kommune.dk', VUGGE_SMTP_SECURE: 'tls', VUGGE_SMTP_USER: 'vugge', VUGGE_SMTP_PASS: 'hemmelig' }, 'tls'],
    [{ VUGGE_SMTP_HOST: 'relay.kommune.local', VUGGE_SMTP_SECURE: 'none' }, 'none'],
  ])('%j → %s', (env, secure) => {
    expect(loadMailConfig(env).smtp.secure).toBe(secure);
  });

  it('refuses a login without TLS with one sentence naming the variable, Danish first', () => {
    const load = () => loadMailConfig({ VUGGE_SMTP_HOST: 'smtp.kommune.dk', VUGGE_SMTP_SECURE: 'none', VUGGE_SMTP_USER: 'vugge', VUGGE_SMTP_PASS: 'hemmelig' });
    expect(load).toThrow(MailConfigError);
    expect(load).toThrow(/^VUGGE_SMTP_SECURE=none sammen med VUGGE_SMTP_USER ville sende adgangskoden ukrypteret; brug starttls eller tls, eller fjern login\. \/ VUGGE_SMTP_SECURE=none together with/);
  });
});

describe('a login over SMTP', () => {
  it('is never sent when the server offers no STARTTLS: the mail waits for a retry instead', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const { activities, deps } = await activitiesFor(server, { pool: false, env: { VUGGE_SMTP_USER: 'vugge', VUGGE_SMTP_PASS: 'hemmelig' } });
    await expect(activities.sendNotification(notification())).rejects.toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
    await deps.close();
    expect(server.logins).toEqual([]);
    expect(server.received).toEqual([]);
  });

  it('the local inbox without a login still gets the mail in plain SMTP', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const { activities, deps } = await activitiesFor(server, { pool: false });
    expect((await activities.sendNotification(notification())).sentTo).toEqual(['sp-anne']);
    await deps.close();
    expect(server.received).toHaveLength(1);
  });
});
