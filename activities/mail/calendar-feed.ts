/**
 * A personal calendar feed: GET /kalender/<token>.ics lists one person's upcoming steps as a
 * METHOD:PUBLISH calendar that Outlook, Google or Apple Calendar can subscribe to. The token is
 * HMAC-SHA256(secret, staffId): unguessable, stable, and revoked for everyone by rotating the
 * secret. Serve it behind a TLS-terminating proxy, or give it a certificate and key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { StaffDirectory } from '../staff/schema.js';
import { publishFeed, type FeedItem } from './ics.js';

/** Where the items come from; the worker plugs in a source backed by the cases in Temporal. */
export type FeedSource = (staffId: string) => Promise<FeedItem[]>;

export function feedToken(secret: string, staffId: string): string {
  return createHmac('sha256', secret).update(`vugge-calendar:${staffId}`).digest('base64url');
}

export interface CalendarFeedOptions {
  secret: string;
  directory: StaffDirectory;
  source: FeedSource;
}

export function calendarFeedHandler(options: CalendarFeedOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const tokens = options.directory.staff.map((p) => ({ staffId: p.id, token: Buffer.from(feedToken(options.secret, p.id)) }));
  const lookup = (token: string): string | undefined => {
    const given = Buffer.from(token);
    return tokens.find((t) => t.token.length === given.length && timingSafeEqual(t.token, given))?.staffId;
  };
  return (req, res) => {
    const match = /^\/kalender\/([A-Za-z0-9_-]{20,100})\.ics$/.exec((req.url ?? '').split('?')[0]!);
    const staffId = req.method === 'GET' || req.method === 'HEAD' ? match && lookup(match[1]!) : undefined;
    if (!staffId) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Kalenderen findes ikke. / Calendar not found.\n');
      return;
    }
    options
      .source(staffId)
      .then((items) => {
        const body = publishFeed(`Vugge — ${staffId}`, items);
        res.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8; method=PUBLISH', 'cache-control': 'private, max-age=300' });
        res.end(req.method === 'HEAD' ? undefined : body);
      })
      .catch(() => {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '300' }).end('Kalenderen kan ikke hentes lige nu; prøv igen om lidt. / Try again shortly.\n');
      });
  };
}

/** An HTTP server for the feed, or HTTPS when a certificate and key are configured. */
export function createCalendarFeedServer(options: CalendarFeedOptions & { tls?: { certFile: string; keyFile: string } }): Server {
  const handler = calendarFeedHandler(options);
  if (options.tls) return createHttpsServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }, handler);
  return createHttpServer(handler);
}
