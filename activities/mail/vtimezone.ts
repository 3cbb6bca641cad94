/**
 * A VTIMEZONE for Europe/Copenhagen, for ical-generator's timezone generator hook. Denmark follows
 * the EU rule since 1996: CEST from the last Sunday of March 02:00 (CET) to the last Sunday of
 * October 03:00 (CEST). Writing the rule out keeps Vugge free of a timezone-database dependency;
 * other zones get no VTIMEZONE (ical-generator then leaves the TZID to the client).
 */
export const COPENHAGEN = 'Europe/Copenhagen';

const copenhagen = [
  'BEGIN:VTIMEZONE',
  `TZID:${COPENHAGEN}`,
  `X-LIC-LOCATION:${COPENHAGEN}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19960331T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export function vtimezone(zone: string): string | null {
  return zone === COPENHAGEN ? copenhagen : null;
}
