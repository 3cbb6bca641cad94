/**
 * Planner tables on the real Spædbarnsindsatsen rules (rules/spaedbarnsindsatsen.rules, compiled by
 * tests/fixtures/planner-programme.ts): every date rule of domain.md, the working-day calendar,
 * pauses, closing, plans and late registration.
 */
import { describe, expect, it } from 'vitest';
import type { CaseFacts, Fact } from '../dsl/facts.js';
import type { Occurrence, Plan } from '../dsl/plan/index.js';
import { plan } from '../dsl/plan/index.js';
import { fixtureProgramme } from './fixtures/planner-programme.js';

function planFor(facts: Fact[], now: string, dueDate?: string): Plan {
  const c: CaseFacts = { caseId: 'sag-1', dueDate, facts };
  return plan(fixtureProgramme, c, now);
}

function occ(p: Plan, stepId: string, n = 1): Occurrence {
  const found = p.occurrences.find((o) => o.stepId === stepId && o.occurrence === n);
  if (!found) throw new Error(`no occurrence ${stepId} #${n}`);
  return found;
}

const ev = (event: string, date: string, registeredAt?: string): Fact => ({ kind: 'event', event, date, ...(registeredAt ? { registeredAt } : {}) });

describe('dates from domain.md', () => {
  it.each([
    // [case, facts, step, occurrence, nominal, target, latest]
    ['screening: pregnancy week 16 to end of week 18', [], 'screening', 1, '2025-05-06', '2025-05-06', '2025-05-06'],
    ['teamsamtale: 4 weeks after screening (Sunday → Monday)', [{ kind: 'done', step: 'screening', date: '2025-04-20' }], 'teamsamtale', 1, '2025-05-18', '2025-05-19', '2025-05-19'],
    ['underretning: on the day of the notification', [ev('notification', '2025-04-02')], 'underretning_vurdering', 1, '2025-04-02', '2025-04-02', '2025-04-02'],
    ['børnefaglig undersøgelse: at the latest 4 months after notification', [ev('notification', '2025-04-02')], 'boernefaglig_undersoegelse', 1, '2025-08-02', '2025-08-04', '2025-08-04'],
    ['Easter: skærtorsdag → the Tuesday after 2. påskedag', [ev('intake', '2026-03-26')], 'opstartsbesoeg', 1, '2026-04-02', '2026-04-07', '2026-04-07'],
    ['Kristi himmelfartsdag → Friday', [ev('intake', '2026-05-07')], 'opstartsbesoeg', 1, '2026-05-14', '2026-05-15', '2026-05-15'],
    ['Christmas: juleaftensdag → 29 December', [ev('intake', '2025-03-24')], 'overdragelsesplanlaegning', 1, '2025-12-24', '2025-12-29', '2025-12-29'],
    ['leap day: born 29 Feb 2028 → 12 months = 28 Feb 2029', [ev('birth', '2028-02-29')], 'behovsvurdering_12_mdr', 1, '2029-02-28', '2029-02-28', '2029-02-28'],
    ['COS-P from the 6th month of life = child age 5 months', [ev('birth', '2025-09-05')], 'cosp', 1, '2026-02-05', '2026-02-05', '2026-02-05'],
    ['network meeting from the 1st month of life = birth (Saturday → Monday)', [ev('birth', '2025-09-06')], 'netvaerksmoede', 1, '2025-09-06', '2025-09-08', '2025-09-08'],
    ['hjemmebesøg on the day of discharge', [ev('discharge', '2025-09-08')], 'hjemmebesoeg_udskrivning', 1, '2025-09-08', '2025-09-08', '2025-09-08'],
  ] as const)('%s', (_name, facts, stepId, n, nominal, target, latest) => {
    const o = occ(planFor([...facts] as Fact[], '2025-01-10T09:00:00Z', '2025-10-01'), stepId, n);
    expect([o.nominal, o.target, o.latest]).toEqual([nominal, target, latest]);
  });

  it('omits occurrences whose anchor is not known yet', () => {
    const p = planFor([ev('notification', '2025-04-02')], '2025-04-03T09:00:00Z');
    expect(p.occurrences.map((o) => o.stepId)).not.toContain('netvaerksmoede');
    expect(p.occurrences.map((o) => o.stepId)).not.toContain('screening');
    expect(p.occurrences.map((o) => o.stepId)).toContain('underretning_vurdering');
  });
});

describe('cadences', () => {
  it('keeps its 4-week nominal spacing across both DST changes and reminds at 08:00 local', () => {
    const p = planFor([ev('birth', '2026-03-01')], '2026-02-01T09:00:00Z');
    const meetings = p.occurrences.filter((o) => o.stepId === 'netvaerksmoede').slice(0, 10);
    const days = meetings.map((o) => Date.parse(o.nominal) / 86_400_000);
    expect(days.slice(1).map((d, i) => d - days[i]!)).toEqual(Array(9).fill(28));
    // 2026-03-29 and 2026-10-25 are the DST Sundays: the series lands on the first and spans the second.
    expect(meetings.map((o) => o.nominal)).toEqual(expect.arrayContaining(['2026-03-29', '2026-10-11', '2026-11-08']));
    const winter = occ(p, 'netvaerksmoede', 1).reminders.find((r) => r.kind === 'due_today')!;
    const summer = occ(p, 'netvaerksmoede', 3).reminders.find((r) => r.kind === 'due_today')!;
    expect(winter.at).toBe('2026-03-02T07:00:00Z');
    expect(summer.at).toBe('2026-04-27T06:00:00Z');
    const autumn = meetings.filter((o) => o.nominal === '2026-10-11' || o.nominal === '2026-11-08');
    expect(autumn.map((o) => o.reminders.find((r) => r.kind === 'due_today')!.at)).toEqual(['2026-10-12T06:00:00Z', '2026-11-09T07:00:00Z']);
  });

  it('counts from nominal dates: a planned meeting does not shift the series', () => {
    const p = planFor([ev('birth', '2025-09-05'), { kind: 'planned', step: 'netvaerksmoede', occurrence: 2, date: '2025-10-06', time: '10:00' }], '2025-09-06T09:00:00Z');
    const second = occ(p, 'netvaerksmoede', 2);
    expect([second.nominal, second.target, second.latest, second.time, second.planned]).toEqual(['2025-10-03', '2025-10-06', '2025-10-06', '10:00', true]);
    expect(occ(p, 'netvaerksmoede', 3).nominal).toBe('2025-10-31');
  });

  it('follows each network meeting with a work meeting, from its planned or done date', () => {
    const p = planFor(
      [ev('birth', '2025-09-05'), { kind: 'done', step: 'netvaerksmoede', occurrence: 1, date: '2025-09-09' }, { kind: 'planned', step: 'netvaerksmoede', occurrence: 2, date: '2025-10-06' }],
      '2025-09-10T09:00:00Z',
    );
    expect(occ(p, 'arbejdsmoede', 1).target).toBe('2025-09-16');
    expect(occ(p, 'arbejdsmoede', 2).target).toBe('2025-10-13');
    expect(occ(p, 'arbejdsmoede', 3).target).toBe('2025-11-07');
  });

  it('puts the status statement a week before each meeting, by the health visitor and the family therapist', () => {
    const p = planFor([ev('birth', '2025-09-05')], '2025-09-06T09:00:00Z');
    // Meeting 5 falls on 2. juledag and moves to 29 December; its statement is due a week before.
    expect(occ(p, 'netvaerksmoede', 5).target).toBe('2025-12-29');
    const statement = occ(p, 'netvaerksmoede__statusudtalelse', 5);
    expect([statement.target, statement.owners]).toEqual(['2025-12-22', ['sundhedsplejerske', 'familieterapeut']]);
  });

  it('runs an open-ended series to the horizon (24 months after now)', () => {
    const p = planFor([ev('birth', '2025-09-05')], '2025-09-06T09:00:00Z');
    const last = p.occurrences.filter((o) => o.stepId === 'netvaerksmoede').at(-1)!;
    expect(last.nominal <= '2027-09-06').toBe(true);
    expect(last.nominal > '2027-08-06').toBe(true);
  });
});

describe('facts', () => {
  it('marks a done fact without occurrence on the earliest occurrence not yet done', () => {
    const p = planFor(
      [ev('birth', '2025-09-05'), { kind: 'done', step: 'netvaerksmoede', occurrence: 1, date: '2025-09-05' }, { kind: 'done', step: 'netvaerksmoede', date: '2025-10-02' }],
      '2025-10-10T09:00:00Z',
    );
    expect(occ(p, 'netvaerksmoede', 2)).toMatchObject({ status: 'done', doneOn: '2025-10-02', escalations: [] });
    expect(occ(p, 'netvaerksmoede', 3).status).not.toBe('done');
  });

  it('re-plans the same way whatever order and registration time the facts arrive in', () => {
    const facts: Fact[] = [ev('notification', '2025-04-02'), ev('intake', '2025-04-15'), ev('birth', '2025-09-05'), { kind: 'done', step: 'screening', date: '2025-04-20' }];
    const late = [...facts].reverse().map((f) => ({ ...f, registeredAt: '2025-10-01T12:00:00Z' }));
    expect(planFor(late, '2025-10-02T09:00:00Z', '2025-10-01')).toEqual(planFor(facts, '2025-10-02T09:00:00Z', '2025-10-01'));
  });

  it('takes the latest registration of an event as its correction', () => {
    const p = planFor([ev('birth', '2025-09-10', '2025-09-11T08:00:00Z'), ev('birth', '2025-09-05', '2025-09-12T08:00:00Z')], '2025-09-12T09:00:00Z');
    expect(occ(p, 'netvaerksmoede', 1).nominal).toBe('2025-09-05');
  });

  it('gives a dated step done before its anchor is known its done date', () => {
    const p = planFor([{ kind: 'done', step: 'opstartsbesoeg', date: '2025-05-02' }], '2025-05-03T09:00:00Z');
    expect(occ(p, 'opstartsbesoeg')).toMatchObject({ target: '2025-05-02', status: 'done' });
  });

  it('shows on-request steps only when planned or done', () => {
    const none = planFor([ev('birth', '2025-09-05')], '2025-09-06T09:00:00Z');
    expect(none.occurrences.some((o) => o.stepId === 'arbejdsmoede_adhoc')).toBe(false);
    const one = planFor([ev('birth', '2025-09-05'), { kind: 'planned', step: 'arbejdsmoede_adhoc', occurrence: 1, date: '2025-09-17', time: '13:00' }], '2025-09-06T09:00:00Z');
    expect(occ(one, 'arbejdsmoede_adhoc')).toMatchObject({ target: '2025-09-17', time: '13:00', status: 'not_yet_open' });
  });
});

describe('premature birth', () => {
  it.each([
    ['born 22 days before term (36+6): premature', '2025-09-09', 'due_soon'],
    ['born 21 days before term (37+0): not premature', '2025-09-10', 'not_applicable'],
  ])('%s', (_name, birth, status) => {
    const p = planFor([ev('birth', birth)], '2025-09-08T09:00:00Z', '2025-10-01');
    expect(occ(p, 'skaerpet_opmaerksomhed').status).toBe(status);
  });

  it('gives the not-applicable occurrence its reason and no moments', () => {
    const o = occ(planFor([ev('birth', '2025-09-20')], '2025-09-21T09:00:00Z', '2025-10-01'), 'skaerpet_opmaerksomhed');
    expect(o).toMatchObject({ status: 'not_applicable', reason: 'condition', reminders: [], escalations: [] });
  });
});

describe('pause and resume', () => {
  const base = [ev('birth', '2025-09-05')];
  it('moves occurrences due within the pause forward by its length', () => {
    const p = planFor([...base, { kind: 'pause', date: '2025-11-20', reason: 'indlæggelse' }, { kind: 'resume', date: '2025-12-04' }], '2025-12-05T09:00:00Z');
    expect(occ(p, 'netvaerksmoede', 4)).toMatchObject({ nominal: '2025-11-28', target: '2025-12-12' });
    expect(occ(p, 'netvaerksmoede', 3).target).toBe('2025-10-31');
    expect(occ(p, 'netvaerksmoede', 5).target).toBe('2025-12-29');
    expect(p.paused).toBe(false);
  });

  it('counts a running pause through today, so nothing falls overdue while paused', () => {
    const p = planFor([...base, { kind: 'pause', date: '2025-11-20', reason: 'indlæggelse' }], '2025-12-01T09:00:00Z');
    expect(p.paused).toBe(true);
    expect(occ(p, 'netvaerksmoede', 4).target).toBe('2025-12-10');
    expect(p.occurrences.filter((o) => o.stepId === 'netvaerksmoede' && o.status === 'overdue').map((o) => o.occurrence)).toEqual([1, 2, 3]);
  });

  it('leaves non-pausable steps alone', () => {
    // The investigation's legal deadline (25 November) keeps running through the pause.
    const p = planFor([...base, ev('notification', '2025-07-25'), { kind: 'pause', date: '2025-11-20', reason: 'flytning' }, { kind: 'resume', date: '2025-12-04' }], '2025-12-05T09:00:00Z');
    expect(occ(p, 'boernefaglig_undersoegelse').target).toBe('2025-11-25');
  });
});

describe('closing', () => {
  const facts = [ev('intake', '2025-04-15'), ev('birth', '2025-09-05'), ev('closing', '2026-03-01')];
  const p = planFor(facts, '2026-03-02T09:00:00Z');
  it('ends recurrences at closing', () => {
    const last = p.occurrences.filter((o) => o.stepId === 'netvaerksmoede').at(-1)!;
    expect(last.nominal).toBe('2026-02-20');
  });
  it('makes later steps not applicable, except those anchored on closing', () => {
    expect(occ(p, 'behovsvurdering_12_mdr')).toMatchObject({ status: 'not_applicable', reason: 'closed', escalations: [] });
    expect(occ(p, 'afsluttende_netvaerksmoede')).toMatchObject({ target: '2026-03-16', status: 'open' });
    expect(p.closed).toBe(true);
    expect(p.phase).toBe(5);
    expect(p.planHorizon).toEqual([]);
  });
});

describe('status, reminders and escalations', () => {
  const facts = [ev('notification', '2025-04-02'), ev('intake', '2025-04-15')];
  it.each([
    ['2025-04-14T09:00:00Z', 'not_yet_open'],
    ['2025-04-15T09:00:00Z', 'open'], // the intake day: open, the deadline a week away
    ['2025-04-19T09:00:00Z', 'due_soon'], // within the 3-day reminder lead of 22 April
    ['2025-04-22T09:00:00Z', 'due_soon'], // deadline today
    ['2025-04-23T09:00:00Z', 'overdue'],
  ])('opstartsbesøg at %s is %s', (now, status) => {
    expect(occ(planFor(facts, now), 'opstartsbesoeg').status).toBe(status);
  });

  it('is open between earliest and the reminder lead', () => {
    const p = planFor([{ kind: 'done', step: 'screening', date: '2025-04-20' }], '2025-04-28T09:00:00Z', '2025-10-01');
    expect(occ(p, 'teamsamtale').status).toBe('open');
  });

  it('reminds before the target and escalates after the deadline, level by level', () => {
    const o = occ(planFor(facts, '2025-04-16T09:00:00Z'), 'opstartsbesoeg');
    expect(o.reminders).toEqual([
      { at: '2025-04-19T06:00:00Z', to: ['socialraadgiver'], kind: 'reminder' },
      { at: '2025-04-22T06:00:00Z', to: ['socialraadgiver'], kind: 'due_today' },
    ]);
    expect(o.escalations).toEqual([
      { at: '2025-04-23T06:00:00Z', to: ['teamleder'], level: 1 },
      { at: '2025-04-29T06:00:00Z', to: ['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje'], level: 2 },
    ]);
  });

  it('orders occurrences by target date', () => {
    const targets = planFor([...facts, ev('birth', '2025-09-05')], '2025-09-06T09:00:00Z').occurrences.map((o) => o.target);
    expect(targets).toEqual([...targets].sort());
  });
});

describe('phase, visit norms and plan horizon', () => {
  it('is in the highest phase whose start has happened', () => {
    expect(planFor([], '2025-01-01T09:00:00Z').phase).toBe(1);
    expect(planFor([ev('intake', '2025-04-15'), ev('birth', '2025-09-05')], '2025-09-06T09:00:00Z').phase).toBe(3);
    expect(planFor([ev('intake', '2025-04-15'), ev('birth', '2025-09-05')], '2025-09-04T09:00:00Z').phase).toBe(2);
  });

  it('reports complete weeks below the minimum hours of the age band', () => {
    const visits: Fact[] = [
      { kind: 'visit', date: '2025-09-09', hours: 3 },
      { kind: 'visit', date: '2025-09-15', hours: 4 },
      { kind: 'visit', date: '2025-09-19', hours: 2 },
    ];
    // Born on a Friday: the first complete week is 8–14 September; 22–28 September is not over yet.
    const p = planFor([ev('birth', '2025-09-05'), ...visits], '2025-09-28T09:00:00Z');
    expect(p.visitShortfalls).toEqual([{ weekStart: '2025-09-08', weekEnd: '2025-09-14', requiredHours: 6, loggedHours: 3 }]);
  });

  it('uses the band of the child age and skips paused weeks', () => {
    const p = planFor([ev('birth', '2025-09-01'), { kind: 'pause', date: '2025-12-10', reason: 'indlæggelse' }, { kind: 'resume', date: '2025-12-20' }], '2026-01-05T09:00:00Z');
    const required = new Map(p.visitShortfalls.map((s) => [s.weekStart, s.requiredHours]));
    expect(required.get('2025-11-24')).toBe(6);
    expect(required.get('2025-12-01')).toBe(4);
    expect(required.has('2025-12-08')).toBe(false);
    expect(required.has('2025-12-15')).toBe(false);
    expect(required.get('2025-12-22')).toBe(4);
  });

  it('warns when network meetings are fixed less than 3 months ahead', () => {
    const planned: Fact[] = [1, 2, 3].map((n) => ({ kind: 'planned', step: 'netvaerksmoede', occurrence: n, date: ['2025-09-08', '2025-10-03', '2025-10-31'][n - 1]! }));
    const p = planFor([ev('birth', '2025-09-05'), ...planned], '2025-09-06T09:00:00Z');
    expect(p.planHorizon).toEqual([{ stepId: 'netvaerksmoede', plannedUntil: '2025-10-31', requiredUntil: '2025-12-06' }]);
    const more: Fact[] = [4, 5].map((n) => ({ kind: 'planned', step: 'netvaerksmoede', occurrence: n, date: ['2025-11-28', '2025-12-29'][n - 4]! }));
    expect(planFor([ev('birth', '2025-09-05'), ...planned, ...more], '2025-09-06T09:00:00Z').planHorizon).toEqual([]);
  });
});
