/** Mails name roles and the programme as the rules title them, in the reader's language — never by id. */
import { describe, expect, it } from 'vitest';
import { renderNotification, type MailFacts } from '../activities/mail/templates.js';
import { titlesOf } from './rules-titles.js';

const facts = (file: string, role: string): MailFacts => ({
  kind: 'overdue',
  caseId: 'K-2026-0042',
  programmeId: 'familieanbringelse',
  stepId: 'individuel_plan',
  stepTitle: 'Individuel plan for familien',
  latest: '2026-03-12',
  owners: [{ staffId: 'kp-jonas', role }],
  caseLink: 'https://vugge.example.org/sager/K-2026-0042',
  ...titlesOf(file),
});

describe('role and programme titles in mails', () => {
  it.each([
    ['da', /Indsats:\s+Familieanbringelse\n/, /Ansvarlig:\s+kp-jonas \(Kontaktperson på anbringelsesstedet\)\n/],
    ['en', /Programme:\s+Family placement\n/, /Responsible:\s+kp-jonas \(Key worker at the placement\)\n/],
  ] as const)('familieanbringelse’s kontaktperson and name in %s', (lang, programme, owner) => {
    const { text } = renderNotification(facts('familieanbringelse.rules', 'kontaktperson'), lang);
    expect(text).toMatch(programme);
    expect(text).toMatch(owner);
    expect(text).not.toContain('(kontaktperson)');
  });
});
