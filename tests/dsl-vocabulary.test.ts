/**
 * The rules declare what the engine needs to know: role duties, lifecycle marks, the visit norm's
 * audience and owners, the programme's English name — in English and Danish keyword forms, compiled
 * into `vocabulary`, validated with positioned errors.
 */
import { describe, expect, it } from 'vitest';
import { vocabularyOf } from '../dsl/plan/index.js';
import { expectErrors, expectValid, loadProgramme } from './dsl-helpers.js';

const programme = (...lines: string[]) =>
  [
    'programme p "Programmet" english "The programme"',
    'version "1"',
    'role raadgiver "Rådgiver" english "Counsellor" is caseworker',
    'role leder "Leder" er teamleder',
    'role chef "Chef" is department leader',
    'event start "Start" marks the start',
    'event foedsel "Fødsel" markerer fødslen',
    'event slut "Slut" closes the case',
    'phase 1 "Første"',
    ...lines,
  ].join('\n');

const step = (...clauses: string[]) => programme('task a "A"', '  in phase 1', '  owner raadgiver', ...clauses);

describe('vocabulary declarations compile to the model', () => {
  it.each([
    ['English and Danish keyword forms', step('  due child age 2 months')],
    ['Danish forms throughout', step('  due child age 2 months').replace('is caseworker', 'er sagsbehandler').replace('is department leader', 'er afdelingsleder').replace('marks the start', 'markerer starten')],
  ])('%s', (_name, source) => {
    const p = expectValid(source);
    expect(p.title).toBe('Programmet');
    expect(p.titleEn).toBe('The programme');
    expect(p.vocabulary).toEqual({
      caseworkers: ['raadgiver'],
      teamLeaders: ['leder'],
      departmentLeaders: ['chef'],
      lifecycle: { start: 'start', birth: 'foedsel' },
      visitNorm: { audience: ['leder'], owners: ['raadgiver'] },
    });
  });

  it('sends the visit norm where `visit norm to … for …` says', () => {
    const p = expectValid(programme('role terapeut "Terapeut" is caseworker', 'besøgsnorm til chef for terapeut', '  0 to 3 months: 6 hours per week'));
    expect(p.vocabulary?.visitNorm).toEqual({ audience: ['chef'], owners: ['terapeut'] });
  });

  it('reads the three programmes in rules/ with their declared vocabulary', () => {
    const spaedbarn = vocabularyOf(loadProgramme('spaedbarnsindsatsen.rules'));
    expect(spaedbarn.teamLeaders).toEqual(['teamleder']);
    expect(spaedbarn.departmentLeaders).toEqual(['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje']);
    expect(spaedbarn.lifecycle).toEqual({ start: 'notification', intake: 'intake', birth: 'birth', discharge: 'discharge' });
    expect(vocabularyOf(loadProgramme('familieanbringelse.rules')).caseworkers).toContain('kontaktperson');
    expect(loadProgramme('familieanbringelse.rules').titleEn).toBe('Family placement');
  });

  it('gives a model compiled before the declarations the ids the engine assumed then', () => {
    const { vocabulary: _none, ...old } = loadProgramme('spaedbarnsindsatsen.rules');
    expect(vocabularyOf(old)).toEqual(vocabularyOf(loadProgramme('spaedbarnsindsatsen.rules')));
  });
});

describe('vocabulary declarations are validated, each with exact line:column', () => {
  it.each([
    {
      name: 'two events mark the birth',
      source: programme('event foedsel2 "Fødsel igen" marks birth'),
      errors: [{ code: 'lifecycle.duplicate-mark', message: "'foedsel' already marks birth", line: 10, column: 30 }],
    },
    {
      name: 'child ages with no birth marked',
      source: step('  due child age 2 months').replace(' markerer fødslen', ''),
      errors: [{ code: 'lifecycle.no-birth', message: "The step 'a' counts from the birth", line: 13, column: 7 }],
    },
    {
      name: 'only before birth with no birth marked',
      source: step('  due 1 week after start', '  kun før fødslen').replace(' markerer fødslen', ''),
      errors: [{ code: 'lifecycle.no-birth', message: 'markér fødslen', line: 14, column: 3 }],
    },
    {
      name: 'months into the intervention with no intake marked',
      source: step('  due 3 months into the intervention'),
      errors: [{ code: 'lifecycle.no-intake', message: 'counts months from intake', line: 13, column: 7 }],
    },
    {
      name: 'the visit norm reports to a caseworker',
      source: programme('visit norm to raadgiver for raadgiver', '  0 to 3 months: 6 hours per week'),
      errors: [{ code: 'norm.audience-not-leader', message: "'raadgiver' is neither team leader nor department leader", line: 10, column: 15 }],
    },
    {
      name: 'an escalation to a caseworker',
      source: step('  due 1 week after start', '  escalate after 1 day to leder, then after 1 week to raadgiver'),
      errors: [{ code: 'escalation.not-leader', message: "'raadgiver' is neither team leader nor department leader", line: 14, column: 55 }],
    },
    {
      name: 'the visit norm names an unknown role',
      source: programme('visit norm to leder for sundhedsplejerske', '  0 to 3 months: 6 hours per week'),
      errors: [{ code: 'ref.unknown-role', message: "Unknown role or group 'sundhedsplejerske'", line: 10, column: 25 }],
    },
  ])('$name', ({ source, errors }) => {
    expectErrors(source, errors);
  });
});
