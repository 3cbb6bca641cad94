import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it } from 'vitest';
import { activitiesFor, notification, TestSmtpServer } from './mail-support.js';
import { titlesOf } from './rules-titles.js';

const servers: TestSmtpServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function setup(options: Parameters<typeof activitiesFor>[1] = {}) {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  const built = await activitiesFor(server, options);
  closers.push(() => built.deps.close());
  return { server, ...built };
}

/** The failure, checked to carry its message as data: `{ code, da, en }` first in its details, each half in its own language. */
async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  const [message] = failure.details ?? [];
  expect(message).toMatchObject({ code: expect.any(String), da: expect.any(String), en: expect.any(String) });
  const { da, en } = message as { da: string; en: string };
  expect(da).not.toContain(' / ');
  expect(en).not.toContain(' / ');
  expect(failure.message).toBe(`${da} / ${en}`);
  return failure;
}

describe('sendNotification over SMTP', () => {
  it('delivers a reminder once to the case team member, with subject and date', async () => {
    const { server, activities } = await setup();
    const result = await activities.sendNotification(notification());
    expect(result).toMatchObject({ sentTo: ['sp-anne'], alreadySent: false });
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.envelopeTo).toEqual(['anne@example.org']);
    expect(mail.parsed.subject).toBe('[Vugge] Påmindelse: Teamsamtale for sag K-2026-0042 senest 12.03.2026');
    expect(mail.parsed.text).toContain('https://vugge.example.org/sager/K-2026-0042');
    expect(mail.parsed.subject).not.toContain('Anne');
  });

  it('writes in the recipient language', async () => {
    const { server, activities } = await setup();
    await activities.sendNotification(notification({ toRoles: ['socialraadgiver'], team: { socialraadgiver: 'sr-sofie' } }));
    expect(server.to('sofie@example.org')[0]!.parsed.subject).toBe('[Vugge] Reminder: Teamsamtale for case K-2026-0042 by 12 Mar 2026');
  });

  it('escalates level 1 to the team leader and level 2 to the three leaders, naming roles and programme by their titles', async () => {
    const { server, activities } = await setup();
    const toRoles = (level: number) => (level === 1 ? ['teamleder'] : ['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje']);
    const escalation = (level: number) =>
      notification({ kind: 'escalation', escalationLevel: level, toRoles: toRoles(level), idempotencyKey: `K-2026-0042:teamsamtale:1:escalation:${level}`, ...titlesOf('spaedbarnsindsatsen.rules') });
    expect((await activities.sendNotification(escalation(1))).sentTo).toEqual(['tl-karen']);
    // spl-lone reads a morning digest: a later level waits for it (only a first notice goes at once).
    expect(await activities.sendNotification(escalation(2))).toMatchObject({ sentTo: ['al-henrik', 'fc-birgitte'], queuedForDigest: ['spl-lone'] });
    expect(server.received.map((r) => r.envelopeTo[0])).toEqual(['karen@example.org', 'henrik@example.org', 'birgitte@example.org']);
    for (const r of server.received) expect(r.parsed.subject).toBe('[Vugge] Eskalering: Teamsamtale for sag K-2026-0042 er ikke gjort (frist 12.03.2026)');
    expect(server.received[0]!.parsed.text).toContain('sp-anne (Primær sundhedsplejerske)');
    expect(server.received[0]!.parsed.text).toMatch(/Indsats:\s+Spædbarnsindsatsen\n/);
  });

  it('sends the same request only once', async () => {
    const { server, activities } = await setup();
    await activities.sendNotification(notification());
    const again = await activities.sendNotification(notification());
    expect(again).toMatchObject({ sentTo: ['sp-anne'], alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('holds single reminders for a digest reader and sends one morning digest once', async () => {
    let now = new Date('2026-03-10T09:00:00Z');
    const { server, activities } = await setup({ clock: () => now });
    const toPeter = (step: string) => notification({ toRoles: ['familieterapeut'], stepId: step, stepTitle: undefined, idempotencyKey: `K-2026-0042:${step}:1:reminder:0` });
    expect((await activities.sendNotification(toPeter('cosp'))).queuedForDigest).toEqual(['ft-peter']);
    await activities.sendNotification(toPeter('arbejdsmoede'));
    expect(server.received).toHaveLength(0);
    now = new Date('2026-03-11T05:00:00Z');
    expect(await activities.sendDigest('ft-peter', '2026-03-11')).toMatchObject({ items: 2, alreadySent: false });
    expect(await activities.sendDigest('ft-peter', '2026-03-11')).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]!.parsed.subject).toBe('[Vugge] Dagens overblik 11.03.2026: 2 påmindelser');
    expect(await activities.sendDigest('ft-peter', '2026-03-12')).toMatchObject({ items: 0, sentTo: [] });
  });

  it('fails non-retryably naming the staff id when the server rejects the address, and records it for the team leader', async () => {
    const { server, activities, deps } = await setup();
    server.rejectAddresses.add('anne@example.org');
    const failure = await failureOf(activities.sendNotification(notification()));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain("'sp-anne'");
    expect(deps.undeliverable.list({ reportTo: 'tl-karen' })).toMatchObject([{ staffId: 'sp-anne', reason: 'recipient_rejected', caseId: 'K-2026-0042' }]);
  });

  it('fails retryably while the SMTP server is down and delivers once when it is back', async () => {
    const { server, activities } = await setup({ pool: false });
    await server.stop();
    const failure = await failureOf(activities.sendNotification(notification()));
    expect(failure.nonRetryable).toBe(false);
    expect(failure.type).toBe('SmtpUnavailable');
    await server.start();
    expect((await activities.sendNotification(notification())).sentTo).toEqual(['sp-anne']);
    expect(await activities.sendNotification(notification())).toMatchObject({ alreadySent: true });
    expect(server.received).toHaveLength(1);
  });

  it('gives up past VUGGE_UNDELIVERABLE_AFTER after the first attempt and reports the notification as undeliverable', async () => {
    let now = new Date('2026-03-12T06:00:00Z');
    const { server, activities, deps } = await setup({ pool: false, undeliverableAfter: '4 hours', clock: () => now });
    await server.stop();
    await expect(activities.sendNotification(notification())).rejects.toMatchObject({ type: 'SmtpUnavailable' });
    now = new Date('2026-03-12T11:00:00Z');
    const failure = await failureOf(activities.sendNotification(notification()));
    expect(failure).toMatchObject({ nonRetryable: true, type: 'Undeliverable' });
    expect(deps.undeliverable.list({ unit: 'nord' })).toMatchObject([{ staffId: 'sp-anne', reason: 'smtp_unavailable', reportTo: 'tl-karen' }]);
  });

  it('rejects a malformed request with one sentence naming the field', async () => {
    const { activities } = await setup();
    const failure = await failureOf(activities.sendNotification(notification({ caseId: '010203-1234 Jensen' })));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(/^Ugyldig besked til e-mailaktiviteten: .*«010203-1234 Jensen» er ikke et gyldigt sags-id/);
    expect(failure.details?.[0]).toMatchObject({ code: 'case_id.format', en: expect.stringMatching(/^Invalid request to the e-mail activity: /) });
  });
});
