/** One case as the command line shows it: its phase, every step with dates and status, and the visit norm. */
import type { Client } from '@temporalio/client';
import { obligationsQuery, phaseQuery, snapshotQuery, timelineQuery } from '../../workflows/case-messages.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { requireActingOnCase, type Acting } from './access.js';

export interface CaseTimeline {
  phase: number;
  timeline: TimelineEntry[];
  obligations: Obligations;
}

/** The case's timeline, for someone who may see the case. */
export async function caseTimeline(acting: Acting, client: Client, caseId: string): Promise<CaseTimeline> {
  await requireActingOnCase(acting, 'see_case', () => client.workflow.getHandle(caseId).query(snapshotQuery));
  const handle = client.workflow.getHandle(caseId);
  const [timeline, obligations, phase] = await Promise.all([handle.query(timelineQuery), handle.query(obligationsQuery), handle.query(phaseQuery)]);
  return { phase, timeline, obligations };
}
