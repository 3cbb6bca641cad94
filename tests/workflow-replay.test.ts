/**
 * Recorded case histories replay against today's workflow code: a change that would make a running
 * case take another path fails here and belongs behind `patched()`. Re-record with
 * `VUGGE_RECORD_HISTORIES=1 npx vitest run tests/workflow-` (the time-skipping tests write them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Worker } from '@temporalio/worker';
import { bundleCaseWorkflows } from '../worker/create-worker.js';
import { historiesDir, historyFromText } from './workflow-harness.js';

const files = readdirSync(historiesDir).filter((f) => f.endsWith('.json')).sort();

describe('recorded case histories', () => {
  it('include the full lifecycle, a situation of each kind and Minding the Baby, before and after each patch', () => {
    const names = ['spaedbarn-lifecycle.json', 'spaedbarn-escalation.json', 'spaedbarn-pause.json', 'mtb-to-age-2.json'];
    // v1-*: recorded before 'keep-timer-across-events'; v2-*: before 'preconditions-from-series-start';
    // v3-*: before 'dated-reminder-keys' and 'leader-owners'. They prove that cases started then still replay.
    // The unprefixed histories other than the last two were recorded before 'catch-up-level-by-level',
    // 'visit-norm-grace' and 'zoned-norm-cutoff'; spaedbarn-catch-up and spaedbarn-visit-norm after them.
    const before = ['v1', 'v2', 'v3'].flatMap((v) => names.map((n) => `${v}-${n}`));
    expect(files).toEqual(expect.arrayContaining([...names, ...before, 'spaedbarn-moved-meeting.json', 'spaedbarn-leaders.json', 'spaedbarn-catch-up.json', 'spaedbarn-visit-norm.json']));
  });

  it('replay without nondeterminism', async () => {
    const histories = files.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromText(readFileSync(join(historiesDir, f), 'utf8')) }));
    const results: { id: string; error?: string }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await bundleCaseWorkflows() }, histories)) {
      results.push({ id: result.workflowId, error: result.error?.message });
    }
    expect(results).toEqual(histories.map((h) => ({ id: h.workflowId, error: undefined })));
  });
});
