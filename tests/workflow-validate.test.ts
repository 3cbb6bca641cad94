/**
 * The case workflow's update validators as a table: each bad event gets its one Danish sentence
 * (English after ' / '), each good one passes. Pure functions, so no server is needed.
 */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { applyEvent, initialState, type CaseState } from '../workflows/case-state.js';
import { validateAcknowledge, validateEvent, validateMigration } from '../workflows/case-validate.js';
import { CaseStartFields, type CaseEvent } from '../workflows/case-input.js';
import { caseHorizonMonths } from '../workflows/case-bounds.js';
import { firstProblem } from '../dsl/contract.js';
import { rejectionMessage } from '../workflows/case-reject.js';
import { loadRules } from './workflow-harness.js';

const programme = loadRules('spaedbarnsindsatsen');
const NOW = '2027-09-15T10:00:00Z';

function caseWith(events: Record<string, unknown>[] = []): CaseState {
  const state = initialState({ caseId: 'K-2027-0001', unit: 'nord', municipality: 'jammerbugt', team: { socialraadgiver: 'sr-mette' }, notified: '2027-03-01', dueDate: '2027-10-04', openedBy: 'sr-mette' }, programme, '2027-03-01T09:00:00Z');
  for (const e of events) applyEvent(state, { by: 'sr-mette', ...e } as CaseEvent, '2027-03-02T09:00:00Z');
  return state;
}

function rejection(state: CaseState, event: Record<string, unknown>, now = NOW): string {
  try {
    validateEvent(state, { by: 'sr-mette', ...event }, now);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
}

/** The event is refused with one message as data: its code, and the sentence `da / en` as the failure's message. */
function expectRejected(state: CaseState, event: Record<string, unknown>, code: string, sentence: RegExp, now = NOW): void {
  let failure: unknown;
  try {
    validateEvent(state, { by: 'sr-mette', ...event }, now);
  } catch (err) {
    failure = err;
  }
  expect(failure).toBeInstanceOf(ApplicationFailure);
  const message = rejectionMessage(failure);
  expect(message).toMatchObject({ code });
  expect((failure as Error).message).toBe(`${message!.da} / ${message!.en}`);
  expect(message!.da).toMatch(sentence);
}

/** Born 1 September: 34+3, premature. */
const born = [{ type: 'occurred', what: 'birth', at: '2027-09-01' }] as Record<string, unknown>[];
/** Born 14 September: 37+1, at term. */
const bornAtTerm = [{ type: 'occurred', what: 'birth', at: '2027-09-14' }] as Record<string, unknown>[];
/** Paused since 1 September (a hospital stay). */
const paused = [{ type: 'pause', at: '2027-09-01', reason: 'hospitalsophold' }] as Record<string, unknown>[];

describe('registerEvent validator', () => {
  it.each([
    ['an unknown type', [], { type: 'teleport', at: '2027-03-05' }, 'event.unknown_type', /^Ukendt hændelsestype 'teleport'; brug en af occurred, planned/],
    ['a bad field', [], { type: 'visit', at: '2027-03-05', hours: -2 }, 'hours.range', /^Hændelsen er ugyldig. Feltet «timer»: -2 timer er ikke muligt/],
    ['a date before the case began', [], { type: 'occurred', what: 'intake', at: '2027-02-28' }, 'date.before_case', /^Datoen 2027-02-28 ligger før sagen begyndte \(2027-03-01\)/],
    ['a date after today', [], { type: 'occurred', what: 'intake', at: '2027-09-16' }, 'date.future', /^Datoen 2027-09-16 ligger efter i dag \(2027-09-15\)/],
    ['a date that does not exist, for its own reason', [], { type: 'occurred', what: 'intake', at: '2027-11-31' }, 'date.day', /^Hændelsen er ugyldig. Feltet «dato»: 2027-11-31 er ikke en rigtig dato: november 2027 har 30 dage/],
    ['an unknown step', [], { type: 'occurred', what: 'kaffemoede', at: '2027-03-05' }, 'step.unknown', /kender hverken et trin eller en hændelse 'kaffemoede'/],
    ['a birth before week 22', [], { type: 'occurred', what: 'birth', at: '2027-05-01' }, 'birth.too_early', /^Fødselsdatoen 2027-05-01 ligger før graviditetsuge 22 \(2027-05-31\) efter terminen 2027-10-04/],
    ['a birth before the screening', [{ type: 'occurred', what: 'screening', at: '2027-06-15' }], { type: 'occurred', what: 'birth', at: '2027-06-10' }, 'birth.before_pregnancy_step', /^Fødselsdatoen 2027-06-10 ligger før 'Jordemoderens screening for sårbarhed'/],
    ['a second birth', born, { type: 'occurred', what: 'birth', at: '2027-09-02' }, 'event.repeat', /^Hændelsen 'birth' er allerede registreret \(2027-09-01\)/],
    ['a discharge before any birth', [], { type: 'occurred', what: 'discharge', at: '2027-09-02' }, 'discharge.no_birth', /^Registrér fødslen før udskrivningen/],
    ['a discharge before the birth', born, { type: 'occurred', what: 'discharge', at: '2027-08-30' }, 'discharge.before_birth', /^Udskrivningen \(2027-08-30\) kan ikke ligge før fødslen/],
    ['the premature step after a birth at term (37+1)', bornAtTerm, { type: 'occurred', what: 'skaerpet_opmaerksomhed', at: '2027-09-02' }, 'step.not_applicable', /^Trinnet 'skaerpet_opmaerksomhed' gælder ikke for denne sag/],
    ['a step done twice', [{ type: 'occurred', what: 'sagsmoede', at: '2027-03-02' }], { type: 'occurred', what: 'sagsmoede', at: '2027-03-03' }, 'step.done_already', /^Trinnet 'sagsmoede' er allerede registreret som udført \(2027-03-02\)/],
    ['a pause while paused', paused, { type: 'pause', at: '2027-09-10', reason: 'andet' }, 'pause.already', /^Sagen er allerede sat på pause/],
    ['a resume without a pause', [], { type: 'resume', at: '2027-09-10' }, 'resume.not_paused', /^Sagen er ikke sat på pause/],
    ['a free-text pause reason', [], { type: 'pause', at: '2027-09-10', reason: 'indlagt på Aalborg Sygehus' }, 'input.invalid_value', /^Hændelsen er ugyldig. Feltet «årsag»: skal være en af: hospitalsophold/],
    ['an unknown role', [], { type: 'reassign', at: '2027-09-10', role: 'praest', staff: 'pr-1' }, 'role.unknown', /^Programmet kender ikke rollen 'praest'/],
    ['a meeting planned in the past', [], { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2027-09-01' }, 'planned.past', /^Mødedatoen 2027-09-01 er allerede passeret/],
    ['a due date after the birth', born, { type: 'due_date', dueDate: '2027-10-11' }, 'due_date.after_birth', /^Barnet er født; terminsdatoen kan ikke ændres længere/],
  ])('rejects %s', (_name, before, event, code, sentence) => {
    expectRejected(caseWith(before as Record<string, unknown>[]), event, code, sentence);
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

/** Closed on 10 September, after a premature birth on 1 September. */
const closed = [...born, { type: 'occurred', what: 'closing', at: '2027-09-10' }] as Record<string, unknown>[];
const visit = (at: string, hours: number, by: string) => ({ type: 'visit', at, hours, by });

describe('registerEvent validator knows the case', () => {
  it.each([
    ['a resume dated before its pause', paused, { type: 'resume', at: '2027-08-20' }, 'resume.before_pause', /^Genoptagelsen den 2027-08-20 ligger før pausen begyndte \(2027-09-01\), så sagen ville forblive på pause; skriv en dato fra 2027-09-01\.$/],
    ['a pause inside an earlier pause', [{ type: 'pause', at: '2027-06-01', reason: 'fraflytning' }, { type: 'resume', at: '2027-07-01' }], { type: 'pause', at: '2027-06-15', reason: 'andet' }, 'pause.overlaps', /^Pausen fra 2027-06-15 ligger i en tidligere pause, som sluttede 2027-07-01/],
    ['planned occurrence 99,999,999', born, { type: 'planned', step: 'netvaerksmoede', occurrence: 99_999_999, at: '2027-10-26' }, 'occurrence.range', /^Hændelsen er ugyldig. Feltet «gentagelse»: 99999999 er ikke et gyldigt nummer/],
    ['a planned occurrence beyond the plan', born, { type: 'planned', step: 'netvaerksmoede', occurrence: 400, at: '2027-10-26' }, 'occurrence.beyond_plan', /^Trinnet 'netvaerksmoede' har ingen gentagelse nr\. 400; sagens plan rækker til nr\. \d+, så ret nummeret\.$/],
    ['a planned second time of a one-time step', [], { type: 'planned', step: 'visitationsmoede', occurrence: 2, at: '2027-10-26' }, 'occurrence.one_time', /^Trinnet 'visitationsmoede' sker kun én gang, så der er ingen gentagelse nr\. 2/],
    ['done occurrence 5,000', born, { type: 'occurred', what: 'netvaerksmoede', occurrence: 5000, at: '2027-09-14' }, 'occurrence.range', /^Hændelsen er ugyldig. Feltet «gentagelse»: 5000 er ikke et gyldigt nummer/],
    ['a done occurrence beyond the plan', born, { type: 'occurred', what: 'netvaerksmoede', occurrence: 500, at: '2027-09-14' }, 'occurrence.beyond_plan', /^Trinnet 'netvaerksmoede' har ingen gentagelse nr\. 500/],
    ['a done status statement beyond the plan', born, { type: 'occurred', what: 'netvaerksmoede__statusudtalelse', occurrence: 600, at: '2027-09-14' }, 'occurrence.beyond_plan', /^Trinnet 'netvaerksmoede__statusudtalelse' har ingen gentagelse nr\. 600/],
    ['a done second time of a one-time step', [], { type: 'occurred', what: 'sagsmoede', occurrence: 3, at: '2027-03-05' }, 'occurrence.one_time', /^Trinnet 'sagsmoede' sker kun én gang/],
    // 24 + 24 + 23.5 = 71.5 hours was accepted one visit at a time.
    ['71.5 visit hours in one day', [...born, visit('2027-09-14', 24, 'sp-anne')], visit('2027-09-14', 24, 'ft-lars'), 'visit.day_hours', /^Den 2027-09-14 er der allerede registreret 24 timers besøg, og et døgn har 24 timer; dagen er fuld, så ret dagens besøg\.$/],
    ['visits past 24 hours in one day', [...born, visit('2027-09-14', 20.5, 'sp-anne')], visit('2027-09-14', 4, 'ft-lars'), 'visit.day_hours', /skriv højst 3,5 timer/],
    ['a visit after closing', closed, visit('2027-09-12', 2, 'sp-anne'), 'closed.after_closing', /^Sagen blev afsluttet den 2027-09-10, og besøget den 2027-09-12 ligger efter afslutningen/],
    ['a birth after closing', [{ type: 'occurred', what: 'closing', at: '2027-09-10' }], { type: 'occurred', what: 'birth', at: '2027-09-12' }, 'closed.after_closing', /og hændelsen 'birth' den 2027-09-12 ligger efter afslutningen/],
    ['a step cut by the closing, done after it', closed, { type: 'occurred', what: 'hjemmebesoeg_udskrivning', at: '2027-09-12' }, 'closed.after_closing', /og trinnet 'hjemmebesoeg_udskrivning' den 2027-09-12 ligger efter afslutningen/],
    ['a reassignment after closing', closed, { type: 'reassign', at: '2027-09-12', role: 'socialraadgiver', staff: 'sr-sofie' }, 'closed.state_change', /^Sagen blev afsluttet den 2027-09-10 og kan ikke længere få en ny medarbejder\.$/],
    ['a pause after closing', closed, { type: 'pause', at: '2027-09-12', reason: 'andet' }, 'closed.state_change', /kan ikke længere sættes på pause\.$/],
    ['a resume after closing', [...paused, { type: 'occurred', what: 'closing', at: '2027-09-10' }], { type: 'resume', at: '2027-09-12' }, 'closed.state_change', /kan ikke længere genoptages\.$/],
    ['a new due date after closing', [{ type: 'occurred', what: 'closing', at: '2027-09-10' }], { type: 'due_date', dueDate: '2027-10-11' }, 'closed.state_change', /kan ikke længere få en ny terminsdato\.$/],
    ['a network meeting planned after closing', closed, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2027-10-26' }, 'closed.planned', /^Sagen blev afsluttet den 2027-09-10; kun de trin, sagen stadig mangler, kan planlægges, og 'netvaerksmoede' nr\. 2 er ikke et af dem\.$/],
    ['a unit leader role given on the case', [], { type: 'reassign', at: '2027-09-10', role: 'teamleder', staff: 'tl-karen' }, 'role.unit_leader', /^Rollen 'teamleder' følger sagens enhed i medarbejderkartoteket/],
    ['due date 0000-00-00', [], { type: 'due_date', dueDate: '0000-00-00' }, 'date.month', /^Hændelsen er ugyldig. Feltet «terminsdato»: 0000-00-00 er ikke en rigtig dato: måneden skal være 01–12\.$/],
    ['due date 9999-99-99', [], { type: 'due_date', dueDate: '9999-99-99' }, 'date.month', /^Hændelsen er ugyldig. Feltet «terminsdato»: 9999-99-99 er ikke en rigtig dato/],
    ['a due date more than 10 months after the notification', [], { type: 'due_date', dueDate: '2028-01-02' }, 'due_date.too_late', /^Terminsdatoen 2028-01-02 ligger mere end 10 måneder efter underretningen \(2027-03-01\); en graviditet varer omkring 9 måneder, så skriv en termin senest 2028-01-01\.$/],
    ['a due date more than a year before the notification', [], { type: 'due_date', dueDate: '2026-02-28' }, 'due_date.too_early', /^Terminsdatoen 2026-02-28 ligger mere end 12 måneder før underretningen \(2027-03-01\)/],
    ['a meeting planned past the case horizon', [], { type: 'planned', step: 'netvaerksmoede', occurrence: 1, at: '2031-01-02' }, 'date.beyond_horizon', /^Datoen 2031-01-02 ligger efter programmets sidste mulige dato for sagen \(2031-01-01\); ret året eller datoen\.$/],
  ])('rejects %s', (_name, before, event, code, sentence) => {
    expectRejected(caseWith(before as Record<string, unknown>[]), event, code, sentence);
  });

  it('rejects a date past the horizon even when it is not in the future', () => {
    expectRejected(caseWith(), { type: 'occurred', what: 'intake', at: '2031-02-01' }, 'date.beyond_horizon', /^Datoen 2031-02-01 ligger efter programmets sidste mulige dato for sagen \(2031-01-01\)/, '2031-06-01T10:00:00Z');
  });

  it.each([
    ['a resume on the day the pause began', paused, { type: 'resume', at: '2027-09-01' }],
    ['a pause after an earlier one ended', [{ type: 'pause', at: '2027-06-01', reason: 'fraflytning' }, { type: 'resume', at: '2027-07-01' }], { type: 'pause', at: '2027-07-01', reason: 'andet' }],
    ['visits filling a day to 24 hours', [...born, visit('2027-09-14', 20, 'sp-anne')], visit('2027-09-14', 4, 'ft-lars')],
    ['the last occurrence in the plan', born, { type: 'planned', step: 'netvaerksmoede', occurrence: 20, at: '2029-01-02' }],
    ['a late visit dated before the closing', closed, visit('2027-09-08', 2, 'sp-anne')],
    ['the closing network meeting after closing', closed, { type: 'occurred', what: 'afsluttende_netvaerksmoede', at: '2027-09-14' }],
    ['planning the closing network meeting', closed, { type: 'planned', step: 'afsluttende_netvaerksmoede', occurrence: 1, at: '2027-09-20', time: '10:00' }],
    ['the safety plan after closing', closed, { type: 'occurred', what: 'sikkerhedsplan', at: '2027-09-15' }],
    ['a due date for an infant notified after the birth', [], { type: 'due_date', dueDate: '2026-06-01' }],
    ['a due date 10 months after the notification', [], { type: 'due_date', dueDate: '2028-01-01' }],
  ])('accepts %s', (_name, before, event) => {
    expect(rejection(caseWith(before as Record<string, unknown>[]), event)).toBe('accepted');
  });
});

describe('opening a case', () => {
  const fields = { caseId: 'K-2027-0001', unit: 'nord', municipality: 'jammerbugt', team: {}, notified: '2027-03-01', openedBy: 'sr-mette' };

  it.each([
    ['0000-00-00', /^Feltet «terminsdato»: 0000-00-00 er ikke en rigtig dato/],
    ['9999-99-99', /^Feltet «terminsdato»: 9999-99-99 er ikke en rigtig dato/],
    ['2028-06-01', /^Feltet «terminsdato»: Terminsdatoen 2028-06-01 ligger mere end 10 måneder efter underretningen/],
    ['2025-06-01', /^Feltet «terminsdato»: Terminsdatoen 2025-06-01 ligger mere end 12 måneder før underretningen/],
  ])('refuses the due date %s', (dueDate, sentence) => {
    const parsed = CaseStartFields.safeParse({ ...fields, dueDate });
    expect(parsed.success).toBe(false);
    expect(firstProblem(parsed.error!).da).toMatch(sentence);
  });

  it('accepts a due date in the coming months', () => {
    expect(CaseStartFields.safeParse({ ...fields, dueDate: '2027-10-04' }).success).toBe(true);
  });

  it('reaches 46 months after the notification for both programmes that end by the age of two', () => {
    expect(caseHorizonMonths(programme)).toBe(46);
    expect(caseHorizonMonths(loadRules('minding-the-baby'))).toBe(46);
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
    // The model's own checks, as a move recorded before the registry replays them.
    const legacy = { reference: false };
    expect(() => validateMigration(state, { programme, by: 'admin-1' }, legacy)).toThrow(/^Sagen kører allerede på version/);
    expect(() => validateMigration(state, { programme: loadRules('minding-the-baby'), by: 'admin-1' }, legacy)).toThrow(/^Sagen kører på programmet 'spaedbarnsindsatsen' og kan ikke flyttes til 'minding_the_baby'/);
    expect(() => validateMigration(state, { programme: { id: 'x' }, by: 'admin-1' }, legacy)).toThrow(/^Den nye regelversion er ikke et gyldigt kompileret program/);
    expect(validateMigration(state, { programme: { ...programme, version: 'v2' }, by: 'admin-1' }, legacy).version).toBe('v2');
    // Every new move must name a published version from the rules registry.
    expect(() => validateMigration(state, { programme: { ...programme, version: 'v2' }, by: 'admin-1' })).toThrow(/^Sager kan kun flyttes til en udgivet version fra regelregistret/);
  });
});
