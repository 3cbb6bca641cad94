/**
 * The command line's rows in the audit log, on a dev server with the case worker: `vugge case open`
 * and `vugge case event` each leave exactly one row, from `cli`, naming the staff id the command
 * runs as (--by or VUGGE_STAFF_ID); a change the case refuses leaves the row and a refusal row and
 * changes nothing else; when the log cannot be written the case is not asked at all.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openVuggeDatabase } from '../activities/db/index.js';
import { verifyAudit, type AuditRow } from '../activities/db/audit.js';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { run } from '../client/cli/case.js';
import { loadDatabaseConfig } from '../activities/db/config.js';
import type { DevServer } from '../scripts/dev-server.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { eventLogQuery } from '../workflows/case-messages.js';
import { startTestDevServer, tempDir } from './helpers/temporal.js';

const TASK_QUEUE = 'vugge-cli-audit';
const today = DateTime.now().setZone('Europe/Copenhagen').startOf('day');
const daysAgo = (n: number) => today.minus({ days: n }).toISODate()!;
const caseId = `K-CLI-${Date.now() % 100000}`;

let server: DevServer;
let worker: Worker;
let running: Promise<void>;
let nativeConnection: NativeConnection;
let connection: Connection;
let client: Client;
const env: Record<string, string> = {};
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = await startTestDevServer();
  nativeConnection = await NativeConnection.connect({ address: server.address });
  worker = await createWorker({ connection: nativeConnection, taskQueue: TASK_QUEUE, activities: createRecordingNotificationActivities().activities, workflowBundle: await bundleCaseWorkflows() });
  running = worker.run();
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection });
  Object.assign(env, { TEMPORAL_ADDRESS: server.address, VUGGE_TASK_QUEUE: TASK_QUEUE, VUGGE_STAFF_FILE: 'config/staff.example.yaml', VUGGE_DATA_DIR: tempDir('vugge-cli-audit-'), VUGGE_STAFF_ID: 'sr-mette' });
  for (const key of [...Object.keys(env), 'VUGGE_DATABASE_URL', 'VUGGE_PAYLOAD_KEYS', 'VUGGE_PAYLOAD_KEY_FILE']) saved[key] = process.env[key];
  delete process.env.VUGGE_DATABASE_URL;
  delete process.env.VUGGE_PAYLOAD_KEYS;
  delete process.env.VUGGE_PAYLOAD_KEY_FILE;
  Object.assign(process.env, env);
});
afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  worker?.shutdown();
  await running;
  await connection?.close();
  await nativeConnection?.close();
  await server?.stop();
});

/** Runs `vugge case …` in this process; returns the exit code and what it printed. */
async function vugge(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const code = await run(args);
    return { code, out: log.mock.calls.map((c) => c.join(' ')).join('\n'), err: error.mock.calls.map((c) => c.join(' ')).join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** The audit log the command line wrote (Vugge's database under VUGGE_DATA_DIR). */
async function rows(): Promise<AuditRow[]> {
  const db = await openVuggeDatabase(loadDatabaseConfig(env));
  try {
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
    return await db.query<AuditRow>('SELECT id, actor, action, case_id AS "caseId", source, details FROM audit_log ORDER BY id');
  } finally {
    await db.close();
  }
}
/** The rows a command added: those after `before`. */
const added = async (before: number) => (await rows()).slice(before);
const logOf = () => client.workflow.getHandle(caseId).query(eventLogQuery);

describe('the command line in the audit log', () => {
  it('vugge case open leaves one row: the case, from cli, as the person it runs as', async () => {
    const result = await vugge(
      'open', caseId, '--rules-file', 'rules/spaedbarnsindsatsen.rules', '--unit', 'nord', '--municipality', '0751',
      '--team', 'socialraadgiver=sr-mette,sundhedsplejerske=sp-anne,familieterapeut=ft-peter', '--notified', daysAgo(5), '--by', 'tl-karen',
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(await rows()).toEqual([
      expect.objectContaining({ actor: 'tl-karen', action: 'case.open', caseId, source: 'cli', details: { programme: 'spaedbarnsindsatsen', unit: 'nord' } }),
    ]);
  });

  it('vugge case event leaves one row as VUGGE_STAFF_ID, and the case has the event by her', async () => {
    const before = (await rows()).length;
    const result = await vugge('event', caseId, 'visit', '--at', daysAgo(1), '--hours', '1,5');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(await added(before)).toEqual([
      expect.objectContaining({ actor: 'sr-mette', action: 'case.register', caseId, source: 'cli', details: { type: 'visit', at: daysAgo(1) } }),
    ]);
    expect((await logOf()).at(-1)!.event).toMatchObject({ type: 'visit', by: 'sr-mette' });
  });

  it('a meeting planned with --by is recorded as that person', async () => {
    const before = (await rows()).length;
    const result = await vugge('event', caseId, 'planned', '--step', 'teamsamtale', '--occurrence', '1', '--at', today.plus({ days: 3 }).toISODate()!, '--time', '10:00', '--by', 'sp-anne');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(await added(before)).toEqual([expect.objectContaining({ actor: 'sp-anne', action: 'case.register', source: 'cli', details: expect.objectContaining({ type: 'planned', step: 'teamsamtale' }) })]);
  });

  it('a change the case refuses leaves the row and a refusal row, and the case is unchanged', async () => {
    const [rowsBefore, logBefore] = [(await rows()).length, await logOf()];
    const result = await vugge('event', caseId, 'resume', '--at', daysAgo(1));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/ikke sat på pause/);
    expect(await added(rowsBefore)).toEqual([
      expect.objectContaining({ actor: 'sr-mette', action: 'case.register', caseId, source: 'cli' }),
      expect.objectContaining({ actor: 'sr-mette', action: 'case.register_refused', caseId, source: 'cli', details: { type: 'resume', at: daysAgo(1), refusal: 'resume.not_paused' } }),
    ]);
    expect(await logOf()).toEqual(logBefore);
  });

  it('when the audit log cannot be written, the command is refused and the case is not asked', async () => {
    const logBefore = await logOf();
    process.env.VUGGE_DATABASE_URL = 'postgres://vugge@127.0.0.1:1/vugge';
    try {
      const result = await vugge('event', caseId, 'visit', '--at', daysAgo(1), '--hours', '2');
      expect(result.code).toBe(1);
      expect(result.err).toBe('Handlingen kunne ikke skrives i revisionssporet, så den er ikke udført; prøv igen om lidt. / The action could not be written to the audit log, so it was not carried out; try again shortly.');
    } finally {
      delete process.env.VUGGE_DATABASE_URL;
    }
    expect(await logOf()).toEqual(logBefore);
  });
});
