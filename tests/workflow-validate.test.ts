/**
 * The case workflow's update validators as a table: each bad event gets its one Danish sentence
 * (English after ' / '), each good one passes. Pure functions, so no server is needed.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent, initialState, type CaseState } from '../workflows/case-state.js';
import { validateAcknowledge, validateEvent, validateMigration } from '../workflows/case-validate.js';
import type { CaseEvent } from '../workflows/case-input.js';
import { loadRules } from './workflow-harness.js';

const programme = loadRules('spaedbarnsindsatsen');
const NOW = '2027-09-15T10:00:00Z';

function caseWith(events: Record<string, unknown>[] = []): CaseState {
  const state = initialState({ caseId: 'K-2027-0001', unit: 'nord', municipality: 'jammerbugt', team: { socialraadgiver: 'sr-mette' }, notified: '2027-03-01', dueDate: '2027-10-04', openedBy: 'sr-mette' }, programme, '2027-03-01T09:00:00Z');
  for (const e of events) applyEvent(state, { by: 'sr-mette', ...e } as CaseEvent, '2027-03-02T09:00:00Z');
  return state;
}

function rejection(state: CaseState, event: Record<string, unknown>): string {
  try {
    validateEvent(state, { by: 'sr-mette', ...event }, NOW);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
}

/** Born 1 September: 34+3, premature. */
const born = [{ type: 'occurred', what: 'birth', at: '2027-09-01' }] as Record<string, unknown>[];
/** Born 14 September: 37+1, at term. */
const bornAtTerm = [{ type: 'occurred', what: 'birth', at: '2027-09-14' }] as Record<string, unknown>[];

describe('registerEvent validator', () => {
  it.each([
    ['an unknown type', [], { type: 'teleport', at: '2027-03-05' }, /^Ukendt hændelsestype 'teleport'; brug en af occurred, planned/],
    ['a bad field', [], { type: 'visit', at: '2027-03-05', hours: -2 }, /^Hændelsen er ugyldig. Feltet «timer»: -2 timer er ikke muligt/],
    ['a date before the case began', [], { type: 'occurred', what: 'intake', at: '2027-02-28' }, /^Datoen 2027-02-28 ligger før sagen begyndte \(2027-03-01\)/],
    ['a date after today', [], { type: 'occurred', what: 'intake', at: '2027-09-16' }, /^Datoen 2027-09-16 ligger efter i dag \(2027-09-15\)/],
    ['an unknown step', [], { type: 'occurred', what: 'kaffemoede', at: '2027-03-05' }, /kender hverken et trin eller en hændelse 'kaffemoede'/],
    ['a birth before week 22', [], { type: 'occurred', what: 'birth', at: '2027-05-01' }, /^Fødselsdatoen 2027-05-01 ligger før graviditetsuge 22 \(2027-05-31\) efter terminen 2027-10-04/],
    ['a birth before the screening', [{ type: 'occurred', what: 'screening', at: '2027-06-15' }], { type: 'occurred', what: 'birth', at: '2027-06-10' }, /^Fødselsdatoen 2027-06-10 ligger før screeningen/],
    ['a second birth', born, { type: 'occurred', what: 'birth', at: '2027-09-02' }, /^Hændelsen 'birth' er allerede registreret \(2027-09-01\)/],
    ['a discharge before any birth', [], { type: 'occurred', what: 'discharge', at: '2027-09-02' }, /^Registrér fødslen før udskrivningen/],
    ['a discharge before the birth', born, { type: 'occurred', what: 'discharge', at: '2027-08-30' }, /^Udskrivningen \(2027-08-30\) kan ikke ligge før fødslen/],
    ['the premature step after a birth at term (37+1)', bornAtTerm, { type: 'occurred', what: 'skaerpet_opmaerksomhed', at: '2027-09-02' }, /^Trinnet 'skaerpet_opmaerksomhed' gælder ikke for denne sag/],
    ['a step done twice', [{ type: 'occurred', what: 'sagsmoede', at: '2027-03-02' }], { type: 'occurred', what: 'sagsmoede', at: '2027-03-03' }, /^Trinnet 'sagsmoede' er allerede registreret som udført \(2027-03-02\)/],
    ['a pause while paused', [{ type: 'pause', at: '2027-09-01', reason: 'hospitalsophold' }], { type: 'pause', at: '2027-09-10', reason: 'andet' }, /^Sagen er allerede sat på pause/],
    ['a resume without a pause', [], { type: 'resume', at: '2027-09-10' }, /^Sagen er ikke sat på pause/],
    ['a free-text pause reason', [], { type: 'pause', at: '2027-09-10', reason: 'indlagt på Aalborg Sygehus' }, /^Hændelsen er ugyldig. Feltet «årsag»: skal være en af: hospitalsophold/],
    ['an unknown role', [], { type: 'reassign', at: '2027-09-10', role: 'praest', staff: 'pr-1' }, /^Programmet kender ikke rollen 'praest'/],
    ['a meeting planned in the past', [], { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2027-09-01' }, /^Mødedatoen 2027-09-01 er allerede passeret/],
    ['a due date after the birth', born, { type: 'due_date', dueDate: '2027-10-11' }, /^Barnet er født; terminsdatoen kan ikke ændres længere/],
  ])('rejects %s', (_name, before, event, sentence) => {
    const message = rejection(caseWith(before as Record<string, unknown>[]), event);
    expect(message).toMatch(sentence);
    expect(message).toContain(' / ');
  });

  it.each([
    ['a late-registered birth', [], { type: 'occurred', what: 'birth', at: '2027-09-01' }],
    ['a network meeting planned ahead', born, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2027-10-26', time: '10:00' }],
    ['a logged visit', born, { type: 'visit', at: '2027-09-14', hours: 2.5 }],
    ['the premature step after a premature birth', born, { type: 'occurred', what: 'skaerpet_opmaerksomhed', at: '2027-09-02' }],
    ['a status statement', born, { type: 'occurred', what: 'netvaerksmoede__statusudtalelse', occurrence: 1, at: '2027-09-14' }],
  ])('accepts %s', (_name, before, event) => {
    expect(rejection(caseWith(before as Record<string, unknown>[]), event)).toBe('accepted');
  });
});

describe('acknowledge and migrate validators', () => {
  it('acknowledges only an overdue step', () => {
    const state = caseWith();
    expect(() => validateAcknowledge(state, { stepId: 'sagsmoede', occurrence: 1, by: 'tl-birgit' }, NOW)).not.toThrow();
    expect(() => validateAcknowledge(state, { stepId: 'boernefaglig_undersoegelse', occurrence: 1, by: 'tl-birgit' }, '2027-03-02T10:00:00Z')).toThrow(/^'boernefaglig_undersoegelse' nr\. 1 er ikke forsinket/);
  });

  it('migrates only to another version of the same programme', () => {
    const state = caseWith();
    expect(() => validateMigration(state, { programme, by: 'admin-1' })).toThrow(/^Sagen kører allerede på version/);
    expect(() => validateMigration(state, { programme: loadRules('minding-the-baby'), by: 'admin-1' })).toThrow(/^Sagen kører på programmet 'spaedbarnsindsatsen' og kan ikke flyttes til 'minding_the_baby'/);
    expect(() => validateMigration(state, { programme: { id: 'x' }, by: 'admin-1' })).toThrow(/^Den nye regelversion er ikke et gyldigt kompileret program/);
    expect(validateMigration(state, { programme: { ...programme, version: 'v2' }, by: 'admin-1' }).version).toBe('v2');
  });
});
