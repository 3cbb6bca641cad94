/** The personal calendar feed as the web app serves it: GET /kalender/<token>.ics, no sign-in. */
import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedItem } from '../activities/mail/ics.js';
import { feedToken, feedUrlFor, loadFeedSettings, type FeedSource } from '../client/service/calendar-feed.js';
import type { CaseService } from '../client/service/cases.js';
import { buildWebApp } from '../client/web/server.js';
import type { SignIn } from '../client/web/sign-in.js';
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

let app: FastifyInstance | undefined;
afterEach(async () => app?.close());

/** The web app with the feed switched on (or off); the pages it does not reach get stand-ins. */
async function start(source: FeedSource | null = fakeSource): Promise<(path: string, method?: 'GET' | 'HEAD') => Promise<{ status: number; type?: string; body: string }>> {
  app = await buildWebApp({
    directory: await exampleDirectory(),
    programmes: [],
    cases: {} as CaseService,
    calendarFeed: source ? { secret, source } : undefined,
    signIn: {} as SignIn,
    publicUrl: 'http://127.0.0.1:3000',
    sessionSecret: 'a-session-secret-of-at-least-32-characters',
    secureCookies: false,
    idleMs: 60_000,
  });
  return async (url, method = 'GET') => {
    const res = await app!.inject({ method, url });
    return { status: res.statusCode, type: res.headers['content-type'] as string | undefined, body: res.body };
  };
}

describe('personal calendar feed', () => {
  it("serves that person's steps as a PUBLISH calendar at the token URL", async () => {
    const get = await start();
    const res = await get(`/kalender/${feedToken(secret, 'sp-anne')}.ics`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(res.body));
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['K-2026-0042-teamsamtale-1@vugge', 'K-2026-0042-netvaerksmoede-4@vugge']);
    expect(events[0]!.startDate.isDate).toBe(true);
    expect(events[1]!.startDate.toString()).toBe('2026-03-30T10:00:00');
  });

  it('answers 404 to a wrong token, another secret, or another path', async () => {
    const get = await start();
    const good = feedToken(secret, 'sp-anne');
    const wrong = [`/kalender/${good.slice(0, -1)}x.ics`, `/kalender/${feedToken('another-secret-that-is-long-enough-123', 'sp-anne')}.ics`, `/kalender/sp-anne.ics`, `/kalender/${good}`];
    for (const path of wrong) expect((await get(path)).status, path).toBe(404);
  });

  it('answers HEAD without a body, and 503 with a retry sentence when the cases cannot be read', async () => {
    const head = await (await start())(`/kalender/${feedToken(secret, 'sp-anne')}.ics`, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    await app!.close();
    const failing = await start(() => Promise.reject(new Error('no worker')));
    const res = await failing(`/kalender/${feedToken(secret, 'sp-anne')}.ics`);
    expect(res).toMatchObject({ status: 503, body: expect.stringContaining('prøv igen om lidt') });
  });

  it('is not there at all when no VUGGE_FEED_SECRET is set', async () => {
    const get = await start(null);
    expect((await get(`/kalender/${feedToken(secret, 'sp-anne')}.ics`)).status).toBe(404);
    expect(app!.declaredRoutes.some((r) => r.url.startsWith('/kalender'))).toBe(false);
  });

  it('is declared open to anyone: the token is the credential', async () => {
    await start();
    expect(app!.declaredRoutes).toContainEqual({ method: 'GET', url: '/kalender/:file', who: 'anyone' });
  });

  it('gives each person a different, stable token', () => {
    expect(feedToken(secret, 'sp-anne')).toBe(feedToken(secret, 'sp-anne'));
    expect(feedToken(secret, 'sp-anne')).not.toBe(feedToken(secret, 'sr-mette'));
  });
});

describe('feed settings shared by the web app and `vugge staff feed-url`', () => {
  it.each([
    ['the web app address by default', { VUGGE_FEED_SECRET: secret }, `http://127.0.0.1:3000/kalender/${feedToken(secret, 'sr-mette')}.ics`],
    ['under VUGGE_WEB_URL', { VUGGE_FEED_SECRET: secret, VUGGE_WEB_URL: 'https://vugge.kommune.dk/' }, `https://vugge.kommune.dk/kalender/${feedToken(secret, 'sr-mette')}.ics`],
    ['under VUGGE_FEED_URL before VUGGE_WEB_URL', { VUGGE_FEED_SECRET: secret, VUGGE_WEB_URL: 'https://a.dk', VUGGE_FEED_URL: 'https://kalender.kommune.dk' }, `https://kalender.kommune.dk/kalender/${feedToken(secret, 'sr-mette')}.ics`],
    ['none when the feed is off', { VUGGE_FEED_SECRET: '' }, undefined],
  ])('gives the URL %s', (_, env, expected) => {
    expect(feedUrlFor('sr-mette', loadFeedSettings(env))).toBe(expected);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => loadFeedSettings({ VUGGE_FEED_SECRET: 'short' })).toThrow(/mindst 32 tegn/);
  });
});
