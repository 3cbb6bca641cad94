/** Words shared by every mail text: role names, field labels and date formats, in Danish and English. */
import { DateTime } from 'luxon';

export type Lang = 'da' | 'en';
export const ZONE = 'Europe/Copenhagen';

const roleNames: Record<string, { da: string; en: string }> = {
  socialraadgiver: { da: 'socialrådgiver', en: 'social worker' },
  sundhedsplejerske: { da: 'sundhedsplejerske', en: 'health visitor' },
  familieterapeut: { da: 'familieterapeut', en: 'family therapist' },
  teamleder: { da: 'teamleder', en: 'team leader' },
  leder_bfr: { da: 'afdelingsleder, Børne- og Familierådgivningen', en: 'head of the Child and Family Counselling' },
  leder_familiecenter: { da: 'leder af Familiecentret', en: 'head of the Family Centre' },
  leder_sundhedspleje: { da: 'leder af Sundhedsplejen', en: 'head of the Health Visiting Service' },
  jordemoder: { da: 'jordemoder', en: 'midwife' },
};

export function roleName(role: string, lang: Lang): string {
  return roleNames[role]?.[lang] ?? role;
}

export const fieldLabels = {
  da: { case: 'Sag', programme: 'Indsats', step: 'Trin', date: 'Dato', time: 'Kl.', latest: 'Senest', owner: 'Ansvarlig', link: 'Åbn sagen', level: 'Niveau' },
  en: { case: 'Case', programme: 'Programme', step: 'Step', date: 'Date', time: 'Time', latest: 'Latest', owner: 'Responsible', link: 'Open the case', level: 'Level' },
} as const;

export const privacyNote = {
  da: 'Af hensyn til databeskyttelsen står der ingen oplysninger om familien i denne e-mail. Se sagen i Vugge.',
  en: 'For data protection, this e-mail holds no information about the family. See the case in Vugge.',
} as const;

/** '2026-03-12' → '12.03.2026' (da) or '12 Mar 2026' (en). */
export function formatDate(isoDate: string | undefined, lang: Lang): string {
  if (!isoDate) return '';
  const d = DateTime.fromISO(isoDate, { zone: ZONE });
  if (!d.isValid) return isoDate;
  return lang === 'da' ? d.toFormat('dd.MM.yyyy') : d.setLocale('en-GB').toFormat('d LLL yyyy');
}
