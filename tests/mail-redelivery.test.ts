/**
 * An SMTP outage does not drop notifications for good: the give-up time counts from the first
 * attempt, and what was recorded undeliverable is sent again — once — when the server is back and
 * the step still open. Real SMTP (smtp-server); the case's answer on relevance is a test double.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotificationRequest } from '../activities/notification-types.js';
import { resendUndeliverable, type Relevance } from '../worker/notification-resend.js';
import { statusOf, undeliverableTable } from '../client/cli/undeliverable.js';
import { startRedelivery } from '../worker/redelivery.js';
import { sendOnce } from '../activities/db/mail-store.js';
import { activitiesFor, notification, tempDataDir, TestSmtpServer } from './mail-support.js';

const servers: TestSmtpServer[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const HOUR = 3600e3;
const stillOpen: Relevance = async () => ({ relevant: true });

/** Activities on a stopped SMTP server with a clock the test moves; `giveUp` runs a notice into the give-up time. */
async function outage(options: { dataDir?: string } = {}) {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  let now = new Date('2026-03-12T06:00:00Z');
  const built = await activitiesFor(server, { pool: false, undeliverableAfter: '4 hours', clock: () => now, dataDir: options.dataDir });
  closers.push(() => built.deps.close());
  await server.stop();
  const clock = { advance: (ms: number) => void (now = new Date(now.getTime() + ms)), now: () => now };
  async function giveUp(request: NotificationRequest) {
    await expect(built.activities.sendNotification(request)).rejects.toMatchObject({ type: 'SmtpUnavailable' });
    clock.advance(4 * HOUR + 60e3);
    await expect(built.activities.sendNotification(request)).rejects.toMatchObject({ type: 'Undeliverable', nonRetryable: true });
  }
  return { server, clock, giveUp, ...built };
}

describe('the give-up time counts from the first attempt', () => {
  it('a notice due long before the outage is retried, not recorded undeliverable at its first failure', async () => {
    const { activities, deps, clock } = await outage();
    const request = notification({ at: new Date(clock.now().getTime() - 30 * HOUR).toISOString() });
    await expect(activities.sendNotification(request)).rejects.toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
    expect(deps.undeliverable.list()).toEqual([]);
    clock.advance(3 * HOUR);
    await expect(activities.sendNotification(request)).rejects.toMatchObject({ type: 'SmtpUnavailable' });
    clock.advance(HOUR + 60e3);
    await expect(activities.sendNotification(request)).rejects.toMatchObject({ type: 'Undeliverable' });
    expect(deps.undeliverable.list()).toMatchObject([{ staffId: 'sp-anne', reason: 'smtp_unavailable', request: { idempotencyKey: request.idempotencyKey } }]);
  });

  it('after a worker restart, the activity first scheduled 5 hours ago gives up', async () => {
    const { activities, clock } = await outage();
    const first = clock.now().getTime() - 5 * HOUR;
    const env = new MockActivityEnvironment({ scheduledTimestampMs: first, currentAttemptScheduledTimestampMs: clock.now().getTime() });
    await expect(env.run(activities.sendNotification, notification())).rejects.toMatchObject({ type: 'Undeliverable' });
  });
});

describe('resending undeliverable notifications', () => {
  it('sends a still relevant one once when the server is back, and the list says when', async () => {
    const { server, deps, giveUp, clock } = await outage();
    await giveUp(notification());
    await server.start();
    clock.advance(HOUR);
    const first = await resendUndeliverable(deps, { relevance: stillOpen });
    expect(first.resent).toHaveLength(1);
    expect(server.to('anne@example.org')).toHaveLength(1);
    expect(server.received[0]!.parsed.subject).toBe('[Vugge] Påmindelse: Teamsamtale for sag K-2026-0042 senest 12.03.2026');
    const again = await resendUndeliverable(deps, { relevance: stillOpen });
    expect(again).toMatchObject({ resent: [], notRelevant: [], stillUndeliverable: [] });
    expect(server.received).toHaveLength(1);
    const [record] = deps.undeliverable.list();
    expect(statusOf(record!, 'da')).toBe('gensendt 2026-03-12 12:01');
    expect(statusOf(record!, 'en')).toBe('resent 2026-03-12 12:01');
  });

  it('leaves it on the list as still undelivered while the server is down, and the worker sends it once it is back', async () => {
    const { server, deps, giveUp } = await outage();
    await giveUp(notification());
    const passes: number[] = [];
    const redelivery = startRedelivery({
      resend: async () => {
        const s = await resendUndeliverable(deps, { relevance: stillOpen, reasons: ['smtp_unavailable'] });
        passes.push(s.resent.length);
        return s;
      },
      waiting: () => deps.undeliverable.list().some((r) => !r.resentAt && !r.notRelevant),
      everyMs: 3600e3,
    });
    redelivery.kick();
    await redelivery.close();
    expect(statusOf(deps.undeliverable.list()[0]!, 'da')).toBe('stadig ikke leveret (forsøgt 2026-03-12 11:01)');
    await server.start();
    redelivery.kick();
    await redelivery.close();
    expect(passes).toEqual([0, 1]);
    expect(server.received).toHaveLength(1);
  });

  it.each([
    ['the step is done', { relevant: false, why: 'done' } as const, 'ikke gensendt: trinnet er ikke åbent mere'],
    ['the case has ended', { relevant: false, why: 'case_ended' } as const, 'ikke gensendt: sagen er afsluttet'],
  ])('does not send it when %s', async (_name, answer, status) => {
    const { server, deps, giveUp } = await outage();
    await giveUp(notification());
    await server.start();
    expect((await resendUndeliverable(deps, { relevance: async () => answer })).notRelevant).toHaveLength(1);
    expect(server.received).toEqual([]);
    expect(undeliverableTable(deps.undeliverable.list(), 'da')).toContain(status);
  });

  it('does not send a reminder a newer notice for the same step replaced', async () => {
    const { server, deps, activities, giveUp, clock } = await outage();
    await giveUp(notification({ at: clock.now().toISOString() }));
    await server.start();
    await activities.sendNotification(notification({ kind: 'overdue', idempotencyKey: 'K-2026-0042:teamsamtale:1:overdue:0', at: clock.now().toISOString() }));
    const summary = await resendUndeliverable(deps, { relevance: stillOpen });
    expect(summary.notRelevant.map((r) => r.notRelevant?.why)).toEqual(['superseded']);
    expect(server.received).toHaveLength(1);
  });

  it('never sends twice what another process sent meanwhile (both claim in the database)', async () => {
    const dataDir = await tempDataDir();
    const a = await outage({ dataDir });
    await a.giveUp(notification());
    await a.server.start();
    // a second process on the same data directory, opened before the first one resends
    const b = await activitiesFor(a.server, { dataDir, pool: false });
    closers.push(() => b.deps.close());
    expect((await resendUndeliverable(a.deps, { relevance: stillOpen })).resent).toHaveLength(1);
    expect(await resendUndeliverable(b.deps, { relevance: stillOpen })).toMatchObject({ resent: [], notRelevant: [] });
    expect(a.server.received).toHaveLength(1);
  });

  it('marks as already sent a notice another worker sent (a crash after the send, before the outcome)', async () => {
    const { server, deps, giveUp } = await outage();
    await giveUp(notification());
    await sendOnce(deps.db, { key: notification().idempotencyKey, staffId: 'sp-anne', worker: 'another-worker' }, (_attempt, record) => record(async () => true));
    await server.start();
    expect((await resendUndeliverable(deps, { relevance: stillOpen })).notRelevant.map((r) => r.notRelevant?.why)).toEqual(['already_sent']);
    expect(server.received).toEqual([]);
  });

  it('runs one pass at a time per data directory', async () => {
    const { server, deps, giveUp } = await outage();
    await giveUp(notification());
    await server.start();
    const [one, two] = await Promise.all([resendUndeliverable(deps, { relevance: stillOpen }), resendUndeliverable(deps, { relevance: stillOpen })]);
    expect([one.busy, two.busy].filter(Boolean)).toHaveLength(1);
    expect(server.received).toHaveLength(1);
  });
});
