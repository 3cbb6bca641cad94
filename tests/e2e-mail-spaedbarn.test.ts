/**
 * The e-mail capability end to end: a Spædbarnsindsatsen case on the real rules file, on the
 * time-skipping server, with the real notification activities delivering to a real SMTP server.
 * The team misses the team conversation: the health visitor's reminders, then the team leader's
 * and the three leaders' escalations must arrive once each, at the date domain.md implies. A
 * network meeting is invited and moved (same UID, higher SEQUENCE), and an SMTP outage in the
 * middle of the case only makes a mail late.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import { timelineQuery } from '../workflows/case-messages.js';
import { createWorker } from '../worker/create-worker.js';
import { activitiesFor, exampleDirectory, TestSmtpServer, type Received } from './mail-support.js';
import { localOf, newCaseId, openCase, register, sleepUntil, startCaseTestEnv, type CaseTestEnv } from './workflow-harness.js';

/** A team from config/staff.example.yaml, unit nord (team leader tl-karen). */
const TEAM = { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne', familieterapeut: 'ft-peter' };

/**
 * The activities' clock is the Temporal server's: the time the current attempt was scheduled.
 * On the time-skipping server that is the case's time, so "late" and "queued on" mean what they
 * would in production.
 */
function serverClock(): Date {
  try {
    return new Date(Context.current().info.currentAttemptScheduledTimestampMs);
  } catch {
    return new Date();
  }
}

function spaedbarnsindsatsen(): Programme {
  const result = compile(readFileSync(new URL('../rules/spaedbarnsindsatsen.rules', import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(`rules/spaedbarnsindsatsen.rules does not compile: ${result.errors[0]?.message.en ?? ''}`);
  return result.programme;
}

let t: CaseTestEnv;
let smtp: TestSmtpServer;
beforeAll(async () => {
  [t, smtp] = await Promise.all([startCaseTestEnv(), new TestSmtpServer().start()]);
});
afterAll(async () => {
  await smtp?.stop();
  await t?.env.teardown();
});

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function calendarOf(mail: Received) {
  const part = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
  if (!part) throw new Error(`no calendar part in '${mail.parsed.subject}'`);
  const cal = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  return new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
}

/**
 * Waits until the case has no activity in flight. Terminating a case while its mail activity runs
 * can leave the test server's time-skipping locked, and the next test's sleep would take real time.
 */
async function settle(handle: WorkflowHandle): Promise<void> {
  await eventually(async () => ((await handle.describe()).raw.pendingActivities?.length ? undefined : true), 'no activity in flight');
}

const line = (r: Received) => `${r.envelopeTo.join(',')} ${r.parsed.subject}`;

/** Mails about one case (the subject names the case id), as "address subject" lines. */
function mailsAbout(caseId: string, step?: string): string[] {
  return smtp.received.filter((r) => r.parsed.subject?.includes(`sag ${caseId}`) && (!step || r.parsed.subject.includes(step))).map(line);
}

async function caseWorkerWithMail() {
  // One connection per mail: the test server's stop() would wait 30 s for an idle pooled one. A
  // mail cut off by the outage keeps its claim for the lease, in real time while the case's time
  // is skipped: a short lease lets the retry after the outage send it.
  const built = await activitiesFor(smtp, { clock: serverClock, pool: false, sendLeaseMs: 3_000 });
  const taskQueue = `e2e-mail-${randomUUID()}`;
  const worker = await createWorker({ connection: t.env.nativeConnection, taskQueue, activities: built.activities, workflowBundle: t.bundle });
  return { worker, taskQueue, ...built };
}

describe('Spædbarnsindsatsen e-mails end to end', () => {
  it('invites to a network meeting and moves it with the same UID and a higher SEQUENCE', async () => {
    const { worker, taskQueue, deps } = await caseWorkerWithMail();
    const caseId = newCaseId();
    try {
      await worker.runUntil(async () => {
        await sleepUntil(t.env, '2027-01-04T07:00');
        const handle = await openCase(t.env, taskQueue, { caseId, programme: spaedbarnsindsatsen(), notified: '2027-01-04', dueDate: '2027-07-26', team: TEAM });
        await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-02-02', time: '10:00' });
        const first = await eventually(() => smtp.received.find((r) => r.parsed.subject?.includes(`Første netværksmøde for sag ${caseId}`)), 'the invitation');
        await sleepUntil(t.env, '2027-01-05T12:00');
        await register(handle, { type: 'planned', step: 'netvaerksmoede_1', occurrence: 1, at: '2027-02-04', time: '13:00' });
        const invitations = () => smtp.received.filter((r) => r.parsed.subject?.startsWith(`[Vugge] Mødeindkaldelse: Første netværksmøde for sag ${caseId}`));
        const moved = await eventually(() => invitations()[1], 'the moved invitation');
        await settle(handle);
        await handle.terminate('test done');

        expect(invitations().map(line)).toEqual([
          `mette@example.org [Vugge] Mødeindkaldelse: Første netværksmøde for sag ${caseId} 02.02.2027 kl. 10:00`,
          `mette@example.org [Vugge] Mødeindkaldelse: Første netværksmøde for sag ${caseId} 04.02.2027 kl. 13:00`,
        ]);
        const [before, after] = [calendarOf(first), calendarOf(moved)];
        expect(before.uid).toBe(`${caseId}-netvaerksmoede_1-1@vugge`);
        expect(after.uid).toBe(before.uid);
        expect([before.sequence, after.sequence]).toEqual([0, 1]);
        expect([before.startDate.toString(), after.startDate.toString()]).toEqual(['2027-02-02T10:00:00', '2027-02-04T13:00:00']);
        expect(after.startDate.zone?.tzid ?? after.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Copenhagen');
      });
    } finally {
      await deps.close();
    }
  });

  // A send that fails before the final dot (the server is down) gives its claim back at once, so the
  // retry after the outage, minutes later in the case's skipped time, is not held up by a claim whose
  // lease runs in real time.
  it('reminds the health visitor and escalates a missed team conversation once each, through an SMTP outage', async () => {
    const { worker, taskQueue, deps } = await caseWorkerWithMail();
    const caseId = newCaseId();
    const teamsamtale = 'Teamsamtale med sundhedsplejersken (PDI, AAI, MAAS)';
    const about = () => mailsAbout(caseId, teamsamtale);
    try {
      await worker.runUntil(async () => {
        await sleepUntil(t.env, '2027-01-07T07:00');
        const handle = await openCase(t.env, taskQueue, { caseId, programme: spaedbarnsindsatsen(), notified: '2027-01-07', dueDate: '2027-07-26', team: TEAM });
        await sleepUntil(t.env, '2027-01-12T09:00');
        await register(handle, { type: 'occurred', what: 'intake', at: '2027-01-12' });
        // The midwife screens on Thursday 25 February. Four weeks later is Thursday 25 March,
        // skærtorsdag; then langfredag, the weekend and 2. påskedag: the deadline is Tuesday 30 March.
        await sleepUntil(t.env, '2027-02-25T15:00');
        await register(handle, { type: 'occurred', what: 'screening', at: '2027-02-25', by: 'sp-anne' });
        expect((await handle.query(timelineQuery)).find((e) => e.stepId === 'teamsamtale')).toMatchObject({ latest: '2027-03-30', ownerStaff: ['sp-anne'] });

        // The mail server is down over the reminder (3 days before: Saturday 27 March, 08:00).
        await sleepUntil(t.env, '2027-03-26T12:00');
        await smtp.stop();
        await sleepUntil(t.env, '2027-03-27T10:30');
        expect(about()).toEqual([]);
        await smtp.start();
        await sleepUntil(t.env, '2027-03-27T11:00');
        const reminder = `anne@example.org [Vugge] Påmindelse: ${teamsamtale} for sag ${caseId} senest 30.03.2027`;
        await eventually(() => (about().length ? true : undefined), 'the late reminder');
        expect(about()).toEqual([reminder]);

        const dueToday = `anne@example.org [Vugge] I dag: ${teamsamtale} for sag ${caseId} (30.03.2027)`;
        await sleepUntil(t.env, '2027-03-30T07:00');
        expect(about()).toEqual([reminder]);
        await sleepUntil(t.env, '2027-03-30T09:00');
        await eventually(() => (about().length === 2 ? true : undefined), 'the due-today reminder');
        expect(about()).toEqual([reminder, dueToday]);

        // Level 1 the day after the deadline to the unit's team leader; level 2 a week after it to the
        // three leaders — spl-lone reads a morning digest, so hers waits for it.
        const escalation = (to: string) => `${to} [Vugge] Eskalering: ${teamsamtale} for sag ${caseId} er ikke gjort (frist 30.03.2027)`;
        await sleepUntil(t.env, '2027-03-31T07:00');
        expect(about()).toHaveLength(2);
        await sleepUntil(t.env, '2027-03-31T09:00');
        await eventually(() => (about().length === 3 ? true : undefined), 'the first escalation');
        await sleepUntil(t.env, '2027-04-06T07:00');
        expect(about()).toEqual([reminder, dueToday, escalation('karen@example.org')]);
        await sleepUntil(t.env, '2027-04-06T09:00');
        await eventually(() => (about().length === 5 ? true : undefined), 'the second escalation');
        await sleepUntil(t.env, '2027-04-20T12:00');
        await settle(handle);
        await handle.terminate('test done');
      });
    } finally {
      await deps.close();
    }

    const escalations = smtp.received.filter((r) => r.parsed.subject?.startsWith(`[Vugge] Eskalering: ${teamsamtale} for sag ${caseId}`));
    expect(about()).toHaveLength(5);
    expect(escalations.map((r) => r.envelopeTo.join(','))).toEqual(['karen@example.org', 'henrik@example.org', 'birgitte@example.org']);
    expect(escalations.map((r) => /eskaleringsniveau (\d)/.exec(r.parsed.text ?? '')?.[1])).toEqual(['1', '2', '2']);

    // The late reminder was accepted after the outage: the time it was marked sent (the server's clock) is past 08:00.
    const sent = (await deps.db.query<{ key: string; sentAt: Date }>(`SELECT key, sent_at AS "sentAt" FROM sent_mail WHERE state = 'sent'`)).map((r) => ({ key: r.key, at: r.sentAt.toISOString() }));
    const reminderSent = sent.find((s) => s.key === `${caseId}:teamsamtale:1:reminder:0:2027-03-30`)!;
    expect(localOf(reminderSent.at) > '2027-03-27 08:00').toBe(true);

    // None lost, none doubled: every logged send arrived exactly once, and nothing arrived unlogged.
    const mine = smtp.received.filter((r) => r.parsed.subject?.includes(caseId));
    const ids = mine.map((r) => `${r.parsed.messageId} ${r.envelopeTo.join(',')}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sent.filter((s) => s.key.startsWith(`${caseId}:`))).toHaveLength(mine.length);

    // A case id, never a name or a CPR number, in the subjects.
    const names = (await exampleDirectory()).staff.map((p) => p.name);
    for (const r of mine) {
      expect(r.parsed.subject).toContain(caseId);
      expect(names.filter((n) => r.parsed.subject?.includes(n))).toEqual([]);
      expect(r.parsed.subject).not.toMatch(/\d{6}-?\d{4}/);
    }
  });
});
