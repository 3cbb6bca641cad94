/**
 * The *Sagen* page's forms as data: which form a POST is, the event it asks for, and where a
 * rejection belongs. Every value is checked with the same contract as the case workflow
 * (`CaseEvent`); the author is never read from the form — the route adds the signed-in person.
 */
import { describeIssue, type Message } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import type { PersonEvent } from '../service/case-changes.js';
import { CaseEvent } from '../../workflows/case-input.js';
import type { TimelineEntry } from '../../workflows/case-views.js';

export const FORMS = ['done', 'event', 'meeting', 'move', 'cancel', 'visit', 'pause', 'resume', 'reassign'] as const;
export type FormName = (typeof FORMS)[number];

/** The fields of each form, in the order they are shown; the first one is the error summary's fallback. */
export const FORM_FIELDS: Record<FormName, readonly string[]> = {
  done: ['step', 'at'],
  event: ['what', 'at'],
  meeting: ['step', 'at', 'time'],
  move: ['step', 'at', 'time'],
  cancel: ['step'],
  visit: ['at', 'hours'],
  pause: ['at', 'reason'],
  resume: ['at'],
  reassign: ['role', 'staff'],
};

/** What a form needs to know of the case besides its rules: today (the case's zone) and its timeline. */
export interface FormCase {
  today?: string;
  timeline?: readonly TimelineEntry[];
}

/** The case's meetings planned for a date and not held yet: the ones that can be moved or cancelled. */
export function plannedMeetings(timeline: readonly TimelineEntry[]): TimelineEntry[] {
  return timeline.filter((e) => e.kind === 'meeting' && e.planned && e.status !== 'done' && e.status !== 'not_applicable');
}

/** A form sent back to the person: what they entered and each field's message. */
export interface FormState {
  form: FormName;
  values: Record<string, string>;
  errors: Record<string, Message>;
}

export function isFormName(value: unknown): value is FormName {
  return typeof value === 'string' && (FORMS as readonly string[]).includes(value);
}

const REQUIRED: Message = { code: 'input.required', da: 'Udfyld feltet.', en: 'Fill in the field.' };

const NOT_PLANNED: Message = { code: 'planned.none', da: 'Mødet er ikke planlagt; vælg et af sagens planlagte møder.', en: 'The meeting is not planned; choose one of the case’s planned meetings.' };

/** A number as people write it, with a decimal comma or point ('1,5'). */
function decimal(value: string): number | Message {
  if (!/^\d+([.,]\d+)?$/.test(value.trim())) return { code: 'number.format', da: `«${value}» er ikke et tal: skriv fx 1,5.`, en: `'${value}' is not a number: write e.g. 1.5.` };
  return Number(value.trim().replace(',', '.'));
}

/** A chosen step occurrence is sent as 'stepId:occurrence'. */
export function choiceValue(stepId: string, occurrence: number): string {
  return `${stepId}:${occurrence}`;
}

function splitChoice(value: string): { id: string; occurrence?: number } {
  const m = /^(.+):(\d{1,3})$/.exec(value);
  return m ? { id: m[1]!, occurrence: Number(m[2]) } : { id: value };
}

/** Which field a path in the event (or a rejection's code) belongs to, on this form. */
function fieldOf(form: FormName, key: string): string {
  const field = key === 'what' || key === 'occurrence' ? (form === 'event' ? 'what' : 'step') : key === 'cancelled' ? 'step' : key;
  return FORM_FIELDS[form].includes(field) ? field : FORM_FIELDS[form][0]!;
}

/** The field a case's rejection is shown beside, from its code ('date.future' → the date). */
export function rejectionField(form: FormName, code: string): string {
  const [area = ''] = code.split('.');
  if (['date', 'birth', 'discharge', 'pause', 'resume', 'closed'].includes(area) || code === 'planned.past' || code === 'planned.too_far') return fieldOf(form, 'at');
  if (area === 'visit' || area === 'hours') return fieldOf(form, 'hours');
  if (area === 'time') return fieldOf(form, 'time');
  if (area === 'role') return fieldOf(form, 'role');
  if (area === 'reassign' || area === 'staff') return fieldOf(form, 'staff');
  return fieldOf(form, 'what');
}

/** The form's values → the event (without its author), or a message per field. */
export function eventFromForm(form: FormName, values: Record<string, string>, programme: Programme, kase: FormCase = {}): { event: PersonEvent } | { errors: Record<string, Message> } {
  const errors: Record<string, Message> = {};
  for (const field of FORM_FIELDS[form]) if (field !== 'time' && !values[field]?.trim()) errors[field] = REQUIRED;
  if (Object.keys(errors).length) return { errors };
  const at = values.at?.trim() ?? '';
  const choice = splitChoice(values.step ?? '');
  const recurring = programme.steps.find((s) => s.id === choice.id)?.recurrence !== undefined;
  let raw: Record<string, unknown>;
  switch (form) {
    case 'done':
      raw = { type: 'occurred', what: choice.id, at, occurrence: recurring ? choice.occurrence : undefined };
      break;
    case 'event':
      raw = { type: 'occurred', what: values.what, at };
      break;
    case 'meeting':
      raw = { type: 'planned', step: choice.id, occurrence: choice.occurrence ?? 1, at, time: values.time?.trim() || undefined };
      break;
    case 'move':
    case 'cancel': {
      const planned = plannedMeetings(kase.timeline ?? []).find((e) => e.stepId === choice.id && e.occurrence === choice.occurrence);
      if (!planned) return { errors: { step: NOT_PLANNED } };
      // Moving without a new time keeps the meeting's time; a cancellation names the date it had.
      raw =
        form === 'move'
          ? { type: 'planned', step: planned.stepId, occurrence: planned.occurrence, at, time: values.time?.trim() || planned.time }
          : { type: 'planned', step: planned.stepId, occurrence: planned.occurrence, at: planned.target, time: planned.time, cancelled: true };
      break;
    }
    case 'reassign':
      // A role changes hands from today.
      raw = { type: 'reassign', at: kase.today, role: values.role, staff: values.staff?.trim() };
      break;
    case 'visit': {
      const hours = decimal(values.hours!);
      if (typeof hours !== 'number') return { errors: { hours } };
      raw = { type: 'visit', at, hours };
      break;
    }
    case 'pause':
      raw = { type: 'pause', at, reason: values.reason };
      break;
    case 'resume':
      raw = { type: 'resume', at };
      break;
  }
  // The author is checked by the contract too, so any valid id stands in; the route sets the real one.
  const parsed = CaseEvent.safeParse({ ...raw, by: 'placeholder' });
  if (parsed.success) {
    const { by: _by, ...event } = parsed.data;
    return { event: event as PersonEvent };
  }
  for (const issue of parsed.error.issues) {
    const field = fieldOf(form, String(issue.path.find((p) => typeof p === 'string') ?? ''));
    errors[field] ??= describeIssue(issue);
  }
  return { errors };
}
