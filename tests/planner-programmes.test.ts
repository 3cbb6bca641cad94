/**
 * The planner on the real programme files (compiled by `compile()`): every step of
 * Spædbarnsindsatsen against the dates of domain.md, Minding the Baby's chained cadence, and the
 * example facts files under rules/examples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseFacts, type Fact } from '../dsl/facts.js';
import type { Occurrence, Plan } from '../dsl/plan/index.js';
import { plan } from '../dsl/plan/index.js';
import { loadProgramme as load } from './dsl-helpers.js';

const spaedbarn = load('spaedbarnsindsatsen.rules');
const ev = (event: string, date: string): Fact => ({ kind: 'event', event, date });
const done = (step: string, date: string): Fact => ({ kind: 'done', step, date });

function occ(p: Plan, stepId: string, n = 1): Occurrence {
  const found = p.occurrences.find((o) => o.stepId === stepId && o.occurrence === n);
  if (!found) throw new Error(`no occurrence ${stepId} #${n}`);
  return found;
}

describe('Spædbarnsindsatsen, step by step', () => {
  const facts: Fact[] = [
    ev('notification', '2025-10-06'),
    done('sagsmoede', '2025-10-07'),
    done('screening', '2025-10-09'),
    ev('intake', '2025-10-14'),
    done('opstartsbesoeg', '2025-10-21'),
    done('netvaerksmoede_foer_foedsel', '2026-02-18'),
    ev('birth', '2026-03-17'),
    ev('discharge', '2026-03-21'),
    ev('closing', '2026-09-30'),
  ];
  const p = plan(spaedbarn, { caseId: 'sag-t', dueDate: '2026-03-20', facts }, '2025-10-06T09:00:00Z');

  it.each([
    // step, occurrence, field, date — and the domain.md rule it checks
    ['underretning_vurdering', 1, 'target', '2025-10-06'], // the notification day
    ['boernefaglig_undersoegelse', 1, 'latest', '2026-02-06'], // at the latest 4 months after notification
    ['screening', 1, 'earliest', '2025-10-03'], // first day of pregnancy week 16 = due − 24 weeks
    ['screening', 1, 'latest', '2025-10-23'], // last day of week 18 = due − 21 weeks − 1 day
    ['teamsamtale', 1, 'latest', '2025-11-06'], // at the latest 4 weeks after the screening
    ['hjemmebesoeg_udskrivning', 1, 'nominal', '2026-03-21'], // the day of discharge (a Saturday) …
    ['hjemmebesoeg_udskrivning', 1, 'target', '2026-03-23'], // … moved to Monday
    ['netvaerksmoede', 1, 'nominal', '2026-03-17'], // from the child's 1st month of life = birth
    ['netvaerksmoede', 2, 'nominal', '2026-04-14'], // every 4th week
    ['netvaerksmoede', 3, 'nominal', '2026-05-12'],
    ['cosp', 1, 'target', '2026-08-17'], // from the 6th month of life = child age 5 months
    ['overdragelsesplanlaegning', 1, 'target', '2026-07-14'], // 9 months into the intervention
  ] as const)('%s #%i %s = %s', (stepId, n, field, date) => {
    expect(occ(p, stepId, n)[field]).toBe(date);
  });

  it('plans the choices the rules file makes where the seed is silent, in order', () => {
    expect(occ(p, 'visitationsmoede').earliest).toBe('2025-10-07'); // after the case meeting
    expect(occ(p, 'opstartsbesoeg').earliest >= '2025-10-14').toBe(true); // after visitation
    expect(occ(p, 'netvaerksmoede_1').target > occ(p, 'opstartsbesoeg').earliest).toBe(true);
    expect(occ(p, 'netvaerksmoede_foer_foedsel').latest < '2026-03-20').toBe(true); // before the due date
    const work = occ(p, 'arbejdsmoede_foer_foedsel');
    expect(work.earliest >= '2026-02-18' && work.latest < '2026-03-20').toBe(true); // after it, before term
    expect(occ(p, 'udskrivningskonference').target >= '2026-03-17').toBe(true);
    expect(occ(p, 'vurdering_af_indsats').earliest >= '2026-03-21').toBe(true);
    expect(occ(p, 'arbejdsmoede', 1).target > occ(p, 'netvaerksmoede', 1).target).toBe(true); // after each
  });

  it('closes: recurrences end, later steps lapse, closing steps remain', () => {
    const meetings = p.occurrences.filter((o) => o.stepId === 'netvaerksmoede');
    expect(meetings.at(-1)!.nominal < '2026-09-30').toBe(true);
    expect(occ(p, 'behovsvurdering_12_mdr')).toMatchObject({ nominal: '2027-03-17', status: 'not_applicable', reason: 'closed' });
    for (const id of ['afsluttende_netvaerksmoede', 'sikkerhedsplan']) expect(occ(p, id).status).not.toBe('not_applicable');
  });

  it('asks for heightened attention only after a premature birth', () => {
    expect(occ(p, 'skaerpet_opmaerksomhed')).toMatchObject({ status: 'not_applicable', reason: 'condition' });
    const early = plan(spaedbarn, { caseId: 'sag-t', dueDate: '2026-03-20', facts: [ev('birth', '2026-02-20')] }, '2026-02-20T09:00:00Z');
    expect(occ(early, 'skaerpet_opmaerksomhed').status).not.toBe('not_applicable');
  });

  it('gives on-request steps no date of their own', () => {
    const ids = new Set(p.occurrences.map((o) => o.stepId));
    expect(ids.has('arbejdsmoede_adhoc')).toBe(false);
    expect(ids.has('hjemmebesoeg_foer_foedsel')).toBe(false);
  });
});

describe('Minding the Baby', () => {
  const mtb = load('minding-the-baby.rules');
  it('visits weekly until the first birthday, then every second week', () => {
    const p = plan(mtb, { caseId: 'sag-m', dueDate: '2026-05-01', facts: [ev('intake', '2025-12-01'), ev('birth', '2026-04-28')] }, '2025-12-01T09:00:00Z');
    const nominal = p.occurrences.filter((o) => o.stepId === 'hjemmebesoeg').sort((a, b) => a.occurrence - b.occurrence).map((o) => Date.parse(o.nominal) / 86_400_000);
    const firstYear = Date.parse('2027-04-28') / 86_400_000;
    const weekly = nominal.filter((d) => d < firstYear);
    const fortnightly = nominal.filter((d) => d >= firstYear);
    weekly.slice(1).forEach((d, i) => expect(d - weekly[i]!).toBe(7));
    expect(fortnightly[0]).toBe(firstYear); // the second segment starts at child age 12 months
    fortnightly.slice(1).forEach((d, i) => expect(d - fortnightly[i]!).toBe(14));
    expect(fortnightly.length).toBeGreaterThan(10);
    expect(nominal.at(-1)! < Date.parse('2028-04-28') / 86_400_000).toBe(true);
  });
});

describe('example facts files', () => {
  it.each([
    ['spaedbarn.json', 'spaedbarnsindsatsen.rules'],
    ['praematur.json', 'spaedbarnsindsatsen.rules'],
    ['minding-the-baby.json', 'minding-the-baby.rules'],
  ])('%s is valid and plans under %s with known ids only', (factsFile, rulesFile) => {
    const programme = load(rulesFile);
    const facts = CaseFacts.parse(JSON.parse(readFileSync(new URL(`../rules/examples/${factsFile}`, import.meta.url), 'utf8')));
    const steps = new Set(programme.steps.map((s) => s.id));
    const events = new Set(programme.events.map((e) => e.id));
    for (const f of facts.facts) {
      if ('step' in f) expect(steps.has(f.step), f.step).toBe(true);
      if (f.kind === 'event') expect(events.has(f.event), f.event).toBe(true);
    }
    expect(plan(programme, facts, '2026-04-20T10:00:00Z').occurrences.length).toBeGreaterThan(5);
  });

  it('plans the familieanbringelse template', () => {
    const p = plan(load('familieanbringelse.rules'), { caseId: 'sag-f', dueDate: '2026-03-20', facts: [ev('birth', '2026-03-17')] }, '2026-04-01T10:00:00Z');
    expect(p.occurrences.every((o) => o.reason === undefined || !o.reason.startsWith('error'))).toBe(true);
  });

  describe('familieanbringelse, step by step (every number is the template\'s own choice)', () => {
    // Placement decided Monday 5 January 2026, the family moves in Monday 12 January, birth 17 March.
    const p = plan(load('familieanbringelse.rules'), { caseId: 'sag-f', dueDate: '2026-03-20', facts: [ev('notification', '2025-12-15'), ev('intake', '2026-01-05'), ev('placement', '2026-01-12'), ev('birth', '2026-03-17')] }, '2026-01-12T10:00:00Z');
    it.each([
      ['teamdannelse', 1, 'latest', '2026-01-19'], // at the latest 2 weeks after intake
      ['individuel_plan', 1, 'latest', '2026-02-09'], // at the latest 4 weeks after placement
      ['progressionsopfoelgning', 2, 'nominal', '2026-02-09'], // every 4 weeks from placement
      ['mentaliseringsforloeb', 2, 'nominal', '2026-01-19'], // weekly from placement
      ['netvaerksmoede', 2, 'nominal', '2026-03-09'], // every 8 weeks from placement
      ['prfq', 1, 'nominal', '2026-01-26'], // 2 weeks after placement …
      ['prfq', 2, 'target', '2026-04-27'], // … then every 3 months: Sunday 26 April moves to Monday
      ['udslusningsplan', 1, 'earliest', '2026-12-17'], // from child age 9 months
      ['udslusningsplan', 1, 'latest', '2027-01-18'], // to child age 10 months (Sunday 17 January → Monday)
    ] as const)('%s #%i %s = %s', (step, n, field, date) => {
      expect(occ(p, step, n)[field]).toBe(date);
    });
  });
});

describe('the status statement before a network meeting', () => {
  // Birth on Tuesday 17 March 2026: the first network meeting counts from birth (1st month of life).
  const facts: Fact[] = [ev('notification', '2025-10-06'), ev('intake', '2025-10-14'), ev('birth', '2026-03-17')];
  const statement = (preconditionsFromSeriesStart?: boolean) =>
    occ(plan(spaedbarn, { caseId: 'sag-s', dueDate: '2026-03-20', facts }, '2026-03-18T09:00:00Z', { preconditionsFromSeriesStart }), 'netvaerksmoede__statusudtalelse', 1);

  it('is due 1 week before each meeting, but never before the series begins', () => {
    expect(occ(plan(spaedbarn, { caseId: 'sag-s', dueDate: '2026-03-20', facts }, '2026-03-18T09:00:00Z'), 'netvaerksmoede', 1).target).toBe('2026-03-17');
    expect(statement().target).toBe('2026-03-17'); // not 10 March, before the child was born
    expect(occ(plan(spaedbarn, { caseId: 'sag-s', dueDate: '2026-03-20', facts }, '2026-03-18T09:00:00Z'), 'netvaerksmoede__statusudtalelse', 2).target).toBe('2026-04-07');
  });

  it('keeps the earlier rule for cases that started before it', () => {
    expect(statement(false).target).toBe('2026-03-10');
  });
});
