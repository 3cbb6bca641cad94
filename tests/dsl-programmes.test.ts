import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';
import { Programme } from '../dsl/compile/model.js';

const read = (name: string) => readFileSync(new URL(`../rules/${name}`, import.meta.url), 'utf8');
const files = ['spaedbarnsindsatsen.rules', 'minding-the-baby.rules', 'familieanbringelse.rules'];

/** The step ids of domain.md, Spædbarnsindsatsen. */
const domainStepIds = [
  'underretning_vurdering', 'sagsmoede', 'boernefaglig_undersoegelse', 'visitationsmoede', 'opstartsbesoeg', 'netvaerksmoede_1',
  'screening', 'teamsamtale', 'hjemmebesoeg_foer_foedsel', 'netvaerksmoede_foer_foedsel', 'arbejdsmoede_foer_foedsel',
  'udskrivningskonference', 'hjemmebesoeg_udskrivning', 'vurdering_af_indsats', 'netvaerksmoede', 'arbejdsmoede',
  'arbejdsmoede_adhoc', 'cosp', 'behovsvurdering_12_mdr', 'overdragelsesplanlaegning', 'afsluttende_netvaerksmoede', 'sikkerhedsplan',
];

function compiled(name: string): Programme {
  const r = compile(read(name));
  if (!r.ok) throw new Error(r.errors.map((e) => `${name}:${e.loc.line}:${e.loc.column} ${e.message.en}`).join('\n'));
  return r.programme;
}

describe('the programme files', () => {
  it.each(files)('%s compiles to a valid Programme', (name) => {
    const p = compiled(name);
    expect(Programme.parse(p)).toEqual(p);
    expect(p.version).toMatch(/^[0-9a-f]{16}$/);
    expect(p.timeZone).toBe('Europe/Copenhagen');
  });

  it('Spædbarnsindsatsen has every step of domain.md with its exact id', () => {
    const ids = compiled('spaedbarnsindsatsen.rules').steps.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(domainStepIds));
  });

  const sp = () => compiled('spaedbarnsindsatsen.rules');
  const stepOf = (id: string) => sp().steps.find((s) => s.id === id)!;
  const zero = { months: 0, weeks: 0, days: 0, hours: 0 };

  it('has phases 1–5 and closes on the closing event', () => {
    expect(sp().phases.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    expect(sp().phases.find((p) => p.number === 3)!.startsOn).toEqual({ event: 'birth' });
    expect(sp().phases.find((p) => p.number === 4)!.startsOn).toEqual({ event: 'discharge' });
    expect(sp().closingEvent).toBe('closing');
  });

  it('states the exact dates of domain.md', () => {
    expect(stepOf('screening').when).toEqual({
      earliest: { anchor: { kind: 'pregnancyWeek', week: 16, edge: 'start' }, offset: zero },
      target: { anchor: { kind: 'pregnancyWeek', week: 18, edge: 'end' }, offset: zero },
      latest: { anchor: { kind: 'pregnancyWeek', week: 18, edge: 'end' }, offset: zero },
    });
    expect(stepOf('teamsamtale').when!.latest).toEqual({ anchor: { kind: 'step', step: 'screening' }, offset: { ...zero, weeks: 4 } });
    expect(stepOf('netvaerksmoede').recurrence).toEqual({
      kind: 'cadence',
      from: { anchor: { kind: 'childMonthOfLife', month: 1, edge: 'start' }, offset: zero },
      segments: [{ every: { ...zero, weeks: 4 }, until: { points: [{ anchor: { kind: 'event', event: 'closing' }, offset: zero }] } }],
      planAhead: { ...zero, months: 3 },
    });
    expect(stepOf('arbejdsmoede').recurrence).toMatchObject({ kind: 'afterEach', step: 'netvaerksmoede' });
    expect(stepOf('cosp').when!.target.anchor).toEqual({ kind: 'childMonthOfLife', month: 6, edge: 'start' });
    expect(stepOf('behovsvurdering_12_mdr').when!.target.anchor).toEqual({ kind: 'childAge', months: 12 });
    expect(stepOf('overdragelsesplanlaegning').when!.target.anchor).toEqual({ kind: 'interventionMonth', months: 9 });
    expect(stepOf('hjemmebesoeg_udskrivning').when).toEqual({ target: { anchor: { kind: 'event', event: 'discharge' }, offset: zero } });
    expect(stepOf('boernefaglig_undersoegelse').when!.latest).toEqual({ anchor: { kind: 'event', event: 'notification' }, offset: { ...zero, months: 4 } });
    expect(stepOf('boernefaglig_undersoegelse').pausable).toBe(false);
    expect(stepOf('underretning_vurdering').when!.target).toEqual({ anchor: { kind: 'event', event: 'notification' }, offset: zero });
    expect(stepOf('arbejdsmoede_adhoc').when).toBeUndefined();
  });

  it('sends the status statement before each network meeting and escalates to the team leader, then the three leaders', () => {
    expect(stepOf('netvaerksmoede').preconditions).toEqual([
      expect.objectContaining({ id: 'statusudtalelse', before: { ...zero, weeks: 1 }, owners: ['sundhedsplejerske', 'familieterapeut'] }),
    ]);
    expect(stepOf('teamsamtale').escalation.map((l) => l.to)).toEqual([['teamleder'], ['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje']]);
  });

  it('has the visit norms and the four questionnaires', () => {
    expect(sp().norms).toEqual([
      { fromMonths: 0, toMonths: 3, minHoursPerWeek: 6, individual: false },
      { fromMonths: 3, toMonths: 6, minHoursPerWeek: 4, normHoursPerWeek: 6, individual: false },
      { fromMonths: 6, toMonths: 12, minHoursPerWeek: 2, normHoursPerWeek: 4, individual: false },
      { fromMonths: 12, individual: true },
    ]);
    expect(sp().steps.filter((s) => s.kind === 'questionnaire').map((s) => s.questionnaire)).toEqual(['RFQ', 'PRFQ', 'ASQ:SE-2', 'FIT']);
  });

  it('Minding the Baby visits weekly the first year, then every second week until age 2', () => {
    const visits = compiled('minding-the-baby.rules').steps.find((s) => s.id === 'hjemmebesoeg')!;
    expect(visits.recurrence).toMatchObject({
      kind: 'cadence',
      segments: [
        { every: { ...zero, weeks: 1 }, until: { points: [{ anchor: { kind: 'childAge', months: 12 } }] } },
        { every: { ...zero, weeks: 2 }, until: { points: [{ anchor: { kind: 'childAge', months: 24 } }, { anchor: { kind: 'event', event: 'closing' } }] } },
      ],
    });
    expect(visits.owners).toEqual(['sundhedsplejerske', 'familieterapeut']);
  });
});

describe('determinism and versions', () => {
  it.each(files)('%s gives the same hash twice', (name) => {
    const a = compile(read(name));
    const b = compile(read(name));
    expect(a).toEqual(b);
  });

  it('any change to a rule gives a new hash; comments and spacing do not', () => {
    const source = read('spaedbarnsindsatsen.rules');
    const base = compiled('spaedbarnsindsatsen.rules').version;
    const version = (s: string) => {
      const r = compile(s);
      if (!r.ok) throw new Error(r.errors[0]!.message.en);
      return r.programme.version;
    };
    expect(version(source.replace('at the latest 4 weeks after screening', 'at the latest 5 weeks after screening'))).not.toBe(base);
    expect(version(source.replace('"Teamsamtale med', '"Teamsamtale  med'))).not.toBe(base);
    expect(version(source.replace('version "2025.1"', 'version "2025.2"'))).not.toBe(base);
    expect(version(`# a new comment\n${source.replace(/\n {2}/g, '\n    ')}`)).toBe(base);
  });

  it('the holiday range changes the calendar and so the hash', () => {
    const a = compile(read('spaedbarnsindsatsen.rules'));
    const b = compile(read('spaedbarnsindsatsen.rules'), { fromYear: 2024, toYear: 2030 });
    if (!a.ok || !b.ok) throw new Error('should compile');
    expect(b.programme.calendar).toMatchObject({ fromYear: 2024, toYear: 2030 });
    expect(b.programme.version).not.toBe(a.programme.version);
  });

  it('rejects a reversed holiday range with one clear sentence', () => {
    const r = compile(read('spaedbarnsindsatsen.rules'), { fromYear: 2030, toYear: 2020 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message.en).toMatch(/fromYear ≤ toYear/);
  });
});
