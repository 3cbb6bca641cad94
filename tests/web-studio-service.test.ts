/**
 * The rules studio's server side without a browser: the analysis the editor and the plain form
 * share (diagnostics at the misspelt word, the did-you-mean fix, both languages), drafts per
 * administrator on PGlite and PostgreSQL, and the impact numbers of a draft on running cases.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../activities/staff/schema.js';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import type { CaseFacts } from '../dsl/facts.js';
import { AccessDenied, type Actor } from '../client/service/access.js';
import { databaseDraftStore, discardDraft, openDraft, saveDraft, startingSource } from '../client/service/rules-draft.js';
import { impactJobs, impactOf } from '../client/service/rules-impact.js';
import { analyseRules } from '../client/web/studio/analysis.js';
import { forEachDatabase } from './helpers/databases.js';

const RULES = readFileSync('rules/spaedbarnsindsatsen.rules', 'utf8');
const MISSPELT = RULES.replace('"Spædbarnsteamet": socialraadgiver, sundhedsplejerske', '"Spædbarnsteamet": socialraadgiver, sundhedplejerske');

const directory = makeDirectory({
  units: [{ id: 'nord', name: 'Nord', municipality: '0751', teamLeader: 'tl-karen', leaders: {} }],
  staff: [
    { id: 'adm-eva', name: 'Eva', email: 'eva@example.org', roles: ['administrator'], unit: 'nord', language: 'da', reminders: 'single' },
    { id: 'adm-ole', name: 'Ole', email: 'ole@example.org', roles: ['administrator'], unit: 'nord', language: 'da', reminders: 'single' },
    { id: 'sr-mette', name: 'Mette', email: 'mette@example.org', roles: ['socialraadgiver'], unit: 'nord', language: 'da', reminders: 'single' },
  ],
});
const eva: Actor = { staffId: 'adm-eva', directory };
const ole: Actor = { staffId: 'adm-ole', directory };
const mette: Actor = { staffId: 'sr-mette', directory };

function programme(source: string): Programme {
  const result = compile(source);
  if (!result.ok) throw new Error(result.errors[0]!.message.en);
  return result.programme;
}

describe('the analysis the editor shows', () => {
  it('puts the diagnostic on the misspelt word, with the suggestion as the fix, in the person’s language', () => {
    const da = analyseRules(MISSPELT, 'da');
    expect(da.ok).toBe(false);
    expect(da.diagnostics).toHaveLength(1);
    const d = da.diagnostics[0]!;
    expect(MISSPELT.slice(d.from, d.to)).toBe('sundhedplejerske');
    expect(d).toMatchObject({ code: 'ref.unknown-role', suggestion: 'sundhedsplejerske' });
    expect(d.message).toContain("mente du 'sundhedsplejerske'");
    expect(analyseRules(MISSPELT, 'en').diagnostics[0]!.message).toContain("did you mean 'sundhedsplejerske'");
    // Applying the fix gives rules that compile.
    expect(analyseRules(MISSPELT.slice(0, d.from) + d.suggestion! + MISSPELT.slice(d.to), 'da').ok).toBe(true);
  });

  it('names the draft’s ids and says each step in the rules’ words, also while the draft has errors', () => {
    const { symbols } = analyseRules(MISSPELT, 'da');
    expect(symbols.roles.map((r) => r.id)).toContain('sundhedsplejerske');
    expect(symbols.events.map((e) => e.id)).toContain('birth');
    expect(symbols.groups.map((g) => g.id)).toContain('spaedbarnsteam');
    expect(symbols.steps.find((s) => s.id === 'sagsmoede')).toMatchObject({ title: 'Sagsmøde i børneteamet', owners: ['Sagsansvarlig socialrådgiver'], when: 'at the latest 1 week after notification' });
  });

  it('starts a draft from the programme’s rules file, found by the programme’s id', () => {
    expect(startingSource('spaedbarnsindsatsen')).toBe(RULES);
    expect(startingSource('minding_the_baby')).toContain('programme minding_the_baby');
    expect(startingSource('no_such_programme')).toBeUndefined();
  });
});

forEachDatabase('drafts per administrator', (t) => {
  it('keeps each administrator’s own draft until it is discarded; a caseworker may not', async () => {
    const store = databaseDraftStore(async () => t.db);
    expect((await openDraft(store, eva, 'spaedbarnsindsatsen'))?.source).toBe(RULES);
    await saveDraft(store, eva, 'spaedbarnsindsatsen', 'first');
    await saveDraft(store, eva, 'spaedbarnsindsatsen', MISSPELT);
    const mine = await openDraft(store, eva, 'spaedbarnsindsatsen');
    expect(mine?.source).toBe(MISSPELT);
    expect(mine?.savedAt).toBeInstanceOf(Date);
    expect((await openDraft(store, ole, 'spaedbarnsindsatsen'))?.source).toBe(RULES);
    await discardDraft(store, eva, 'spaedbarnsindsatsen');
    expect((await openDraft(store, eva, 'spaedbarnsindsatsen'))?.source).toBe(RULES);
    await expect(saveDraft(store, mette, 'spaedbarnsindsatsen', 'x')).rejects.toBeInstanceOf(AccessDenied);
    await expect(openDraft(store, mette, 'spaedbarnsindsatsen')).rejects.toBeInstanceOf(AccessDenied);
  });
});

describe('the impact on running cases', () => {
  const current = programme(RULES);
  const draft = programme(RULES.replace('due at the latest 1 week after notification', 'due at the latest 2 weeks after notification'));
  const facts = (caseId: string, notified: string, done: string[] = []): CaseFacts =>
    ({ caseId, dueDate: '2026-09-01', facts: [{ kind: 'event', event: 'notification', date: notified }, ...done.map((step) => ({ kind: 'done', step, date: notified }))] }) as CaseFacts;
  const NOW = '2026-03-20T10:00:00.000Z';

  it('counts the moved steps, the cases, the newly overdue and the new steps, and lists the cases', async () => {
    const cases = [
      // Notified 10 days ago: the meeting was due 3 days ago; under the draft it is due in 4 days.
      { caseId: 'K-1', facts: facts('K-1', '2026-03-10'), programme: current },
      { caseId: 'K-2', facts: facts('K-2', '2026-03-19'), programme: current },
      { caseId: 'K-3', facts: facts('K-3', '2026-03-19'), programme: programme(RULES.replace('version "2025.1"', 'version "2024.9"')) },
    ];
    const impact = await impactOf(draft, cases, NOW);
    expect(impact.examined).toBe(3);
    expect(impact.changedCases).toBe(3);
    expect(impact.cases.map((c) => c.caseId)).toEqual(['K-1', 'K-2', 'K-3']);
    expect(impact.cases[0]!.moved).toContainEqual({ stepId: 'sagsmoede', occurrence: 1, from: expect.any(String), to: expect.any(String) });
    expect(impact.movedSteps).toBe(impact.cases.reduce((n, c) => n + c.moved.length, 0));
    expect(impact.newSteps).toBe(0);

    // The other way round the late case becomes overdue.
    const back = await impactOf(current, cases.map((c) => ({ ...c, programme: draft })), NOW);
    expect(back.newlyOverdue).toBe(1);
    expect(back.cases[0]!.newlyOverdue).toEqual([{ stepId: 'sagsmoede', occurrence: 1 }]);
  });

  it('leaves out cases of other programmes and keeps a job to the person who started it', async () => {
    const other = programme(readFileSync('rules/minding-the-baby.rules', 'utf8'));
    const jobs = impactJobs({ cases: () => [{ caseId: 'M-1', facts: facts('M-1', '2026-03-10'), programme: other }, { caseId: 'K-1', facts: facts('K-1', '2026-03-10'), programme: current }] });
    const job = jobs.start(eva, draft);
    await expect.poll(() => jobs.get(eva, job.id)?.state).toBe('done');
    const done = jobs.get(eva, job.id);
    expect(done?.state === 'done' && done.impact.examined).toBe(1);
    expect(jobs.get(ole, job.id)).toBeUndefined();
    expect(() => jobs.start(mette, draft)).toThrow(AccessDenied);
  });
});
