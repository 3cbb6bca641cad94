/**
 * Calendar objects for meeting steps (RFC 5545 via ical-generator): a REQUEST per occurrence with
 * a UID that never changes for that occurrence, so a reschedule (higher SEQUENCE) updates the
 * entry in the attendee's calendar and a CANCEL removes it; and a PUBLISH feed of a person's
 * upcoming steps. Times are local Copenhagen wall-clock times with a VTIMEZONE, so a meeting at
 * 10:00 stays at 10:00 across daylight-saving changes.
 */
import ical, { ICalCalendarMethod, ICalEventStatus, ICalAttendeeRole, ICalAttendeeStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { COPENHAGEN, vtimezone } from './vtimezone.js';

export interface MeetingOccurrence {
  caseId: string;
  stepId: string;
  occurrence: number;
  summary: string;
  /** Local date-time in Copenhagen ('2026-03-12T10:00') or an ISO instant with offset. */
  start: string;
  durationMinutes: number;
  sequence: number;
  cancelled?: boolean;
  description?: string;
  url?: string;
}

export interface Attendee {
  email: string;
  /** Shown by calendar clients: a staff id and role, not a person's name. */
  label: string;
}

export function occurrenceUid(caseId: string, stepId: string, occurrence: number): string {
  return `${caseId}-${stepId}-${occurrence}@vugge`;
}

export function localStart(start: string): DateTime {
  const dt = DateTime.fromISO(start, { zone: COPENHAGEN, setZone: false }).setZone(COPENHAGEN);
  if (!dt.isValid) throw new Error(`meeting start '${start}' is not an ISO date-time`);
  return dt;
}

function newCalendar(method: ICalCalendarMethod) {
  return ical({ prodId: { company: 'Vugge', product: 'Vugge', language: 'DA' }, method, timezone: { name: null, generator: vtimezone } });
}

/** An invitation (METHOD:REQUEST) or, for a cancelled meeting, a cancellation (METHOD:CANCEL). */
export function meetingInvitation(m: MeetingOccurrence, organizer: { name: string; email: string }, attendees: Attendee[]): { method: 'REQUEST' | 'CANCEL'; content: string } {
  const method = m.cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST;
  const cal = newCalendar(method);
  const start = localStart(m.start);
  cal.createEvent({
    id: occurrenceUid(m.caseId, m.stepId, m.occurrence),
    sequence: m.sequence,
    start,
    end: start.plus({ minutes: m.durationMinutes }),
    timezone: COPENHAGEN,
    stamp: new Date(),
    summary: m.summary,
    description: m.description,
    url: m.url,
    status: m.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer,
    attendees: attendees.map((a) => ({ email: a.email, name: a.label, rsvp: true, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION })),
  });
  return { method, content: cal.toString() };
}

/** One entry of a person's calendar feed; the source that supplies these is pluggable. */
export interface FeedItem {
  caseId: string;
  stepId: string;
  occurrence: number;
  summary: string;
  /** The occurrence's target (local date, 'YYYY-MM-DD'): an all-day entry unless `start` gives a time. */
  target: string;
  start?: string;
  durationMinutes?: number;
  sequence?: number;
  url?: string;
}

export function publishFeed(name: string, items: FeedItem[]): string {
  const cal = newCalendar(ICalCalendarMethod.PUBLISH).name(name);
  for (const item of items) {
    const uid = occurrenceUid(item.caseId, item.stepId, item.occurrence);
    const common = { id: uid, sequence: item.sequence ?? 0, summary: item.summary, url: item.url, stamp: new Date() };
    if (item.start) {
      const start = localStart(item.start);
      cal.createEvent({ ...common, start, end: start.plus({ minutes: item.durationMinutes ?? 60 }), timezone: COPENHAGEN });
    } else {
      const day = DateTime.fromISO(item.target, { zone: COPENHAGEN });
      cal.createEvent({ ...common, start: day, end: day.plus({ days: 1 }), allDay: true });
    }
  }
  return cal.toString();
}
