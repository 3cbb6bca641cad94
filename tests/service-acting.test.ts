/**
 * client/service/ checks, once, who acts: a person of the staff directory as client/service/access.ts
 * decides, or the operator at the command line with their own authority. These run without Temporal:
 * a refusal happens before anything is asked.
 */
import type { Client } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffDirectory } from '../activities/staff/schema.js';
import { AccessDenied, OPERATOR, type Acting } from '../client/service/access.js';
import { caseProgramme, openCase, registerOnCase } from '../client/service/case-changes.js';
import { caseTimeline } from '../client/service/case-timeline.js';
import { migrateCases } from '../client/service/migrate.js';
import { overdueByWeek, overdueList, overdueListPage } from '../client/service/overdue.js';
import { ownerSteps } from '../client/service/owner-steps.js';
import type { Queryable } from '../activities/db/index.js';
import { checkRulesFile } from '../client/service/rules-file.js';
import { diffRules, previewRules } from '../client/service/rules-preview.js';
import { resendUndeliverableNow, undeliverableForUnits } from '../client/service/undeliverable.js';
import { UndeliverableLog, type UndeliverableRecord } from '../worker/storage/undeliverable.js';
import { exampleDirectory, tempDataDir } from './mail-support.js';

/** A client (or database) that fails the test if a refused call reaches Temporal or the read model. */
const untouchable = new Proxy({}, { get: () => { throw new Error('Temporal was asked'); } }) as Client;
const untouchableDb = untouchable as unknown as Queryable;

let directory: StaffDirectory;
let dataDir: string;
const person = (staffId: string): Acting => ({ staffId, directory });

function record(unit: string, staffId: string, reportTo: string, at: string): UndeliverableRecord {
  return { key: `k-${unit}-${at}`, kind: 'reminder', caseId: `K-${unit}`, unit, staffId, reportTo, reason: 'recipient_rejected', detail: '550', dueAt: at, at };
}

beforeAll(async () => {
  directory = await exampleDirectory();
  dataDir = await tempDataDir();
  const log = await UndeliverableLog.open(dataDir);
  await log.record(record('nord', 'sp-anne', 'tl-karen', '2026-03-12T08:00:00.000Z'));
  await log.record(record('syd', 'sp-hanne', 'tl-jens', '2026-03-13T08:00:00.000Z'));
  await log.close();
});

describe('undeliverable notifications for units', () => {
  it.each([
    ['the team leader of nord sees nord only', () => person('tl-karen'), {}, ['nord']],
    ['a department leader of both units sees both, newest first', () => person('al-henrik'), {}, ['syd', 'nord']],
    ['a leader asking for a unit they do not lead sees nothing of it', () => person('tl-karen'), { unit: 'syd' }, []],
    ['the operator sees every unit', () => OPERATOR, {}, ['syd', 'nord']],
    ['the operator narrows to one unit', () => OPERATOR, { unit: 'syd' }, ['syd']],
  ])('%s', async (_, acting, filter, units) => {
    expect((await undeliverableForUnits(acting(), filter, dataDir)).map((r) => r.unit)).toEqual(units);
  });

  it('refuses a caseworker, who leads no unit', async () => {
    await expect(undeliverableForUnits(person('sr-mette'), {}, dataDir)).rejects.toBeInstanceOf(AccessDenied);
  });
});

describe('what only a person with the right, or the operator, may do', () => {
  const fields = { caseId: 'K-2026-0099', unit: 'syd', municipality: '0751', team: { socialraadgiver: 'sr-lars' }, notified: '2026-03-01', openedBy: 'sr-mette' };
  it.each([
    ['a caseworker of another unit opens a case', () => openCase(person('sr-mette'), untouchable, 'q', fields, {} as never)],
    ['a caseworker of another unit opens a case with herself on its team', () => openCase(person('sr-mette'), untouchable, 'q', { ...fields, team: { socialraadgiver: 'sr-mette' } }, {} as never)],
    ['a department leader opens a case in a unit they lead', () => openCase(person('al-henrik'), untouchable, 'q', fields, {} as never)],
    ['a person the directory does not know registers an event', () => registerOnCase({ staffId: 'sr-ukendt', directory }, untouchable, 'K-1', { acknowledge: { stepId: 's', occurrence: 1, by: 'sr-ukendt' } })],
    ['a person the directory does not know reads a case timeline', () => caseTimeline({ staffId: 'sr-ukendt', directory }, untouchable, 'K-1')],
    ['a person the directory does not know reads a case\'s rules', () => caseProgramme({ staffId: 'sr-ukendt', directory }, untouchable, 'K-1')],
    ['a caseworker lists overdue steps', () => overdueList(person('sp-anne'), untouchableDb, { order: 'days' }, '2026-03-12')],
    ['a caseworker reads a page of the overdue steps', () => overdueListPage(person('sp-anne'), untouchableDb, { order: 'days', page: 1 }, '2026-03-12')],
    ['a caseworker counts overdue steps per week', () => overdueByWeek(person('sp-anne'), untouchableDb, { today: '2026-03-12' })],
    ['a caseworker lists another person’s tasks', () => ownerSteps(person('sr-mette'), untouchableDb, 'sr-sofie', { today: '2026-03-12' })],
    ['a team leader migrates cases', () => migrateCases(person('tl-karen'), untouchable, { next: {} as never, reference: {} as never, dryRun: true, by: '' }, () => undefined)],
    ['a team leader resends mail', () => resendUndeliverableNow(person('tl-karen'), untouchable)],
    ['a caseworker checks rules in the rules studio', () => checkRulesFile(person('sr-mette'), 'rules/spaedbarnsindsatsen.rules')],
    ['a caseworker previews rules', async () => previewRules(person('sr-mette'), {} as never, {} as never, '2026-03-12T12:00:00Z')],
    ['a team leader compares two versions of the rules', async () => diffRules(person('tl-karen'), {} as never, {} as never, {} as never, '2026-03-12T12:00:00Z')],
  ])('refuses: %s', async (_, call) => {
    await expect(call()).rejects.toBeInstanceOf(AccessDenied);
  });
});

describe('acknowledging an escalation', () => {
  /** A client whose case answers its snapshot, and fails the test if anything is sent to it. */
  const caseOf = (unit: string, team: Record<string, string>) =>
    ({ workflow: { getHandle: () => ({ query: async () => ({ unit, team }), executeUpdate: async () => { throw new Error('the case was changed'); } }) } }) as unknown as Client;
  const nord = caseOf('nord', { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne' });

  it.each([
    ['the caseworker on the case’s team', 'sr-mette', nord],
    ['the health visitor on the case’s team', 'sp-anne', nord],
    ['the team leader of another unit', 'tl-jens', nord],
  ])('refuses %s before the case is changed', async (_, staffId, client) => {
    await expect(registerOnCase(person(staffId), client, 'K-1', { acknowledge: { stepId: 's', occurrence: 1, by: staffId } })).rejects.toBeInstanceOf(AccessDenied);
  });

  it('lets the unit’s team leader through to the case', async () => {
    await expect(registerOnCase(person('tl-karen'), nord, 'K-1', { acknowledge: { stepId: 's', occurrence: 1, by: 'tl-karen' } })).rejects.toThrow('the case was changed');
  });
});

describe('rules check', () => {
  it('compiles for the operator, and reports errors with the source they point into', async () => {
    expect(await checkRulesFile(OPERATOR, 'rules/spaedbarnsindsatsen.rules')).toMatchObject({ programme: { id: 'spaedbarnsindsatsen' } });
    expect(await checkRulesFile(OPERATOR, 'rules/findes-ikke.rules')).toEqual({ file: 'rules/findes-ikke.rules', unreadable: true });
  });
});
