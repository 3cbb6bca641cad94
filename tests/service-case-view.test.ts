/**
 * The case page's reads and a reassignment at the service layer, on a client that records what it
 * is asked: the page is one query to the case (its rules once per version), a person who may not
 * see the case gets nothing of it, and a role is handed only to someone of the case's unit who
 * holds it — refused before the case is asked. `vugge case show` reads the same one query.
 */
import type { Client } from '@temporalio/client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffDirectory } from '../activities/staff/schema.js';
import { ChangeRefused, registerAsPerson } from '../client/service/case-changes.js';
import { caseTimeline } from '../client/service/case-timeline.js';
import { createCaseService } from '../client/service/cases.js';
import { AccessDenied, OPERATOR } from '../client/service/access.js';
import type { Queryable } from '../activities/db/index.js';
import { exampleDirectory } from './mail-support.js';

/** The case page never reads the read model: a database fake that fails the test if it is asked. */
const untouchedDb: Queryable = {
  query: () => Promise.reject(new Error('the case page asked the read model')),
  exec: () => Promise.reject(new Error('the case page asked the read model')),
};

let directory: StaffDirectory;
beforeAll(async () => {
  directory = await exampleDirectory();
});

const snapshot = { caseId: 'K-2026-0042', programmeId: 'p', rulesVersion: 'v1', unit: 'nord', municipality: '0751', team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne' }, notified: '2026-03-01', facts: { facts: [] } };

/** A client whose case answers every query by name and records each one (and each update). */
function recordingClient() {
  const asked: string[] = [];
  const answers: Record<string, unknown> = { casePage: { snapshot, phase: 2, timeline: [{ stepId: 'teamsamtale' }], log: [], obligations: { phase: 2, paused: true } }, snapshot, programme: { id: 'p', version: 'v1' } };
  const handle = {
    query: async (def: { name: string }) => {
      asked.push(def.name);
      return answers[def.name];
    },
    executeUpdate: async (def: { name: string }) => {
      asked.push(`update:${def.name}`);
      return { seq: 1, phase: 2 };
    },
  };
  return { asked, client: { workflow: { getHandle: () => handle } } as unknown as Client };
}

describe('the case page', () => {
  it('is one query to the case; the rules are asked once per version', async () => {
    const { asked, client } = recordingClient();
    const cases = createCaseService(client, untouchedDb);
    const view = await cases.caseView({ staffId: 'sr-mette', directory }, 'K-2026-0042');
    expect(view).toMatchObject({ phase: 2, mayChange: true, programme: { version: 'v1' } });
    expect(asked).toEqual(['casePage', 'programme']);
    asked.length = 0;
    await cases.caseView({ staffId: 'sp-anne', directory }, 'K-2026-0042');
    expect(asked).toEqual(['casePage']);
  });

  it('a person who may not see the case gets nothing of it, not even its rules', async () => {
    const { asked, client } = recordingClient();
    await expect(createCaseService(client, untouchedDb).caseView({ staffId: 'sr-lars', directory }, 'K-2026-0042')).rejects.toBeInstanceOf(AccessDenied);
    expect(asked).toEqual(['casePage']);
  });
});

describe('handing a role to someone else', () => {
  it.each([
    ['a person of another unit', 'sr-lars'],
    ['a person without the role', 'sp-anne'],
    ['a person the directory does not know', 'sr-nobody'],
  ])('refuses %s before the case is asked to change', async (_name, staff) => {
    const { asked, client } = recordingClient();
    await expect(registerAsPerson({ staffId: 'sr-mette', directory }, client, 'K-2026-0042', { type: 'reassign', at: '2026-03-10', role: 'socialraadgiver', staff })).rejects.toBeInstanceOf(ChangeRefused);
    expect(asked).toEqual(['snapshot']);
  });

  it('sends a person of the unit with the role to the case', async () => {
    const { asked, client } = recordingClient();
    await registerAsPerson({ staffId: 'sr-mette', directory }, client, 'K-2026-0042', { type: 'reassign', at: '2026-03-10', role: 'socialraadgiver', staff: 'sr-sofie' });
    expect(asked).toEqual(['snapshot', 'update:registerEvent']);
  });
});

describe('vugge case show', () => {
  it('is one query to the case, for the operator and for a person on the team', async () => {
    for (const acting of [OPERATOR, { staffId: 'sr-mette', directory }]) {
      const { asked, client } = recordingClient();
      expect(await caseTimeline(acting, client, 'K-2026-0042')).toEqual({ phase: 2, timeline: [{ stepId: 'teamsamtale' }], obligations: { phase: 2, paused: true } });
      expect(asked).toEqual(['casePage']);
    }
  });

  it('a person who may not see the case gets none of it', async () => {
    const { client } = recordingClient();
    await expect(caseTimeline({ staffId: 'sr-lars', directory }, client, 'K-2026-0042')).rejects.toBeInstanceOf(AccessDenied);
  });
});
