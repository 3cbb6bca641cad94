import { describe, expect, it } from 'vitest';
import { renderDigest } from '../activities/mail/digest-text.js';
import { renderNotification, type MailFacts } from '../activities/mail/templates.js';
import { exampleDirectory } from './mail-support.js';

const kinds: MailFacts['kind'][] = ['reminder', 'due_today', 'overdue', 'escalation', 'plan_short', 'invitation'];

function facts(kind: MailFacts['kind']): MailFacts {
  return {
    kind,
    caseId: 'K-2026-0042',
    programmeId: 'spaedbarnsindsatsen',
    stepId: 'teamsamtale',
    stepTitle: 'Teamsamtale',
    target: '2026-03-12',
    time: kind === 'invitation' ? '10:00' : undefined,
    latest: '2026-03-12',
    escalationLevel: kind === 'escalation' ? 2 : undefined,
    owners: [{ staffId: 'sp-anne', role: 'sundhedsplejerske' }],
    caseLink: 'https://vugge.example.org/sager/K-2026-0042',
  };
}

const cprLike = /\b\d{6}-?\d{4}\b/;

describe('mail texts', () => {
  it('renders the reminder subject the way caseworkers expect', () => {
    expect(renderNotification(facts('reminder'), 'da').subject).toBe('[Vugge] Påmindelse: Teamsamtale for sag K-2026-0042 senest 12.03.2026');
    expect(renderNotification(facts('reminder'), 'en').subject).toBe('[Vugge] Reminder: Teamsamtale for case K-2026-0042 by 12 Mar 2026');
  });

  it.each(kinds)('%s renders in Danish and in English with case, link and owner, and differs between them', async (kind) => {
    const da = renderNotification(facts(kind), 'da');
    const en = renderNotification(facts(kind), 'en');
    for (const mail of [da, en]) {
      expect(mail.subject).toMatch(/^\[Vugge\] .*K-2026-0042/);
      expect(mail.text).toContain('https://vugge.example.org/sager/K-2026-0042');
      expect(mail.text).toContain('sp-anne');
      expect(mail.subject + mail.text).not.toMatch(cprLike);
    }
    expect(da.subject).not.toBe(en.subject);
    expect(da.text).toContain('Sag:');
    expect(en.text).toContain('Case:');
    const names = (await exampleDirectory()).staff.map((p) => p.name);
    for (const name of names) expect(da.subject + en.subject).not.toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('says "planlagt mindre end 3 måneder frem" for a plan running short', () => {
    expect(renderNotification(facts('plan_short'), 'da').subject).toBe('[Vugge] Netværksmøder er planlagt mindre end 3 måneder frem i sag K-2026-0042');
  });

  it('marks a cancelled meeting as cancelled', () => {
    expect(renderNotification({ ...facts('invitation'), cancelled: true }, 'da').subject).toMatch(/^\[Vugge\] Aflyst: /);
  });

  it('lists every digest item with its case and deadline, in both languages', () => {
    const items = [
      { key: 'a', staffId: 'ft-peter', kind: 'reminder', caseId: 'K-2026-0042', programmeId: 'p', stepId: 'cosp', stepTitle: 'COS-P', latest: '2026-04-01', queuedAt: '2026-03-30T08:00:00Z' },
      { key: 'b', staffId: 'ft-peter', kind: 'overdue', caseId: 'K-2026-0007', programmeId: 'p', stepId: 'arbejdsmoede', latest: '2026-03-28', queuedAt: '2026-03-30T09:00:00Z' },
    ];
    const da = renderDigest(items, '2026-03-31', 'da', (id) => `https://v/${id}`);
    expect(da.subject).toBe('[Vugge] Dagens overblik 31.03.2026: 2 påmindelser');
    expect(da.text.indexOf('K-2026-0007')).toBeLessThan(da.text.indexOf('K-2026-0042'));
    expect(da.text).toContain('COS-P senest 01.04.2026 (påmindelse)');
    expect(renderDigest(items, '2026-03-31', 'en', (id) => id).subject).toBe('[Vugge] Daily overview 31 Mar 2026: 2 reminders');
  });
});
