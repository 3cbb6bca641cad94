/**
 * Properties of the planner over generated case facts (fast-check): it never throws, cadences keep
 * their nominal spacing, no target or deadline lands on a non-working day, and adding an unrelated
 * later fact never moves a date backwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseFacts, Fact } from '../dsl/facts.js';
import type { Plan } from '../dsl/plan/index.js';
import { plan } from '../dsl/plan/index.js';
import { CLOSED_DATES_2024_2030, fixtureProgramme } from './fixtures/planner-programme.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const base = Date.UTC(2025, 0, 1);
/** Dates inside the fixture calendar's years, so every holiday is known. */
const dateArb = fc.integer({ min: 0, max: 4 * 365 }).map((n) => iso(base + n * DAY));
const stepIds = fixtureProgramme.steps.map((s) => s.id);
const eventIds = fixtureProgramme.events.map((e) => e.id);

const factArb: fc.Arbitrary<Fact> = fc.oneof(
  fc.record({ kind: fc.constant('event' as const), event: fc.constantFrom(...eventIds), date: dateArb }),
  fc.record({ kind: fc.constant('done' as const), step: fc.constantFrom(...stepIds), occurrence: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }), date: dateArb }),
  fc.record({ kind: fc.constant('planned' as const), step: fc.constantFrom(...stepIds), occurrence: fc.integer({ min: 1, max: 30 }), date: dateArb, time: fc.constantFrom(undefined, '09:30', '02:30'), cancelled: fc.boolean() }),
  fc.record({ kind: fc.constant('visit' as const), date: dateArb, hours: fc.double({ min: 0.25, max: 24, noNaN: true }) }),
  fc.record({ kind: fc.constant('pause' as const), date: dateArb, reason: fc.constant('indlæggelse') }),
  fc.record({ kind: fc.constant('resume' as const), date: dateArb }),
);

const caseArb: fc.Arbitrary<CaseFacts> = fc.record({
  caseId: fc.constant('sag-p'),
  dueDate: fc.option(dateArb, { nil: undefined }),
  facts: fc.array(factArb, { maxLength: 25 }),
});
const nowArb = fc.integer({ min: 0, max: 4 * 365 * 24 }).map((h) => new Date(base + h * 3_600_000).toISOString());

const closed = new Set(CLOSED_DATES_2024_2030);
const isWorkingDay = (date: string) => {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !closed.has(date);
};

describe('planner properties', () => {
  it('never throws and returns well-formed occurrences on any valid facts', () => {
    fc.assert(
      fc.property(caseArb, nowArb, (c, now) => {
        const p = plan(fixtureProgramme, c, now);
        for (const o of p.occurrences) {
          expect(o.target).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(o.earliest <= o.target && o.target <= o.latest).toBe(true);
          expect(o.reason === undefined || !o.reason.startsWith('error')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('puts no rule-derived target or deadline on a non-working day', () => {
    fc.assert(
      fc.property(caseArb, nowArb, (c, now) => {
        for (const o of plan(fixtureProgramme, c, now).occurrences) {
          if (o.planned || o.doneOn !== undefined) continue;
          if (o.target > '2029-12-31') continue; // beyond the fixture calendar
          expect(isWorkingDay(o.target), `${o.stepId} #${o.occurrence} target ${o.target}`).toBe(true);
          expect(isWorkingDay(o.latest), `${o.stepId} #${o.occurrence} latest ${o.latest}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a cadence on its 4-week nominal spacing whatever is planned, paused or done', () => {
    fc.assert(
      fc.property(caseArb, dateArb, nowArb, (c, birth, now) => {
        const facts = [...c.facts.filter((f) => !(f.kind === 'event' && (f.event === 'birth' || f.event === 'closing'))), { kind: 'event', event: 'birth', date: birth } as Fact];
        const nominal = plan(fixtureProgramme, { ...c, facts }, now)
          .occurrences.filter((o) => o.stepId === 'netvaerksmoede')
          .sort((a, b) => a.occurrence - b.occurrence)
          .map((o) => Date.parse(o.nominal) / DAY);
        // A birth beyond the planning horizon has no meetings yet.
        if (nominal.length > 0) expect(nominal[0]).toBe(Date.parse(birth) / DAY);
        nominal.slice(1).forEach((d, i) => expect(d - nominal[i]!).toBe(28));
      }),
      { numRuns: 200 },
    );
  });

  it('never moves a date backwards when a visit, an extra meeting or a closing is added', () => {
    // Rule-derived dates only: a step done or planned before its anchor was known shows the fact's
    // date until the anchor (here: a closing) arrives, and then its rule date, which may be earlier.
    const datesOf = (p: Plan) =>
      new Map(p.occurrences.filter((o) => !o.stepId.startsWith('arbejdsmoede_adhoc') && o.status !== 'done' && !o.planned).map((o) => [`${o.stepId}#${o.occurrence}`, o.target]));
    fc.assert(
      fc.property(caseArb, nowArb, dateArb, fc.integer({ min: 1, max: 5 }), (c, now, date, occurrence) => {
        const before = datesOf(plan(fixtureProgramme, c, now));
        const laterFacts: Fact[] = [
          { kind: 'visit', date, hours: 2 },
          { kind: 'planned', step: 'arbejdsmoede_adhoc', occurrence, date },
        ];
        if (!c.facts.some((f) => f.kind === 'event' && f.event === 'closing')) laterFacts.push({ kind: 'event', event: 'closing', date });
        const after = datesOf(plan(fixtureProgramme, { ...c, facts: [...c.facts, ...laterFacts] }, now));
        for (const [key, target] of before) {
          const moved = after.get(key);
          if (moved !== undefined) expect(moved >= target, `${key}: ${target} → ${moved}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
