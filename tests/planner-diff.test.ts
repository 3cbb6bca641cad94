/** Comparing one case's plans under two versions of the rules. */
import { describe, expect, it } from 'vitest';
import type { CaseFacts } from '../dsl/facts.js';
import { Programme } from '../dsl/compile/model.js';
import { diffPlans, isEmptyDiff } from '../dsl/plan/index.js';
import { plan } from '../dsl/plan/index.js';
import { d, fixtureProgramme } from './fixtures/planner-programme.js';

const facts: CaseFacts = {
  caseId: 'sag-d',
  dueDate: '2025-10-01',
  facts: [
    { kind: 'event', event: 'notification', date: '2025-04-02' },
    { kind: 'event', event: 'intake', date: '2025-04-15' },
    { kind: 'event', event: 'birth', date: '2025-09-05' },
  ],
};
const now = '2025-05-01T10:00:00Z';

/** The fixture with one step's rule replaced. */
function withStep(id: string, change: (s: Programme['steps'][number]) => Programme['steps'][number] | undefined): Programme {
  const steps = fixtureProgramme.steps.flatMap((s) => (s.id === id ? [change(s)].filter((x) => x !== undefined) : [s]));
  return { ...fixtureProgramme, steps };
}

describe('diffPlans', () => {
  it('finds nothing between a programme and itself', () => {
    const p = plan(fixtureProgramme, facts, now);
    expect(isEmptyDiff(diffPlans(p, p))).toBe(true);
  });

  it('reports a moved deadline and the occurrence it makes overdue', () => {
    // The rules say a week after intake (22 April, after Easter); the day after intake is 16 April.
    const nextDay = { anchor: { kind: 'event' as const, event: 'intake' }, offset: d({ days: 1 }) };
    const tighter = withStep('opstartsbesoeg', (s) => ({ ...s, when: { ...s.when!, target: nextDay, latest: nextDay } }));
    const asOf = '2025-04-17T10:00:00Z';
    const diff = diffPlans(plan(fixtureProgramme, facts, asOf), plan(tighter, facts, asOf));
    expect(diff.moved).toEqual([{ stepId: 'opstartsbesoeg', occurrence: 1, from: { earliest: '2025-04-15', target: '2025-04-22', latest: '2025-04-22' }, to: { earliest: '2025-04-15', target: '2025-04-16', latest: '2025-04-16' } }]);
    expect(diff.newlyOverdue).toEqual([{ stepId: 'opstartsbesoeg', occurrence: 1, from: 'open', to: 'overdue' }]);
  });

  it('reports new and dropped occurrences', () => {
    const without = withStep('cosp', () => undefined);
    const weekly = withStep('netvaerksmoede', (s) => ({ ...s, recurrence: { ...(s.recurrence as Extract<Programme['steps'][number]['recurrence'], { kind: 'cadence' }>), segments: [{ every: d({ weeks: 2 }), until: { points: [{ anchor: { kind: 'childAge', months: 2 }, offset: d() }] } }] } }));
    const dropped = diffPlans(plan(fixtureProgramme, facts, now), plan(without, facts, now));
    expect(dropped.dropped.map((o) => o.stepId)).toEqual(['cosp']);
    const denser = diffPlans(plan(fixtureProgramme, facts, now), plan(weekly, facts, now));
    expect(denser.added.filter((o) => o.stepId === 'netvaerksmoede').length).toBe(0);
    expect(denser.dropped.filter((o) => o.stepId === 'netvaerksmoede').length).toBeGreaterThan(10);
    expect(denser.moved.some((m) => m.stepId === 'netvaerksmoede' && m.occurrence === 2 && m.to.target === '2025-09-19')).toBe(true);
  });
});
