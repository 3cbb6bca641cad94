/**
 * Registering a before-birth step after a premature birth: a meeting held before the birth can
 * still be registered late (it then shows as done); one dated after the birth is refused with the
 * reason in Danish words. Pure validator functions, no server.
 */
import { describe, expect, it } from 'vitest';
import { plan } from '../dsl/plan/index.js';
import { applyEvent, initialState, type CaseState } from '../workflows/case-state.js';
import { validateEvent } from '../workflows/case-validate.js';
import type { CaseEvent } from '../workflows/case-input.js';
import { loadRules } from './workflow-harness.js';

const programme = loadRules('spaedbarnsindsatsen');
const NOW = '2027-09-15T10:00:00Z';

/** Term 4 October 2027; born 1 September (34+3), before the network meeting's deadline of 6 September. */
function bornEarly(): CaseState {
  const state = initialState({ caseId: 'K-2027-0002', unit: 'nord', municipality: 'jammerbugt', team: { socialraadgiver: 'sr-mette' }, notified: '2027-03-01', dueDate: '2027-10-04', openedBy: 'sr-mette' }, programme, '2027-03-01T09:00:00Z');
  applyEvent(state, { by: 'sr-mette', type: 'occurred', what: 'birth', at: '2027-09-01' } as CaseEvent, '2027-09-02T09:00:00Z');
  return state;
}

function outcome(state: CaseState, at: string): string {
  try {
    validateEvent(state, { by: 'sr-mette', type: 'occurred', what: 'netvaerksmoede_foer_foedsel', at }, NOW);
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('a before-birth meeting registered after a premature birth', () => {
  it('is not applicable, "født før", until something is registered', () => {
    const o = plan(programme, bornEarly().facts, NOW).occurrences.find((x) => x.stepId === 'netvaerksmoede_foer_foedsel')!;
    expect([o.status, o.reason]).toEqual(['not_applicable', 'born_before']);
  });

  it('held before the birth: accepted, and then done', () => {
    const state = bornEarly();
    expect(outcome(state, '2027-08-20')).toBe('accepted');
    applyEvent(state, { by: 'sr-mette', type: 'occurred', what: 'netvaerksmoede_foer_foedsel', at: '2027-08-20' } as CaseEvent, NOW);
    expect(plan(programme, state.facts, NOW).occurrences.find((x) => x.stepId === 'netvaerksmoede_foer_foedsel')!.status).toBe('done');
  });

  it('dated after the birth: refused, saying why in Danish', () => {
    expect(outcome(bornEarly(), '2027-09-03')).toMatch(/^Trinnet 'netvaerksmoede_foer_foedsel' gælder ikke for denne sag \(født før\)\. \/ /);
  });
});
