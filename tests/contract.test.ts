/** The shared contract: every value that crosses a boundary, as a table of accepted and refused inputs. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaseId, firstProblem, Hours, Instant, LocalDate, LocalTime, Occurrence, StaffId } from '../dsl/contract.js';
import { CaseFacts } from '../dsl/facts.js';
import { CaseEvent } from '../workflows/case-input.js';
import { NotificationRequestFields } from '../activities/mail/request-schema.js';

function refusal(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
  return firstProblem(result.error);
}

describe('LocalDate', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-01-01', '2099-12-31'])('accepts %s', (value) => {
    expect(LocalDate.parse(value)).toBe(value);
  });

  it.each([
    ['2026-06-31', 'date.day', 'juni 2026 har 30 dage; skriv fx 2026-06-30'],
    ['2026-02-29', 'date.day', 'februar 2026 har 28 dage'],
    ['2026-11-31', 'date.day', 'november 2026 har 30 dage'],
    ['2026-13-01', 'date.month', 'måneden skal være 01–12'],
    ['0000-00-00', 'date.month', 'måneden skal være 01–12'],
    ['9999-99-99', 'date.month', 'måneden skal være 01–12'],
    ['1899-12-30', 'date.range', 'mellem 2000-01-01 og 2099-12-31'],
    ['2026-3-1', 'date.format', 'skriv år-måned-dag'],
    ['12-03-2026', 'date.format', 'skriv år-måned-dag'],
  ])('refuses %s (%s)', (value, code, da) => {
    const message = refusal(LocalDate, value);
    expect(message.code).toBe(code);
    expect(message.da).toContain(da);
    expect(message.da).toContain(value);
    expect(message.en).toContain(value);
  });
});

describe('LocalTime', () => {
  it.each(['00:00', '09:30', '23:59'])('accepts %s', (value) => expect(LocalTime.parse(value)).toBe(value));
  it.each(['24:00', '25:00', '12:60', '9:30', '0930'])('refuses %s', (value) => {
    expect(refusal(LocalTime, value).code).toBe('time.format');
  });
});

describe('ids never carry a CPR number', () => {
  it.each(['K-2026-0042', 'k-1', 'SAG-77'].filter((id) => id.length >= 3))('case id %s is accepted', (id) => {
    expect(CaseId.parse(id)).toBe(id);
  });
  it.each(['1203261234', '120326-1234', 'K-1203261234', 'sag-120326-1234-x'])('case id %s is refused as CPR-like', (id) => {
    expect(refusal(CaseId, id).code).toBe('case_id.cpr');
  });
  it.each(['sr-mette', 'tl.karen', 'ft_peter'])('staff id %s is accepted', (id) => expect(StaffId.parse(id)).toBe(id));
  it.each(['0101901234', 'sr-010190-1234'])('staff id %s is refused as CPR-like', (id) => {
    expect(refusal(StaffId, id).code).toBe('staff_id.cpr');
  });
  it.each(['Mette', '-x', 'sr mette'])('staff id %s is refused for its form', (id) => {
    expect(refusal(StaffId, id).code).toBe('staff_id.format');
  });
});

describe('numbers', () => {
  it.each([0, -1, 24.5, 71.5, 1.1])('hours %s are refused', (value) => {
    expect(refusal(Hours, value).code).toBe('hours.range');
  });
  it.each([0.25, 1.5, 24])('hours %s are accepted', (value) => expect(Hours.parse(value)).toBe(value));
  it.each([0, 1.5, 1000, 99_999_999])('occurrence %s is refused', (value) => {
    expect(refusal(Occurrence, value).code).toBe('occurrence.range');
  });
  it('an instant needs a zone and a real moment', () => {
    expect(Instant.parse('2026-03-12T08:00:00.000Z')).toBeTruthy();
    expect(refusal(Instant, '2026-03-12T08:00:00').code).toBe('instant.format');
    expect(refusal(Instant, '2026-02-30T08:00:00Z').code).toBe('instant.format');
  });
});

describe('every layer uses the contract', () => {
  it('a case event names the field in Danish, with English after', () => {
    const message = refusal(CaseEvent, { type: 'occurred', what: 'netvaerksmoede', at: '2026-06-31', by: 'sr-mette' });
    expect(message.da).toMatch(/^Feltet «dato»: 2026-06-31 er ikke en rigtig dato/);
    expect(message.en).toMatch(/^Field 'date': 2026-06-31 is not a real date/);
    expect(message.da).not.toMatch(/\b(the|is|date|write)\b/);
  });

  it('a planned meeting at 25:00 is refused', () => {
    const message = refusal(CaseEvent, { type: 'planned', step: 'netvaerksmoede', occurrence: 1, at: '2026-06-01', time: '25:00', by: 'sr-mette' });
    expect(message.code).toBe('time.format');
  });

  it('a facts file with month 13 is refused', () => {
    const message = refusal(CaseFacts, { caseId: 'K-1', dueDate: '2026-06-01', facts: [{ kind: 'event', event: 'birth', date: '2026-13-01' }] });
    expect(message.code).toBe('date.month');
  });

  it('a notification request refuses a CPR-like case id', () => {
    const message = refusal(NotificationRequestFields.pick({ caseId: true }), { caseId: '1203261234' });
    expect(message.code).toBe('case_id.cpr');
  });
});
