/**
 * Mails name a step by its title from the rules in the reader's language: the English title for a
 * person whose directory language is English, the Danish one when the rules give no English title.
 * The case puts the English titles on its requests beside the Danish ones.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { composeNotification } from '../activities/mail/compose.js';
import { renderDigest } from '../activities/mail/digest-text.js';
import { renderNotification, type MailFacts } from '../activities/mail/templates.js';
import type { Person } from '../activities/staff/schema.js';
import { plan } from '../dsl/plan/index.js';
import { dueNotifications } from '../workflows/case-notify.js';
import { initialState } from '../workflows/case-state.js';
import { notification } from './mail-support.js';
import { loadRules } from './workflow-harness.js';

const teamsamtale = { stepId: 'teamsamtale', stepTitle: 'Teamsamtale med sundhedsplejersken', stepTitleEn: 'Team conversation with the health visitor' };
const facts = (extra: Partial<MailFacts> = {}): MailFacts => ({
  kind: 'reminder',
  caseId: 'K-2026-0042',
  programmeId: 'spaedbarnsindsatsen',
  ...teamsamtale,
  latest: '2026-03-12',
  owners: [{ staffId: 'sp-anne', role: 'sundhedsplejerske' }],
  caseLink: 'https://vugge.example.org/sager/K-2026-0042',
  ...extra,
});

describe('a step’s title in the reader’s language', () => {
  it.each([
    ['da', 'Påmindelse: Teamsamtale med sundhedsplejersken for sag K-2026-0042 senest 12.03.2026', /Teamsamtale med sundhedsplejersken \(teamsamtale\)/],
    ['en', 'Reminder: Team conversation with the health visitor for case K-2026-0042 by 12 Mar 2026', /Team conversation with the health visitor \(teamsamtale\)/],
  ] as const)('%s: subject and the step row', (lang, subject, row) => {
    const mail = renderNotification(facts(), lang);
    expect(mail.subject).toBe(`[Vugge] ${subject}`);
    expect(mail.text).toMatch(row);
  });

  it('rules without an English title: the English mail names the step as the rules do, in Danish', () => {
    const mail = renderNotification(facts({ stepTitleEn: undefined }), 'en');
    expect(mail.subject).toBe('[Vugge] Reminder: Teamsamtale med sundhedsplejersken for case K-2026-0042 by 12 Mar 2026');
  });

  it('the steps of a catch-up, each by its English title and number', () => {
    const items = [{ ...teamsamtale, occurrence: 2, latest: '2026-03-12', owners: [] }];
    const { text } = renderNotification(facts({ kind: 'catch_up', stepId: undefined, stepTitle: undefined, stepTitleEn: undefined, items }), 'en');
    expect(text).toContain('- Team conversation with the health visitor (teamsamtale no. 2), deadline 12 Mar 2026');
  });

  it('the morning digest in English', () => {
    const { text } = renderDigest([{ kind: 'reminder', caseId: 'K-2026-0042', programmeId: 'spaedbarnsindsatsen', ...teamsamtale, latest: '2026-03-12', key: 'k', staffId: 'sp-anne', queuedAt: '2026-03-09T06:00:00Z' }], '2026-03-10', 'en', (id) => `https://x/${id}`);
    expect(text).toContain('- Case K-2026-0042: Team conversation with the health visitor by 12 Mar 2026 (reminder)');
  });

  it('the calendar entry of an English invitation', () => {
    const person: Person = { id: 'sr-sofie', name: 'Sofie', email: 'sofie@example.org', roles: ['socialraadgiver'], unit: 'nord', language: 'en', reminders: 'single' };
    const invite = notification({ kind: 'invitation', idempotencyKey: 'K-2026-0042:teamsamtale:1:invitation:0', ...teamsamtale, occurrence: 1, meeting: { start: '2026-10-27T10:00', durationMinutes: 60 } });
    const to = { role: 'socialraadgiver', person };
    const mail = composeNotification(invite, to, [to], { from: 'Vugge <vugge@example.org>', caseLink: (id) => `https://x/${id}` });
    expect(mail.subject).toContain('Meeting invitation: Team conversation with the health visitor for case K-2026-0042');
    expect((mail.icalEvent as { content: string }).content).toContain('SUMMARY:Team conversation with the health visitor — case K-2026-0042');
  });
});

describe('the case’s requests carry the English titles from its rules', () => {
  it('every request and listed step whose step has an English title carries it', () => {
    const programme = loadRules('spaedbarnsindsatsen');
    const now = DateTime.fromISO('2026-03-10T08:00', { zone: 'Europe/Copenhagen' });
    const fields = { caseId: 'K-2026-0042', unit: 'nord', municipality: '0751', notified: now.minus({ days: 40 }).toISODate()!, team: { socialraadgiver: 'sr-mette', sundhedsplejerske: 'sp-anne' }, openedBy: 'sr-mette' };
    const state = initialState(fields, programme, now.toUTC().toISO()!);
    const out = dueNotifications(state, plan(programme, state.facts, now.toUTC().toISO()!), now.toMillis(), { levelByLevel: true, datedReminderKeys: true });
    const named = out.flatMap((o) => [o.request, ...(o.request.items ?? [])]).filter((r) => programme.steps.some((s) => s.id === r.stepId && s.titleEn));
    expect(named.length).toBeGreaterThan(0);
    for (const r of named) expect(r.stepTitleEn).toBe(programme.steps.find((s) => s.id === r.stepId)!.titleEn);
  });
});
