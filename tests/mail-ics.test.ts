import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { meetingInvitation, type MeetingOccurrence } from '../activities/mail/ics.js';
import { activitiesFor, notification, TestSmtpServer } from './mail-support.js';

const organizer = { name: 'Vugge', email: 'vugge@example.org' };
const attendees = [{ email: 'mette@example.org', label: 'sr-mette (socialrådgiver)' }];

/** Parses with ical.js, registering the VTIMEZONE the calendar carries, as a client would. */
function parse(content: string) {
  const cal = new ICAL.Component(ICAL.parse(content));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
  return { cal, event };
}

function meeting(occurrence: number, start: string, sequence = 0, cancelled = false): MeetingOccurrence {
  return { caseId: 'K-2026-0042', stepId: 'netvaerksmoede', occurrence, summary: 'Netværksmøde', start, durationMinutes: 90, sequence, cancelled };
}

describe('calendar invitations', () => {
  it('a 4-weekly series stays at 10:00 Copenhagen time across the October and March changes', () => {
    const first = DateTime.fromISO('2026-09-08T10:00', { zone: 'Europe/Copenhagen' });
    const utcHours = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const local = first.plus({ weeks: 4 * i });
      const { cal, event } = parse(meetingInvitation(meeting(i + 1, local.toISO()!), organizer, attendees).content);
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.startDate.zone?.tzid).toBe('Europe/Copenhagen');
      const instant = DateTime.fromJSDate(event.startDate.toJSDate()).setZone('Europe/Copenhagen');
      expect(instant.toFormat('yyyy-MM-dd HH:mm')).toBe(local.toFormat('yyyy-MM-dd HH:mm'));
      expect(instant.hour).toBe(10);
      utcHours.add(DateTime.fromJSDate(event.startDate.toJSDate()).toUTC().hour);
    }
    // both offsets occurred: summer (08:00 UTC) and winter (09:00 UTC)
    expect([...utcHours].sort()).toEqual([8, 9]);
  });

  it('has a stable UID per occurrence, organizer, attendees and SEQUENCE', () => {
    const { event } = parse(meetingInvitation(meeting(3, '2026-11-03T10:00', 0), organizer, attendees).content);
    expect(event.uid).toBe('K-2026-0042-netvaerksmoede-3@vugge');
    expect(event.organizer).toBe('mailto:vugge@example.org');
    expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual(['mailto:mette@example.org']);
    expect(event.sequence).toBe(0);
  });

  it('a reschedule keeps the UID and raises SEQUENCE; a cancel sends METHOD:CANCEL with the same UID', () => {
    const original = parse(meetingInvitation(meeting(3, '2026-11-03T10:00', 0), organizer, attendees).content).event;
    const moved = parse(meetingInvitation(meeting(3, '2026-11-05T13:00', 1), organizer, attendees).content).event;
    expect(moved.uid).toBe(original.uid);
    expect(moved.sequence).toBe(1);
    expect(moved.startDate.toString()).toBe('2026-11-05T13:00:00');
    const cancelled = parse(meetingInvitation(meeting(3, '2026-11-05T13:00', 2, true), organizer, attendees).content);
    expect(cancelled.cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancelled.event.uid).toBe(original.uid);
    expect(cancelled.event.sequence).toBe(2);
    expect(cancelled.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});

describe('invitation e-mails', () => {
  const servers: TestSmtpServer[] = [];
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.stop())));

  it('carries a text/calendar; method=REQUEST part to every invited role', async () => {
    const server = await new TestSmtpServer().start();
    servers.push(server);
    const { activities, deps } = await activitiesFor(server);
    const invite = notification({
      kind: 'invitation',
      idempotencyKey: 'K-2026-0042:netvaerksmoede:2:invitation:0',
      stepId: 'netvaerksmoede',
      stepTitle: 'Netværksmøde',
      occurrence: 2,
      toRoles: ['socialraadgiver', 'sundhedsplejerske'],
      meeting: { start: '2026-10-27T10:00', durationMinutes: 90 },
    });
    expect((await activities.sendNotification(invite)).sentTo).toEqual(['sr-mette', 'sp-anne']);
    await activities.sendNotification({ ...invite, idempotencyKey: 'K-2026-0042:netvaerksmoede:2:invitation:1', sequence: 1, meeting: { start: '2026-10-27T10:00', durationMinutes: 90, cancelled: true } });
    await deps.close();
    const [request, , cancel] = server.received;
    expect(request!.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    expect(request!.parsed.subject).toBe('[Vugge] Mødeindkaldelse: Netværksmøde for sag K-2026-0042 27.10.2026 kl. 10:00');
    const ics = request!.parsed.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics')!;
    const { event } = parse(ics.content.toString('utf8'));
    expect(event.uid).toBe('K-2026-0042-netvaerksmoede-2@vugge');
    expect(event.attendees).toHaveLength(2);
    expect(cancel!.raw).toMatch(/method=CANCEL/);
    expect(cancel!.parsed.subject).toMatch(/^\[Vugge\] Aflyst: /);
  });
});
