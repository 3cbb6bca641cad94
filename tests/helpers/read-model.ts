/**
 * Fills the read model from running cases the way a case projects itself: its snapshot and
 * obligations queries through `projectionOf`, with the escalations waiting for a leader as the
 * levels. For tests of the lists, before or without a worker that projects.
 */
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Database } from '../../activities/db/driver.js';
import { projectionOf } from '../../activities/db/projection.js';
import { projectCase, takeOverdueSnapshot } from '../../activities/db/read-model.js';
import { escalationsQuery, obligationsQuery, snapshotQuery } from '../../workflows/case-messages.js';

let seq = 0;

export async function projectRunningCases(client: Client, db: Database, caseIds: readonly string[]): Promise<void> {
  const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
  for (const caseId of caseIds) {
    const handle = client.workflow.getHandle(caseId);
    const [snapshot, obligations, waiting] = await Promise.all([handle.query(snapshotQuery), handle.query(obligationsQuery), handle.query(escalationsQuery)]);
    const levels = Object.fromEntries(waiting.map((e) => [`${e.stepId}:${e.occurrence}`, e.level]));
    await projectCase(db, projectionOf(snapshot, obligations, today, levels), ++seq + Date.now());
  }
  await takeOverdueSnapshot(db, today);
}
