import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendarFeedServer, feedToken, type FeedSource } from '../activities/mail/calendar-feed.js';
import type { FeedItem } from '../activities/mail/ics.js';
import { exampleDirectory } from './mail-support.js';

const secret = 'a-test-secret-of-at-least-32-characters';

/** A fake feed source: fixed items per staff id, standing in for the Temporal-backed source. */
const fakeSource: FeedSource = async (staffId) => {
  const items: Record<string, FeedItem[]> = {
    'sp-anne': [
      { caseId: 'K-2026-0042', stepId: 'teamsamtale', occurrence: 1, summary: 'Teamsamtale — sag K-2026-0042', target: '2026-03-12' },
      { caseId: 'K-2026-0042', stepId: 'netvaerksmoede', occurrence: 4, summary: 'Netværksmøde — sag K-2026-0042', target: '2026-03-30', start: '2026-03-30T10:00', durationMinutes: 90 },
    ],
  };
  return items[staffId] ?? [];
};

let server: Server | undefined;
afterEach(async () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function start(): Promise<string> {
  server = createCalendarFeedServer({ secret, directory: await exampleDirectory(), source: fakeSource });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('personal calendar feed', () => {
  it("serves that person's steps as a PUBLISH calendar at the token URL", async () => {
    const base = await start();
    const res = await fetch(`${base}/kalender/${feedToken(secret, 'sp-anne')}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(await res.text()));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['K-2026-0042-teamsamtale-1@vugge', 'K-2026-0042-netvaerksmoede-4@vugge']);
    expect(events[0]!.startDate.isDate).toBe(true);
    expect(events[1]!.startDate.toString()).toBe('2026-03-30T10:00:00');
  });

  it('answers 404 to a wrong token, another secret, or another path', async () => {
    const base = await start();
    const good = feedToken(secret, 'sp-anne');
    const wrong = [`/kalender/${good.slice(0, -1)}x.ics`, `/kalender/${feedToken('another-secret-that-is-long-enough-123', 'sp-anne')}.ics`, `/kalender/sp-anne.ics`, `/kalender/${good}`];
    for (const path of wrong) expect((await fetch(base + path)).status, path).toBe(404);
  });

  it('gives each person a different, stable token', () => {
    expect(feedToken(secret, 'sp-anne')).toBe(feedToken(secret, 'sp-anne'));
    expect(feedToken(secret, 'sp-anne')).not.toBe(feedToken(secret, 'sr-mette'));
  });
});
