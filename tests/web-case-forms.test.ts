/**
 * The case page's forms as data: form values → the event the case is sent (without its author), or
 * the contract's message beside the right field; a case's rejection code → the field it is shown by;
 * the meetings planned already, shown in the form that plans one.
 */
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../client/service/cases.js';
import { eventFromForm, rejectionField, type FormName } from '../client/web/case-forms.js';
import { caseForms } from '../client/web/case-forms-view.js';
import { exampleDirectory } from './mail-support.js';
import type { TimelineEntry } from '../workflows/case-views.js';
import { loadRules } from './workflow-harness.js';

const programme = loadRules('spaedbarnsindsatsen');

describe('form values → event', () => {
  it.each<[string, FormName, Record<string, string>, object]>([
    ['a one-time step: no occurrence', 'done', { step: 'sagsmoede:1', at: '2026-03-10' }, { type: 'occurred', what: 'sagsmoede', at: '2026-03-10' }],
    ['a recurring step: its occurrence', 'done', { step: 'netvaerksmoede:3', at: '2026-03-10' }, { type: 'occurred', what: 'netvaerksmoede', at: '2026-03-10', occurrence: 3 }],
    ['a lifecycle event', 'event', { what: 'birth', at: '2026-03-10' }, { type: 'occurred', what: 'birth', at: '2026-03-10' }],
    ['a meeting with a time', 'meeting', { step: 'netvaerksmoede:2', at: '2026-04-01', time: '09:30' }, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2026-04-01', time: '09:30' }],
    ['a meeting without a time', 'meeting', { step: 'sagsmoede:1', at: '2026-04-01', time: '' }, { type: 'planned', step: 'sagsmoede', occurrence: 1, at: '2026-04-01' }],
    ['hours with a decimal comma', 'visit', { at: '2026-03-10', hours: '1,5' }, { type: 'visit', at: '2026-03-10', hours: 1.5 }],
    ['hours with a point', 'visit', { at: '2026-03-10', hours: '2.25' }, { type: 'visit', at: '2026-03-10', hours: 2.25 }],
    ['a pause with its reason', 'pause', { at: '2026-03-10', reason: 'fraflytning' }, { type: 'pause', at: '2026-03-10', reason: 'fraflytning' }],
    ['a resume; a posted author is ignored', 'resume', { at: '2026-03-10', by: 'sr-lars' }, { type: 'resume', at: '2026-03-10' }],
  ])('%s', (_name, form, values, event) => {
    const result = eventFromForm(form, values, programme);
    expect(result).toEqual({ event });
  });

  it.each<[string, FormName, Record<string, string>, string, string]>([
    ['a date that does not exist', 'event', { what: 'birth', at: '2026-02-30' }, 'at', 'date.day'],
    ['an empty choice', 'done', { step: '', at: '2026-03-10' }, 'step', 'input.required'],
    ['hours in words', 'visit', { at: '2026-03-10', hours: 'to' }, 'hours', 'number.format'],
    ['too many hours', 'visit', { at: '2026-03-10', hours: '25' }, 'hours', 'hours.range'],
    ['a time that is not one', 'meeting', { step: 'sagsmoede:1', at: '2026-04-01', time: '25:00' }, 'time', 'time.format'],
    ['a reason the contract does not know', 'pause', { at: '2026-03-10', reason: 'ferie' }, 'reason', 'input.invalid_value'],
  ])('%s → beside %s', (_name, form, values, field, code) => {
    const result = eventFromForm(form, values, programme);
    expect('errors' in result && result.errors[field]?.code).toBe(code);
  });
});

describe('moving, cancelling and reassigning need the case', () => {
  const timeline = [{ stepId: 'netvaerksmoede', occurrence: 2, kind: 'meeting', planned: true, status: 'open', target: '2026-04-01', time: '09:30' }] as unknown as TimelineEntry[];
  const kase = { today: '2026-03-20', timeline };
  it.each<[string, FormName, Record<string, string>, object]>([
    ['a move with a new time', 'move', { step: 'netvaerksmoede:2', at: '2026-04-03', time: '13:00' }, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2026-04-03', time: '13:00' }],
    ['a move without a time keeps the meeting’s', 'move', { step: 'netvaerksmoede:2', at: '2026-04-03', time: '' }, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2026-04-03', time: '09:30' }],
    ['a cancellation names the date and time it had', 'cancel', { step: 'netvaerksmoede:2' }, { type: 'planned', step: 'netvaerksmoede', occurrence: 2, at: '2026-04-01', time: '09:30', cancelled: true }],
    ['a reassignment from today; a posted date is ignored', 'reassign', { role: 'sundhedsplejerske', staff: 'sp-hanne', at: '2020-01-01' }, { type: 'reassign', role: 'sundhedsplejerske', staff: 'sp-hanne', at: '2026-03-20' }],
  ])('%s', (_name, form, values, event) => {
    expect(eventFromForm(form, values, programme, kase)).toEqual({ event });
  });

  it.each<[string, FormName, Record<string, string>, string, string]>([
    ['a meeting that is not planned', 'cancel', { step: 'netvaerksmoede:3' }, 'step', 'planned.none'],
    ['a move without a date', 'move', { step: 'netvaerksmoede:2', at: '' }, 'at', 'input.required'],
    ['a reassignment without a person', 'reassign', { role: 'sundhedsplejerske', staff: '' }, 'staff', 'input.required'],
    ['a staff id that looks like a CPR number', 'reassign', { role: 'sundhedsplejerske', staff: 'sr-0101901234' }, 'staff', 'staff_id.cpr'],
  ])('%s → beside %s', (_name, form, values, field, code) => {
    const result = eventFromForm(form, values, programme, kase);
    expect('errors' in result && result.errors[field]?.code).toBe(code);
  });
});

describe('a rejection code → its field', () => {
  it.each<[FormName, string, string]>([
    ['event', 'date.future', 'at'],
    ['event', 'birth.too_early', 'at'],
    ['event', 'event.repeat', 'what'],
    ['done', 'step.done_already', 'step'],
    ['done', 'occurrence.beyond_plan', 'step'],
    ['meeting', 'planned.past', 'at'],
    ['meeting', 'planned.same', 'step'],
    ['visit', 'visit.day_hours', 'hours'],
    ['visit', 'step.not_applicable', 'at'],
    ['pause', 'pause.already', 'at'],
    ['resume', 'resume.not_paused', 'at'],
    ['move', 'planned.past', 'at'],
    ['cancel', 'planned.same', 'step'],
    ['reassign', 'role.unit_leader', 'role'],
    ['reassign', 'reassign.same', 'staff'],
    ['reassign', 'staff.not_in_directory', 'staff'],
    ['reassign', 'closed.after_closing', 'role'],
  ])('%s: %s → %s', (form, code, field) => {
    expect(rejectionField(form, code)).toBe(field);
  });
});

describe('the form that plans a meeting', () => {
  const entry = (stepId: string, occurrence: number, extra: Partial<TimelineEntry>) =>
    ({ stepId, occurrence, phase: 2, title: stepId, kind: 'meeting', status: 'open', target: '2026-04-01', latest: '2026-04-10', owners: [], ownerStaff: [], ...extra }) as TimelineEntry;
  const view = (timeline: TimelineEntry[]) =>
    ({ caseId: 'K-2026-0001', programme, phase: 2, timeline, log: [], mayChange: true, snapshot: { unit: 'nord', team: {}, facts: { facts: [] } } }) as unknown as CaseView;
  const meetingForm = (body: string) => /<input type="hidden" name="form" value="meeting">[^]*?<\/form>/.exec(body)![0];

  it('lists the meetings planned already, with date and time, before the choice of meeting', async () => {
    const timeline = [
      entry('netvaerksmoede', 2, { planned: true, target: '2026-04-01', time: '09:30' }),
      entry('netvaerksmoede', 3, { target: '2026-05-01' }),
      entry('sagsmoede', 1, { planned: true, target: '2026-04-07' }),
      entry('netvaerksmoede', 1, { planned: true, status: 'done', target: '2026-03-01', time: '10:00' }),
    ];
    const form = meetingForm(caseForms(view(timeline), await exampleDirectory(), 'da', 'token').text);
    const planned = /<div class="vugge-planned" id="meeting-planned">[^]*?<\/div>/.exec(form)![0];
    expect([...planned.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1])).toEqual(['Netværksmøde nr. 2 (01.04.2026 09:30)', 'Sagsmøde i børneteamet (07.04.2026)']);
    expect(planned).toContain('Allerede planlagt på sagen:');
    expect(form.indexOf('vugge-planned')).toBeLessThan(form.indexOf('<select'));
    const english = meetingForm(caseForms(view(timeline), await exampleDirectory(), 'en', 'token').text);
    expect(english).toContain('Already planned on the case:');
  });

  it('says when nothing is planned yet', async () => {
    const form = meetingForm(caseForms(view([entry('netvaerksmoede', 1, {})]), await exampleDirectory(), 'da', 'token').text);
    expect(form).toContain('<p class="form-hint" id="meeting-planned">Der er ikke planlagt nogen møder på sagen endnu.</p>');
  });
});
