/**
 * A person's calendar feed: the web app serves GET /kalender/<token>.ics (client/web/routes/
 * calendar.ts), a METHOD:PUBLISH calendar of the steps that person owns and has still to do, from
 * today and some months ahead; `vugge staff feed-url` prints the address to subscribe to.
 *
 * The token is HMAC-SHA256(VUGGE_FEED_SECRET, staff id): unguessable, stable, and revoked for
 * everyone by rotating the secret. It is the only credential, so the route needs no sign-in.
 *
 * The items come from the cases in Temporal: one visibility query for the person's running cases
 * (`VuggeOwners` holds the staff ids of each case's team), then each case's timeline query, a few
 * cases at a time.
 *
 *   VUGGE_FEED_SECRET   at least 32 characters; unset: no calendar feed
 *   VUGGE_FEED_URL      the public base URL of the feed (default VUGGE_WEB_URL, the web app's address)
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { FeedItem } from '../../activities/mail/ics.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import { StaffId } from '../../workflows/case-input.js';
import { timelineQuery } from '../../workflows/case-messages.js';
import type { TimelineEntry } from '../../workflows/case-views.js';

const ZONE = 'Europe/Copenhagen';
const DEFAULT_WEB_URL = 'http://127.0.0.1:3000';

/** Where a person's feed items come from; tests give a fake. */
export type FeedSource = (staffId: string) => Promise<FeedItem[]>;

export interface FeedSettings {
  /** Unset: the calendar feed is off. */
  secret?: string;
  /** The public base URL, without a trailing slash. */
  baseUrl: string;
}

/** The feed's settings as the web app and the CLI both read them. */
export function loadFeedSettings(env: Record<string, string | undefined> = process.env): FeedSettings {
  const secret = env.VUGGE_FEED_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new Error('VUGGE_FEED_SECRET skal være mindst 32 tegn. / VUGGE_FEED_SECRET must be at least 32 characters.');
  }
  return { secret, baseUrl: (env.VUGGE_FEED_URL || env.VUGGE_WEB_URL || DEFAULT_WEB_URL).replace(/\/+$/, '') };
}

export function feedToken(secret: string, staffId: string): string {
  return createHmac('sha256', secret).update(`vugge-calendar:${staffId}`).digest('base64url');
}

/** One person's subscription URL, or undefined when the feed is off. */
export function feedUrlFor(staffId: string, settings: FeedSettings): string | undefined {
  if (!settings.secret) return undefined;
  return `${settings.baseUrl}/kalender/${feedToken(settings.secret, staffId)}.ics`;
}

/** The staff id a token belongs to, compared in constant time; undefined for any other token. */
export function feedOwner(secret: string, directory: StaffDirectory): (token: string) => string | undefined {
  const tokens = directory.staff.map((p) => ({ staffId: p.id, token: Buffer.from(feedToken(secret, p.id)) }));
  return (token) => {
    const given = Buffer.from(token);
    return tokens.find((t) => t.token.length === given.length && timingSafeEqual(t.token, given))?.staffId;
  };
}
const UPCOMING: TimelineEntry['status'][] = ['not_yet_open', 'open', 'due_soon'];

export interface TemporalFeedSourceOptions {
  client: Client;
  /** Cases asked at the same time for one feed; default 4, so one feed never floods the workers. */
  concurrency?: number;
  /** How far ahead the feed reaches; default 6 months (network meetings are planned 3 months ahead). */
  monthsAhead?: number;
  /** The link on each entry, e.g. the case page. */
  caseLink?: (caseId: string) => string;
  /** Default the system clock. */
  now?: () => Date;
}

/** The visibility query for one person's running cases; the staff id is checked, so it cannot break out of the quotes. */
export function ownerQuery(staffId: string): string {
  if (!StaffId.safeParse(staffId).success) throw new Error(`'${staffId}' er ikke et gyldigt medarbejder-id. / '${staffId}' is not a valid staff id.`);
  return `VuggeOwners = '${staffId}' AND ExecutionStatus = 'Running'`;
}

/** A person's upcoming steps of one case's timeline as feed entries. */
function feedItemsOf(caseId: string, timeline: TimelineEntry[], staffId: string, from: string, until: string, caseLink?: (caseId: string) => string): FeedItem[] {
  return timeline
    .filter((e) => e.ownerStaff.includes(staffId) && UPCOMING.includes(e.status) && e.target >= from && e.target <= until)
    .map((e) => ({
      caseId,
      stepId: e.stepId,
      occurrence: e.occurrence,
      summary: `${e.title} — sag ${caseId}`,
      target: e.target,
      start: e.time ? `${e.target}T${e.time}` : undefined,
      url: caseLink?.(caseId),
    }));
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of the results. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function createTemporalFeedSource(options: TemporalFeedSourceOptions): FeedSource {
  const { client, concurrency = 4, monthsAhead = 6, caseLink } = options;
  const now = options.now ?? (() => new Date());
  return async (staffId) => {
    const query = ownerQuery(staffId);
    const caseIds: string[] = [];
    for await (const wf of client.workflow.list({ query })) caseIds.push(wf.workflowId);
    const today = DateTime.fromJSDate(now(), { zone: ZONE });
    const [from, until] = [today.toISODate()!, today.plus({ months: monthsAhead }).toISODate()!];
    const perCase = await mapBounded(caseIds.sort(), concurrency, async (caseId) => {
      try {
        return feedItemsOf(caseId, await client.workflow.getHandle(caseId).query(timelineQuery), staffId, from, until, caseLink);
      } catch (err) {
        // Closed between the list and the query: it has nothing upcoming. Anything else (no worker)
        // fails the feed, which answers "try again shortly" rather than an empty calendar.
        if (err instanceof WorkflowNotFoundError) return [];
        throw err;
      }
    });
    return perCase.flat().sort((a, b) => a.target.localeCompare(b.target) || a.caseId.localeCompare(b.caseId));
  };
}
