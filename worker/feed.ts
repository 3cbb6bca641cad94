/**
 * Starts the personal calendar feed next to the worker when VUGGE_FEED_SECRET is set: HTTP (or
 * HTTPS with VUGGE_FEED_TLS_CERT/KEY) on 127.0.0.1:VUGGE_FEED_PORT, for a TLS-terminating proxy in
 * front. It logs the URL pattern, never a token: a token is a person's calendar.
 *
 *   VUGGE_FEED_URL   the public base URL people subscribe to (default http://127.0.0.1:<port>)
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createCalendarFeedServer, feedToken } from '../activities/mail/calendar-feed.js';
import { caseLinker } from '../activities/mail/compose.js';
import type { MailConfig } from '../activities/mail/config.js';
import type { StaffDirectory } from '../activities/staff/schema.js';
import { createTemporalFeedSource } from './feed-source.js';

const HOST = '127.0.0.1';

export interface RunningFeed {
  /** The base URL the feed listens on. */
  url: string;
  close(): Promise<void>;
}

/** The public base URL of the feed, without a trailing slash. */
export function feedBaseUrl(config: MailConfig, env: Record<string, string | undefined> = process.env): string {
  const base = env.VUGGE_FEED_URL || `${config.feed.tls ? 'https' : 'http'}://${HOST}:${config.feed.port}`;
  return base.replace(/\/+$/, '');
}

/** One person's subscription URL, or undefined when no VUGGE_FEED_SECRET is set. */
export function feedUrlFor(staffId: string, config: MailConfig, env: Record<string, string | undefined> = process.env): string | undefined {
  if (!config.feed.secret) return undefined;
  return `${feedBaseUrl(config, env)}/kalender/${feedToken(config.feed.secret, staffId)}.ics`;
}

export async function startCalendarFeed(options: { client: Client; directory: StaffDirectory; config: MailConfig; log?: (line: string) => void }): Promise<RunningFeed | undefined> {
  const { config, log = console.log } = options;
  const { secret, port, tls } = config.feed;
  if (!secret) {
    log('[feed] Kalenderfeedet er slået fra (sæt VUGGE_FEED_SECRET for at slå det til).');
    return undefined;
  }
  const source = createTemporalFeedSource({ client: options.client, caseLink: caseLinker(config.caseUrl) });
  const server: Server = createCalendarFeedServer({ secret, directory: options.directory, source, tls });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${HOST}:${actual}`;
  log(`[feed] Kalenderfeed på ${url}/kalender/<token>.ics — en medarbejders adresse: vugge staff feed-url STAFF`);
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
