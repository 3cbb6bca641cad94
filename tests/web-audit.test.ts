/**
 * The web app's rows in the audit log, on a dev server with the web environment's cases: a
 * sign-in, a refused case URL and a registered step each leave one row naming who, what, which case
 * and `web` — ids and codes only — and the chain stays intact. A change the log cannot record is
 * refused and changes nothing.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit, type AuditRow } from '../activities/db/audit.js';
import { eventLogQuery } from '../workflows/case-messages.js';
import { postFromPage, signInPeople, type AsPerson } from './web/sign-in-flow.js';
import { startWebEnv, type WebEnv } from './web/web-env.js';

let env: WebEnv;
let request: AsPerson;
const yesterday = DateTime.now().setZone('Europe/Copenhagen').minus({ days: 1 }).toISODate()!;

beforeAll(async () => {
  env = await startWebEnv();
  request = await signInPeople(env.web, ['sr-mette', 'sr-lars']);
});
afterAll(async () => {
  await env?.stop();
});

async function rows(): Promise<AuditRow[]> {
  return env.db.query<AuditRow>('SELECT id, actor, action, case_id AS "caseId", source, details FROM audit_log ORDER BY id');
}
const logOf = (caseId: string) => env.client.workflow.getHandle(caseId).query(eventLogQuery);

describe('the audit log from the web app', () => {
  it('records each sign-in as the person, from the web', async () => {
    expect((await rows()).filter((r) => r.action === 'auth.sign_in')).toMatchObject([
      { actor: 'sr-mette', caseId: null, source: 'web' },
      { actor: 'sr-lars', caseId: null, source: 'web' },
    ]);
  });

  it('records a refused case URL: who, which route and case, nothing of the case', async () => {
    const res = await request('sr-lars', 'GET', `/sager/${env.cases.nord1}`);
    expect(res.statusCode).toBe(403);
    const refused = (await rows()).filter((r) => r.action === 'access.refused');
    expect(refused).toEqual([
      expect.objectContaining({ actor: 'sr-lars', caseId: env.cases.nord1, source: 'web', details: { method: 'GET', route: '/sager/:caseId', need: 'see_case' } }),
    ]);
  });

  it('records a registered step with its author, before the case takes it', async () => {
    const res = await postFromPage(request, 'sr-mette', `/sager/${env.cases.nord1}`, `/sager/${env.cases.nord1}`, { form: 'visit', at: yesterday, hours: '1,5' });
    expect(res.statusCode).toBe(303);
    const registered = (await rows()).filter((r) => r.action.startsWith('case.register'));
    expect(registered).toEqual([
      expect.objectContaining({ actor: 'sr-mette', action: 'case.register', caseId: env.cases.nord1, source: 'web', details: { type: 'visit', at: yesterday } }),
    ]);
  });

  it('never holds a name or an e-mail address, and the chain is intact', async () => {
    const text = JSON.stringify(await rows());
    for (const personal of ['Mette', 'Lars', '@example.org']) expect(text).not.toContain(personal);
    expect(await verifyAudit(env.db)).toMatchObject({ ok: true });
  });

  it('refuses a change it cannot record, and the case is not changed', async () => {
    const before = await logOf(env.cases.nord1);
    await env.db.exec('ALTER TABLE audit_log RENAME TO audit_log_away');
    try {
      const res = await postFromPage(request, 'sr-mette', `/sager/${env.cases.nord1}`, `/sager/${env.cases.nord1}`, { form: 'visit', at: yesterday, hours: '2' });
      expect(res.statusCode).toBe(503);
    } finally {
      await env.db.exec('ALTER TABLE audit_log_away RENAME TO audit_log');
    }
    expect(await logOf(env.cases.nord1)).toEqual(before);
    expect(await verifyAudit(env.db)).toMatchObject({ ok: true });
  });
});
