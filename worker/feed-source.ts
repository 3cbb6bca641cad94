/**
 * The calendar feed's source backed by the cases in Temporal: one visibility query for the
 * person's running cases (`VuggeOwners` holds the staff ids of each case's team), then each
 * case's timeline query, a few cases at a time. The feed lists the steps that person owns and has
 * still to do, from today and some months ahead.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { FeedSource } from '../activities/mail/calendar-feed.js';
import type { FeedItem } from '../activities/mail/ics.js';
import { StaffId } from '../workflows/case-input.js';
import { timelineQuery } from '../workflows/case-messages.js';
import type { TimelineEntry } from '../workflows/case-views.js';

const ZONE = 'Europe/Copenhagen';
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
export function feedItemsOf(caseId: string, timeline: TimelineEntry[], staffId: string, from: string, until: string, caseLink?: (caseId: string) => string): FeedItem[] {
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
