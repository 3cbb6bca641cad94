/**
 * The digest preference under the catch-up policy (docs/notifications.md): a person who asked for
 * one morning e-mail gets everything there — a catch-up, an escalation's later levels, leaders as
 * well as caseworkers — except an escalation's first notice, which goes at once. A catch-up lists
 * each of its steps as a line of the digest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { activitiesFor, notification, TestSmtpServer } from './mail-support.js';
import { titlesOf } from './rules-titles.js';

const THREE = ['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje'];
const servers: TestSmtpServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function setup(clock: () => Date) {
  const server = await new TestSmtpServer().start();
  servers.push(server);
  return { server, ...(await activitiesFor(server, { clock })) };
}

const items = [
  { stepId: 'sagsmoede', stepTitle: 'Sagsmøde i børneteamet', occurrence: 1, latest: '2026-01-11', ownerRoles: ['socialraadgiver'] },
  { stepId: 'screening', stepTitle: 'Screening', occurrence: 1, latest: '2026-02-26', ownerRoles: ['sundhedsplejerske'] },
];

describe('digest preference', () => {
  it.each([
    { what: "an escalation's first notice to the three leaders goes at once, also to a digest reader", level: 1, sentNow: ['al-henrik', 'fc-birgitte', 'spl-lone'], held: undefined },
    { what: "an escalation's second level waits for the digest of a leader who asked for one", level: 2, sentNow: ['al-henrik', 'fc-birgitte'], held: ['spl-lone'] },
  ])('$what', async ({ level, sentNow, held }) => {
    const { server, activities } = await setup(() => new Date('2026-03-10T09:00:00Z'));
    const result = await activities.sendNotification(
      notification({ kind: 'escalation', toRoles: THREE, escalationLevel: level, sequence: level, idempotencyKey: `K-2026-0042:teamsamtale:1:escalation:${level}` }),
    );
    expect(result.sentTo.sort()).toEqual(sentNow);
    expect(result.queuedForDigest).toEqual(held);
    expect(server.received).toHaveLength(sentNow.length);
  });

  it('holds a catch-up for a digest reader and lists each of its steps in the morning digest', async () => {
    let now = new Date('2026-03-10T09:00:00Z');
    const { server, activities } = await setup(() => now);
    const catchUp = notification({ kind: 'catch_up', toRoles: ['familieterapeut'], idempotencyKey: 'K-2026-0042:notice:1:catch_up', stepId: undefined, stepTitle: undefined, occurrence: undefined, target: undefined, latest: undefined, items, catchUp: true });
    expect((await activities.sendNotification(catchUp)).queuedForDigest).toEqual(['ft-peter']);
    expect(server.received).toHaveLength(0);
    now = new Date('2026-03-11T05:00:00Z');
    expect(await activities.sendDigest('ft-peter', '2026-03-11')).toMatchObject({ items: 1 });
    const digest = server.received[0]!.parsed;
    expect(digest.subject).toBe('[Vugge] Dagens overblik 11.03.2026: 2 påmindelser');
    expect(digest.text).toContain('Sag K-2026-0042: Sagsmøde i børneteamet senest 11.01.2026 (forsinket ved registreringen)');
    expect(digest.text).toContain('Sag K-2026-0042: Screening senest 26.02.2026 (forsinket ved registreringen)');
  });

  it('sends a catch-up at once to a person without the digest preference, one line per step, Danish first', async () => {
    const { server, activities } = await setup(() => new Date('2026-03-10T09:00:00Z'));
    const catchUp = notification({ kind: 'catch_up', toRoles: ['socialraadgiver'], idempotencyKey: 'K-2026-0042:notice:2:catch_up', stepId: undefined, stepTitle: undefined, occurrence: undefined, target: undefined, latest: undefined, items, catchUp: true, ...titlesOf('spaedbarnsindsatsen.rules') });
    expect((await activities.sendNotification(catchUp)).sentTo).toEqual(['sr-mette']);
    const mail = server.received[0]!.parsed;
    expect(mail.subject).toBe('[Vugge] Forsinket ved registreringen: 2 trin i sag K-2026-0042');
    expect(mail.text).toContain('- Sagsmøde i børneteamet (sagsmoede), frist 11.01.2026 — ansvarlig: sr-mette (Sagsansvarlig socialrådgiver)');
    expect(mail.text).toContain('- Screening (screening), frist 26.02.2026 — ansvarlig: sp-anne (Primær sundhedsplejerske)');
  });
});
