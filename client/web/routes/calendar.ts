/**
 * A person's calendar feed, GET /kalender/<token>.ics: the steps they still have to do, for Outlook,
 * Google or Apple Calendar to subscribe to. The token in the address is the credential (see
 * client/service/calendar-feed.ts), so the route is open to anyone holding it; any other address
 * is "not found", never a hint whether a person exists.
 */
import type { FastifyInstance } from 'fastify';
import type { StaffDirectory } from '../../../activities/staff/schema.js';
import { publishFeed } from '../../../activities/mail/ics.js';
import { feedOwner, type FeedSource } from '../../service/calendar-feed.js';

const TOKEN = /^([A-Za-z0-9_-]{20,100})\.ics$/;

export interface CalendarRouteOptions {
  secret: string;
  directory: StaffDirectory;
  source: FeedSource;
}

export async function calendarRoutes(app: FastifyInstance, options: CalendarRouteOptions): Promise<void> {
  const ownerOf = feedOwner(options.secret, options.directory);
  // Calendar programs poll every few minutes; a wrong token costs as much as a right one.
  const config = { who: 'anyone' as const, rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get<{ Params: { file: string } }>('/kalender/:file', { config }, async (request, reply) => {
    const match = TOKEN.exec(request.params.file);
    const staffId = match ? ownerOf(match[1]!) : undefined;
    const text = (status: number, body: string) => reply.code(status).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(body);
    if (!staffId) return text(404, 'Kalenderen findes ikke. / Calendar not found.\n');
    let items;
    try {
      items = await options.source(staffId);
    } catch {
      reply.header('retry-after', '300');
      return text(503, 'Kalenderen kan ikke hentes lige nu; prøv igen om lidt. / The calendar cannot be fetched right now; try again shortly.\n');
    }
    return reply
      .code(200)
      .type('text/calendar; charset=utf-8; method=PUBLISH')
      .header('cache-control', 'private, max-age=300')
      .send(publishFeed(`Vugge — ${staffId}`, items));
  });
}
