/**
 * The calendar feed on real cases in the dev server: two Spædbarnsindsatsen cases share a social
 * worker. Her feed lists the upcoming steps of both, each health visitor's feed only their own
 * case, and a person on neither case gets an empty calendar — through the visibility query, the
 * timeline queries and the HTTP feed itself.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { compile } from '../dsl/compile/compile.js';
import type { DevServer } from '../scripts/dev-server.js';
import { createWorker } from '../worker/create-worker.js';
import { createTemporalFeedSource, feedToken, feedUrlFor, loadFeedSettings, ownerQuery } from '../client/service/calendar-feed.js';
import { startWeb, type RunningWeb } from '../client/web/main.js';
import { timelineQuery } from '../workflows/case-messages.js';
import { exampleDirectory } from './mail-support.js';
import { startTestDevServer } from './helpers/temporal.js';

const SECRET = 'en-hemmelighed-til-test-af-kalenderfeedet';

let server: DevServer;
let connection: Connection;
let native: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let web: RunningWeb | undefined;
const caseA = `F-${randomUUID().slice(0, 8)}`;
const caseB = `F-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  server = await startTestDevServer();
  [connection, native] = await Promise.all([Connection.connect({ address: server.address }), NativeConnection.connect({ address: server.address })]);
  client = new Client({ connection });
  const taskQueue = `feed-${randomUUID()}`;
  worker = await createWorker({ connection: native, taskQueue, activities: createRecordingNotificationActivities().activities });
  running = worker.run();

  const compiled = compile(readFileSync(new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url), 'utf8'));
  if (!compiled.ok) throw new Error('rules/spaedbarnsindsatsen.rules does not compile');
  const today = DateTime.now().setZone('Europe/Copenhagen');
  const open = (caseId: string, sundhedsplejerske: string) =>
    client.workflow.start('caseWorkflow', {
      taskQueue,
      workflowId: caseId,
      args: [{ caseId, programme: compiled.programme, unit: 'nord', municipality: '0751', team: { socialraadgiver: 'sr-mette', sundhedsplejerske }, notified: today.toISODate(), dueDate: today.plus({ months: 5 }).toISODate(), openedBy: 'sr-mette' }],
    });
  await Promise.all([open(caseA, 'sp-anne'), open(caseB, 'sp-hanne')]);
  // Visibility follows the cases' first search-attribute upsert a moment later.
  const until = Date.now() + 20_000;
  while ((await client.workflow.count(ownerQuery('sr-mette'))).count < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
});

afterAll(async () => {
  await web?.close();
  await Promise.all([caseA, caseB].map((id) => client?.workflow.getHandle(id).terminate('test done').catch(() => undefined)));
  worker?.shutdown();
  await running;
  await Promise.all([connection?.close(), native?.close()]);
  await server?.stop();
});

describe('calendar feed from the cases in Temporal', () => {
  it("lists a shared social worker's steps of both cases, and each health visitor's of their own case only", async () => {
    const source = createTemporalFeedSource({ client, concurrency: 2 });
    const mette = await source('sr-mette');
    expect(new Set(mette.map((i) => i.caseId))).toEqual(new Set([caseA, caseB]));
    // Exactly the steps the timeline gives her that are still to come: the case meeting first.
    const timelineA = await client.workflow.getHandle(caseA).query(timelineQuery);
    const today = DateTime.now().setZone('Europe/Copenhagen');
    const [from, until] = [today.toISODate()!, today.plus({ months: 6 }).toISODate()!];
    const hersA = timelineA.filter((e) => e.ownerStaff.includes('sr-mette') && ['not_yet_open', 'open', 'due_soon'].includes(e.status) && e.target >= from && e.target <= until);
    expect(hersA.map((e) => e.stepId)).toContain('sagsmoede');
    expect(mette.filter((i) => i.caseId === caseA).map((i) => `${i.stepId}#${i.occurrence}`).sort()).toEqual(hersA.map((e) => `${e.stepId}#${e.occurrence}`).sort());
    for (const item of mette) expect(item.summary).toMatch(new RegExp(` — sag ${item.caseId}$`));

    const anne = await source('sp-anne');
    const hanne = await source('sp-hanne');
    expect([...new Set(anne.map((i) => i.caseId))]).toEqual([caseA]);
    expect([...new Set(hanne.map((i) => i.caseId))]).toEqual([caseB]);
    expect(anne.map((i) => i.stepId)).toContain('screening');
    expect(await source('ft-ida')).toEqual([]);
    await expect(source("x' OR VuggeUnit = 'nord")).rejects.toThrow(/ikke et gyldigt medarbejder-id/);
  });

  it('is served by the web app at the address `vugge staff feed-url` prints', async () => {
    const env = { VUGGE_FEED_SECRET: SECRET, VUGGE_WEB_PORT: '0', VUGGE_LOCAL_OIDC_PORT: '0' };
    web = await startWeb({ client, env, directory: await exampleDirectory() });
    const url = feedUrlFor('sr-mette', loadFeedSettings({ ...env, VUGGE_WEB_URL: web.url }))!;
    expect(url).toBe(`${web.url}/kalender/${feedToken(SECRET, 'sr-mette')}.ics`);

    const response = await fetch(url);
    expect(response.status).toBe(200);
    const cal = new ICAL.Component(ICAL.parse(await response.text()));
    const uids = cal.getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')));
    expect(uids).toContain(`${caseA}-sagsmoede-1@vugge`);
    expect(uids).toContain(`${caseB}-sagsmoede-1@vugge`);
    expect((await fetch(`${web.url}/kalender/${feedToken('en-anden-hemmelighed-som-er-lang-nok', 'sr-mette')}.ics`)).status).toBe(404);
  });
});
