/**
 * The morning digest on the time-skipping server, through the real notification activities to a
 * real SMTP server: one digest per digest reader with something held back, none for a reader with
 * nothing, nothing new on a second run the same morning, and no digest on a public holiday.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMailConfig } from '../activities/mail/config.js';
import { openNotificationDeps } from '../worker/notification-deps.js';
import { createNotificationActivities } from '../activities/notifications.js';
import { failureSentence } from '../client/service/temporal-client.js';
import { bundleCaseWorkflows, createWorker } from '../worker/create-worker.js';
import { closedReason, type digestWorkflow } from '../workflows/digest-workflow.js';
import { rulesProgrammes } from '../activities/staff/load.js';
import { commonClosedDates } from '../dsl/compile/holidays.js';

/** The closing days the schedule passes: those of the programmes' compiled calendars. */
const CLOSED = commonClosedDates(rulesProgrammes().map((p) => p.calendar));
import { createTimeSkippingEnv, tempDir } from './helpers/temporal.js';
import { notification, TestSmtpServer } from './mail-support.js';
import { seedPglite } from './helpers/pglite-template.js';

const ZONE = 'Europe/Copenhagen';

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let smtp: TestSmtpServer;
beforeAll(async () => {
  [env, bundle, smtp] = await Promise.all([createTimeSkippingEnv(), bundleCaseWorkflows(), new TestSmtpServer().start()]);
});
afterAll(async () => {
  await smtp?.stop();
  await env?.teardown();
});

/**
 * The example directory with the health visitor sp-anne also reading a digest, so there are two
 * caseworkers with the digest preference (ft-peter, sp-anne) and one leader (spl-lone), whose
 * escalations are never held back and who therefore has nothing in a digest.
 */
function staffFile(dir: string): string {
  const example = readFileSync(new URL('../config/staff.example.yaml', import.meta.url), 'utf8');
  const file = join(dir, 'staff.yaml');
  writeFileSync(file, example.replace('roles: [sundhedsplejerske], unit: nord }', 'roles: [sundhedsplejerske], unit: nord, reminders: digest }'));
  return file;
}

/** Outside an activity (queueing in the test itself) the clock reads `outside`; inside, the server's time. */
let outside = new Date();
function serverClock(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return outside;
  }
}

async function digestWorker(): Promise<{ worker: Worker; taskQueue: string; activities: ReturnType<typeof createNotificationActivities>; close(): Promise<void> }> {
  const dataDir = tempDir('vugge-digest-');
  await seedPglite(dataDir);
  const config = loadMailConfig({ VUGGE_SMTP_PORT: String(smtp.port), VUGGE_SMTP_POOL: 'false', VUGGE_DATA_DIR: dataDir, VUGGE_STAFF_FILE: staffFile(dataDir) });
  const deps = await openNotificationDeps(config, { clock: serverClock });
  const activities = createNotificationActivities(deps);
  const taskQueue = `digest-${randomUUID()}`;
  const worker = await createWorker({ connection: env.nativeConnection, taskQueue, activities, workflowBundle: bundle });
  return { worker, taskQueue, activities, close: () => deps.close() };
}

/**
 * Runs on a plain client: waiting for the result does not let the test server skip time, so a run
 * happens on the morning the test moved the clock to (env.client would skip to the next timer).
 */
function runDigest(taskQueue: string, date?: string) {
  return new Client({ connection: env.connection, namespace: env.namespace }).workflow.execute<typeof digestWorkflow>('digestWorkflow', { taskQueue, workflowId: `digest-${randomUUID()}`, args: [{ ...(date ? { date } : {}), closedDates: CLOSED }] });
}

/** The first working morning after `ms`, 07:00 Copenhagen time. */
function nextWorkingMorning(ms: number): DateTime {
  let day = DateTime.fromMillis(ms, { zone: ZONE }).startOf('day').plus({ days: 1 });
  while (closedReason(day.toISODate()!, CLOSED)) day = day.plus({ days: 1 });
  return day.set({ hour: 7 });
}

describe('morning digest workflow', () => {
  it('sends one digest per digest reader with held-back reminders, and nothing new on a second run', async () => {
    const { worker, taskQueue, activities, close } = await digestWorker();
    const team = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' };
    const caseId = `D-${randomUUID().slice(0, 8)}`;
    const reminder = (role: string, step: string) =>
      notification({ caseId, team, toRoles: [role], stepId: step, stepTitle: undefined, idempotencyKey: `${caseId}:${step}:1:reminder:0` });
    try {
      outside = new Date(await env.currentTimeMs());
      expect((await activities.sendNotification(reminder('familieterapeut', 'cosp'))).queuedForDigest).toEqual(['ft-peter']);
      expect((await activities.sendNotification(reminder('familieterapeut', 'arbejdsmoede'))).queuedForDigest).toEqual(['ft-peter']);
      expect((await activities.sendNotification(reminder('sundhedsplejerske', 'teamsamtale'))).queuedForDigest).toEqual(['sp-anne']);
      expect(smtp.received).toHaveLength(0);

      const morning = nextWorkingMorning(outside.getTime());
      await env.sleep(morning.toMillis() - (await env.currentTimeMs()));
      const date = morning.toISODate()!;
      const day = morning.toFormat('dd.MM.yyyy');
      await worker.runUntil(async () => {
        const first = await runDigest(taskQueue);
        expect(first).toEqual({ date, sent: ['ft-peter', 'sp-anne'], alreadySent: [], nothingToSend: ['spl-lone'], failed: [] });
        expect(smtp.received.map((r) => `${r.envelopeTo.join(',')} ${r.parsed.subject}`).sort()).toEqual([
          `anne@example.org [Vugge] Dagens overblik ${day}: 1 påmindelse`,
          `peter@example.org [Vugge] Dagens overblik ${day}: 2 påmindelser`,
        ]);
        expect(smtp.to('peter@example.org')[0]!.parsed.text).toContain(`Sag ${caseId}: cosp`);

        const second = await runDigest(taskQueue);
        expect(second).toMatchObject({ date, sent: [], alreadySent: ['ft-peter', 'sp-anne'] });
        expect(smtp.received).toHaveLength(2);
      });
    } finally {
      await close();
    }
  });

  it('sends nothing on a public holiday and rejects a malformed date with one sentence', async () => {
    const { worker, taskQueue, close } = await digestWorker();
    const before = smtp.received.length;
    try {
      await worker.runUntil(async () => {
        // Skærtorsdag 2027 is a Thursday, a working day but for the holiday.
        expect(await runDigest(taskQueue, '2027-03-25')).toMatchObject({ date: '2027-03-25', skipped: 'closed', sent: [] });
        expect(await runDigest(taskQueue, '2027-03-27')).toMatchObject({ skipped: 'weekend' });
        const err = await runDigest(taskQueue, '25/3/2027').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowFailedError);
        expect((err as WorkflowFailedError).cause?.message).toBe("Datoen '25/3/2027' skal være en gyldig dato skrevet ÅÅÅÅ-MM-DD. / The date '25/3/2027' must be a valid date written YYYY-MM-DD.");
        // The message travels as data, so the caller shows the reader's language.
        expect(failureSentence(err, 'en')).toBe("The date '25/3/2027' must be a valid date written YYYY-MM-DD.");
      });
    } finally {
      await close();
    }
    expect(smtp.received).toHaveLength(before);
  });
});
