/**
 * The overdue list on a real dev server: several cases opened through the CLI, each already late on
 * some steps and projected into the read model (as their workflows will); `vugge overdue` and
 * `vugge cases` list them from the read model — still with the worker stopped, so they cannot be
 * asking the cases.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { run as caseCommand } from '../client/cli/case.js';
import { run as casesCommand } from '../client/cli/cases.js';
import { run as overdueCommand } from '../client/cli/overdue.js';
import type { OverdueRow } from '../client/service/overdue.js';
import { UndeliverableLog } from '../worker/storage/undeliverable.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { startTestDevServer, tempDir } from './helpers/temporal.js';
import { openVuggeDatabase } from '../activities/db/index.js';
import { projectRunningCases } from './helpers/read-model.js';
import type { DevServer } from '../scripts/dev-server.js';

let server: DevServer;
let worker: Worker;
let running: Promise<void>;
let client: Client;
const taskQueue = 'vugge-overdue-test';
const env = { ...process.env };

beforeAll(async () => {
  server = await startTestDevServer();
  Object.assign(process.env, { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', VUGGE_TASK_QUEUE: taskQueue, VUGGE_STAFF_ID: 'sr-mette', VUGGE_DATA_DIR: tempDir('vugge-overdue-db-') });
  const connection = await NativeConnection.connect({ address: server.address });
  worker = await createWorker({ connection, taskQueue, activities: createRecordingNotificationActivities().activities, workflowBundle: await bundleCaseWorkflows() });
  running = worker.run();
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
});
afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await client?.connection.close();
  await server?.stop();
  process.env = env;
});

/** Runs a CLI command in-process and returns its exit code and what it printed. */
async function cli(command: (args: string[]) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await command(args), out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    stderr.mockRestore();
  }
}

const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const daysAgo = (n: number) => today.minus({ days: n }).toISODate()!;
const rules = new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url).pathname;

describe('vugge overdue on the dev server', () => {
  it('lists every overdue step across cases from the read model', async () => {
    const cases = [
      { id: `OV-nord-1-${Date.now() % 100000}`, unit: 'nord', notified: daysAgo(20), team: 'socialraadgiver=sr-mette,sundhedsplejerske=sp-anne,teamleder=tl-jens' },
      { id: `OV-nord-2-${Date.now() % 100000}`, unit: 'nord', notified: daysAgo(3), team: 'socialraadgiver=sr-sofie,sundhedsplejerske=sp-anne,teamleder=tl-jens' },
      { id: `OV-syd-1-${Date.now() % 100000}`, unit: 'syd', notified: daysAgo(30), team: 'socialraadgiver=sr-mette,sundhedsplejerske=sp-hanne,teamleder=tl-karen' },
    ];
    for (const c of cases) {
      const opened = await cli(caseCommand, ['open', c.id, '--rules-file', rules, '--unit', c.unit, '--municipality', '0751', '--team', c.team, '--notified', c.notified]);
      expect(opened, opened.err).toMatchObject({ code: 0 });
    }
    // A validator's sentence reaches the person without the SDK's wrapping.
    const future = await cli(caseCommand, ['event', cases[0]!.id, 'birth', '--at', today.plus({ days: 3 }).toISODate()!]);
    expect(future.code).toBe(1);
    expect(future.err).toMatch(/^Datoen \d{4}-\d{2}-\d{2} ligger efter i dag/);

    // Wait until the visibility store has all three cases' overdue items.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const { count } = await client.workflow.count(`VuggeOverdueCount > 0 AND WorkflowId STARTS_WITH 'OV-'`);
      if (count === 3) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // The read model as the cases project themselves (into VUGGE_DATA_DIR's database, which the CLI opens).
    const db = await openVuggeDatabase();
    await projectRunningCases(client, db, cases.map((c) => c.id));
    await db.close();
    const mine0 = JSON.parse((await cli(casesCommand, ['--owner', 'sr-mette', '--json'])).out) as { caseId: string; stepId: string; status: string }[];
    expect(mine0.filter((r) => r.stepId === 'sagsmoede' && r.status === 'overdue').map((r) => r.caseId).sort()).toEqual([cases[0]!.id, cases[2]!.id].sort());
    expect(mine0.some((r) => r.caseId === cases[1]!.id)).toBe(false);
    // A team leader owns the notification assessments of her unit's cases (the worker's directory is
    // config/staff.example.yaml: nord's team leader is tl-karen, not the tl-jens the team names).
    const karen = JSON.parse((await cli(casesCommand, ['--owner', 'tl-karen', '--json'])).out) as { caseId: string; stepId: string; status: string }[];
    expect(karen.filter((r) => r.stepId === 'underretning_vurdering' && r.status === 'overdue').map((r) => r.caseId).sort()).toEqual([cases[0]!.id, cases[1]!.id].sort());

    // The timeline table, and what a rules change would do to the case before anything moves.
    const shown = await cli(caseCommand, ['show', cases[0]!.id]);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(new RegExp(`^Sag ${cases[0]!.id} — fase 1`));
    expect(shown.out).toMatch(/Sagsmøde i børneteamet \[sagsmoede\]\s+1\s+\d{2}\.\d{2}\.\d{4}\s+\d{2}\.\d{2}\.\d{4}\s+sr-mette\s+forsinket/);
    const changedRules = join(mkdtempSync(join(tmpdir(), 'vugge-rules-')), 'spaedbarnsindsatsen.rules');
    writeFileSync(changedRules, readFileSync(rules, 'utf8').replace('due at the latest 1 week after notification', 'due at the latest 4 weeks after notification'));
    const dry = await cli(caseCommand, ['migrate', cases[0]!.id, '--to', changedRules, '--dry-run']);
    expect(dry, dry.err).toMatchObject({ code: 0 });
    expect(dry.out).toMatch(/flyttes: sagsmoede nr\. 1: .*senest/);
    expect((await cli(caseCommand, ['show', cases[0]!.id, '--json'])).out).toContain('"stepId": "sagsmoede"');

    worker.shutdown();
    await running;

    const nord = await cli(overdueCommand, ['--unit', 'nord', '--json']);
    expect(nord.code).toBe(0);
    const rows = JSON.parse(nord.out) as OverdueRow[];
    const mine = rows.filter((r) => cases.some((c) => c.id === r.caseId));
    expect(new Set(mine.map((r) => r.caseId))).toEqual(new Set([cases[0]!.id, cases[1]!.id]));
    // Notified 20 days ago: the notification assessment (due that day) and the case meeting (a
    // week later) are late; the investigation (4 months) is not.
    const first = mine.filter((r) => r.caseId === cases[0]!.id);
    expect(first.map((r) => r.stepId).sort()).toEqual(['sagsmoede', 'underretning_vurdering']);
    const assessment = first.find((r) => r.stepId === 'underretning_vurdering')!;
    expect(assessment.latest >= daysAgo(20)).toBe(true);
    expect(assessment.daysLate).toBe(Math.round(today.diff(DateTime.fromISO(assessment.latest), 'days').days));
    expect(first.find((r) => r.stepId === 'sagsmoede')?.owners).toEqual(['sr-mette']);
    // Leader-owned: the unit's department leader (leder_bfr) and team leader from the directory.
    expect(assessment.owners).toEqual(['al-henrik', 'tl-karen']);
    // Notified 3 days ago: only the assessment is late so far.
    expect(mine.filter((r) => r.caseId === cases[1]!.id).map((r) => r.stepId)).toEqual(['underretning_vurdering']);

    const all = JSON.parse((await cli(overdueCommand, ['--json'])).out) as OverdueRow[];
    expect(all.filter((r) => r.caseId === cases[2]!.id).length).toBeGreaterThanOrEqual(2);
    const table = await cli(overdueCommand, ['--unit', 'syd']);
    expect(table.out).toMatch(/^\d+ forsinkede trin i enhed syd pr\. /);
    expect(table.out).toContain(cases[2]!.id);
    // Step titles from the rules and the deadline, not step ids and occurrence numbers.
    expect(table.out).toMatch(new RegExp(`${cases[2]!.id}\\s+syd\\s+Vurdering af underretning\\s+\\d{2}\\.\\d{2}\\.\\d{4}\\s+\\d+\\s+al-henrik, tl-jens`));
    expect(table.out).not.toMatch(/underretning_vurdering/);

    // Notifications that never reached anyone follow the overdue list, for the unit asked about only.
    const dataDir = process.env.VUGGE_DATA_DIR!;
    const undeliverable = await UndeliverableLog.open(dataDir);
    const record = { kind: 'reminder', stepId: 'teamsamtale', staffId: 'sp-hanne', reportTo: 'tl-jens', reason: 'recipient_rejected' as const, detail: '550', dueAt: '2026-01-05T07:00:00Z', at: '2026-01-05T07:00:01Z' };
    await undeliverable.record({ ...record, key: 'K-U1:teamsamtale:1:reminder:0', caseId: 'K-U1', unit: 'syd' });
    await undeliverable.record({ ...record, key: 'K-U2:teamsamtale:1:reminder:0', caseId: 'K-U2', unit: 'nord', staffId: 'sp-anne', reportTo: 'tl-karen' });
    await undeliverable.close();
    process.env.VUGGE_DATA_DIR = dataDir;
    const withUndelivered = await cli(overdueCommand, ['--unit', 'syd']);
    expect(withUndelivered.out).toContain('1 besked kunne ikke leveres');
    expect(withUndelivered.out).toMatch(/K-U1\s+teamsamtale\s+reminder\s+sp-hanne\s+syd\s+adressen afvist/);
    expect(withUndelivered.out).not.toContain('K-U2');

    const badUnit = await cli(overdueCommand, ['--unit', 'Nord Syd']);
    expect(badUnit).toMatchObject({ code: 2 });
    expect(badUnit.err).toMatch(/^--unit 'Nord Syd' skal være en kode/);
  });
});
