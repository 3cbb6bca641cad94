/**
 * A step's dates keep the planner's names from the case to the e-mail (`earliest`, `target`,
 * `latest`, `plannedUntil`, `requiredUntil`, and the reminder's `at`). Requests scheduled by
 * running cases before that (and kept in histories, undeliverable records and digest queues) used
 * `date` and `dueAt`: the activity still reads them, under today's names.
 */
import { describe, expect, it } from 'vitest';
import { NotificationRequestFields, parseNotificationRequest } from '../activities/mail/request-schema.js';
import { storedDigestItem, type DigestItem } from '../worker/storage/digest-queue.js';
import { composeNotification } from '../activities/mail/compose.js';
import type { Recipient } from '../activities/staff/resolve.js';
import { notification } from './mail-support.js';

const AT = '2026-03-09T07:00:00.000Z';

describe('notification request date names', () => {
  it.each([
    { name: 'a reminder: date → target, dueAt → at', old: { kind: 'reminder', date: '2026-03-12', latest: '2026-03-12', dueAt: AT }, now: { kind: 'reminder', target: '2026-03-12', latest: '2026-03-12', at: AT } },
    { name: 'an invitation: date → target', old: { kind: 'invitation', date: '2026-03-12', time: '10:00', dueAt: AT, meeting: { start: '2026-03-12T09:00:00.000Z', durationMinutes: 60 } }, now: { kind: 'invitation', target: '2026-03-12', time: '10:00', at: AT } },
    { name: 'plan_short: date → plannedUntil, latest → requiredUntil', old: { kind: 'plan_short', date: '2026-05-01', latest: '2026-06-09', dueAt: AT }, now: { kind: 'plan_short', plannedUntil: '2026-05-01', requiredUntil: '2026-06-09', at: AT } },
  ])('reads a request written before: $name', ({ old, now }) => {
    const { target: _t, latest: _l, at: _a, ...rest } = notification();
    const parsed = parseNotificationRequest({ ...rest, ...old });
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject(now);
    expect(parsed.request).not.toHaveProperty('date');
    expect(parsed.request).not.toHaveProperty('dueAt');
  });

  it('a new request must use the current names', () => {
    const { at: _a, ...withoutAt } = notification();
    expect(NotificationRequestFields.safeParse({ ...withoutAt, dueAt: AT }).success).toBe(false);
  });

  it('an old request and a new one make the same e-mail', () => {
    const now = notification({ kind: 'reminder', target: '2026-03-12', latest: '2026-03-19' });
    const { target, at, ...rest } = now;
    const old = parseNotificationRequest({ ...rest, date: target, dueAt: at });
    if (!old.ok) throw new Error(old.problem.en);
    const to: Recipient = { role: 'sundhedsplejerske', person: { id: 'sp-anne', email: 'anne@example.org', language: 'da' } } as Recipient;
    const ctx = { from: 'Vugge <vugge@example.org>', caseLink: (id: string) => `https://vugge.example.org/sager/${id}` };
    const mail = composeNotification(now, to, [to], ctx);
    expect(composeNotification(old.request, to, [to], ctx)).toEqual(mail);
    expect(String(mail.text)).toContain('12.03.2026');
    expect(String(mail.text)).toContain('19.03.2026');
  });

  it.each([
    { name: 'plan_short names the planned and required dates', over: { kind: 'plan_short' as const, target: undefined, latest: undefined, plannedUntil: '2026-05-01', requiredUntil: '2026-06-09' }, rows: ['Planlagt til:', '01.05.2026', 'Skal være planlagt til:', '09.06.2026'] },
    { name: 'a visit-norm week runs from earliest to latest', over: { kind: 'escalation' as const, target: undefined, earliest: '2026-03-02', latest: '2026-03-08' }, rows: ['Fra:', '02.03.2026', 'Senest:', '08.03.2026'] },
  ])('the e-mail shows the dates under their own labels: $name', ({ over, rows }) => {
    const to: Recipient = { role: 'teamleder', person: { id: 'tl-karen', email: 'karen@example.org', language: 'da' } } as Recipient;
    const ctx = { from: 'Vugge <vugge@example.org>', caseLink: (id: string) => `https://vugge.example.org/sager/${id}` };
    const text = String(composeNotification(notification(over), to, [to], ctx).text);
    for (const row of rows) expect(text).toContain(row);
    expect(text).not.toMatch(/^Dato:/m);
  });

  it('a digest item queued before is read under the current names', () => {
    const stored = { key: 'k', staffId: 'sp-anne', kind: 'reminder', caseId: 'K-2026-0042', programmeId: 'p', stepId: 'teamsamtale', date: '2026-03-12', queuedAt: AT } as unknown as DigestItem;
    expect(storedDigestItem(stored)).toMatchObject({ target: '2026-03-12' });
    expect(storedDigestItem(stored)).not.toHaveProperty('date');
  });
});
