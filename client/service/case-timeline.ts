/**
 * One case as the command line shows it: its phase, every step with dates and status, and the visit
 * norm — one query to the case (`casePageQuery`, the same the web's case page reads), also for the
 * access check.
 */
import type { Client } from '@temporalio/client';
import { casePageQuery, obligationsQuery, type CasePage } from '../../workflows/case-messages.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { requireActingOnCase, type Acting } from './access.js';

export interface CaseTimeline {
  phase: number;
  timeline: TimelineEntry[];
  obligations: Obligations;
}

/** The case's timeline, for someone who may see the case. */
export async function caseTimeline(acting: Acting, client: Client, caseId: string): Promise<CaseTimeline> {
  let page: CasePage | undefined;
  const read = async () => (page ??= await client.workflow.getHandle(caseId).query(casePageQuery));
  await requireActingOnCase(acting, 'see_case', async () => (await read()).snapshot);
  const { phase, timeline, obligations } = await read();
  // A worker of the previous build answers the case page without the obligations (rolling upgrade).
  return { phase, timeline, obligations: obligations ?? (await client.workflow.getHandle(caseId).query(obligationsQuery)) };
}
