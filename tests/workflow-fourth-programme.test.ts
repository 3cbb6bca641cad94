/**
 * A programme in its own words runs with no code change: tests/fixtures/familiestoette.rules names
 * its roles `raadgiver`, `leder`, `chef` and its lifecycle events `henvendelse`, `foedsel`,
 * `afslutning`, none of which the engine knows. The case starts on its start event, child ages count
 * from its birth, the caseworker is reminded, the team-leader role gets the first escalation and the
 * department-leader role the second, and the e-mail names the programme and the roles by their titles.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingNotificationActivities } from '../activities/case-recording.js';
import { composeNotification } from '../activities/mail/compose.js';
import { checkStaffFile } from '../activities/staff/load.js';
import { programmeRoles } from '../activities/staff/schema.js';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import { createWorker } from '../worker/create-worker.js';
import { eventLogQuery, snapshotQuery, timelineQuery } from '../workflows/case-messages.js';
import { openCase, register, sleepUntil, summary, useCaseTestEnv } from './workflow-harness.js';

const t = useCaseTestEnv();
const staffFile = new URL('./fixtures/familiestoette-staff.yaml', import.meta.url).pathname;

// The worker checks its staff directory against the programmes in its rules folder: here, the fixture's.
const rulesDirBefore = process.env.VUGGE_RULES_DIR;
beforeAll(() => {
  process.env.VUGGE_RULES_DIR = new URL('./fixtures/', import.meta.url).pathname;
});
afterAll(() => {
  if (rulesDirBefore === undefined) delete process.env.VUGGE_RULES_DIR;
  else process.env.VUGGE_RULES_DIR = rulesDirBefore;
});

function familiestoette(): Programme {
  const result = compile(readFileSync(new URL('./fixtures/familiestoette.rules', import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`familiestoette.rules does not compile: ${result.errors[0]?.message.en ?? ''}`);
  return result.programme;
}

describe('a fourth programme with its own role and event ids', () => {
  it('reminds its caseworker, escalates to its leader roles and mails with its titles', async () => {
    const programme = familiestoette();
    const recording = createRecordingNotificationActivities({ staffFile });
    const taskQueue = `familiestoette-${Date.now()}`;
    const worker = await createWorker({ connection: t.env.nativeConnection, taskQueue, activities: recording.activities, workflowBundle: t.bundle });
    const requests = recording.requests;
    await worker.runUntil(async () => {
      await sleepUntil(t.env, '2027-03-01T07:00');
      const handle = await openCase(t.env, taskQueue, { programme, notified: '2027-03-01', dueDate: '2027-03-20', team: { raadgiver: 'rg-eva' } });
      await sleepUntil(t.env, '2027-03-10T12:00');
      await register(handle, { type: 'occurred', what: 'foedsel', at: '2027-03-10' });
      await sleepUntil(t.env, '2027-04-02T12:00');

      // The case opened on the programme's start event and knows its leaders by the rules' roles.
      expect((await handle.query(snapshotQuery)).facts.facts[0]).toMatchObject({ kind: 'event', event: 'henvendelse', date: '2027-03-01' });
      expect((await handle.query(snapshotQuery)).leaders).toEqual({ leder: 'le-ida', chef: 'ch-ole' });
      expect((await handle.query(eventLogQuery)).length).toBeGreaterThan(1);
      // Child age 2 months counts from `foedsel`.
      const followUp = (await handle.query(timelineQuery)).find((o) => o.stepId === 'opfoelgning');
      expect(followUp).toMatchObject({ target: '2027-05-10' });
      expect(summary(requests, (r) => r.stepId === 'hjemmebesoeg')).toEqual([
        'reminder hjemmebesoeg#1 @ 2027-03-22 08:00 → rg-eva',
        'escalation hjemmebesoeg#1 @ 2027-03-25 08:00 → leder',
        'escalation hjemmebesoeg#1 @ 2027-03-31 08:00 → chef',
      ]);
      await handle.terminate('test done');
    });

    // The e-mails: the leader roles resolve to the unit's people, and the texts use the rules' titles.
    const checked = await checkStaffFile(staffFile, programmeRoles([programme]));
    if (!checked.ok) throw new Error(`staff fixture: ${JSON.stringify(checked.problems)}`);
    const directory = checked.directory;
    const ctx = { from: 'Vugge <vugge@example.org>', caseLink: (id: string) => `https://vugge.example.org/sager/${id}` };
    const [first, second] = requests.filter((r) => r.kind === 'escalation');
    const toLeader = composeNotification(first!, { role: 'leder', person: directory.person('le-ida')! }, [], ctx);
    expect(toLeader.text).toMatch(/Indsats:\s+Familiestøtte\n/);
    expect(toLeader.text).toMatch(/Ansvarlig:\s+rg-eva \(Familierådgiver\)\n/);
    expect(toLeader.subject).toContain('Første hjemmebesøg');
    expect(toLeader.subject).toContain('24.03.2027');
    const toHead = composeNotification(second!, { role: 'chef', person: directory.person('ch-ole')! }, [], ctx);
    expect(toHead.text).toMatch(/Programme:\s+Family support\n/);
    expect(toHead.text).toMatch(/Responsible:\s+rg-eva \(Family counsellor\)\n/);
  });
});
