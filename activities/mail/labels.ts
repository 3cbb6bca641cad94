/**
 * Words shared by every mail text: field labels and date formats, in Danish and English. Role and
 * programme names are not here: they come from the rules, carried on the request.
 */
import { formatLocalDate } from '../../dsl/contract.js';
import type { Titles } from '../notification-types.js';

export type Lang = 'da' | 'en';
export const ZONE = 'Europe/Copenhagen';

/** A role's title from the rules (`roleTitles` on the request); its id only if the request has none. */
export function roleName(role: string, lang: Lang, titles: Record<string, Titles> = {}): string {
  return titles[role]?.[lang] ?? role;
}

export const fieldLabels = {
  da: { case: 'Sag', programme: 'Indsats', step: 'Trin', date: 'Dato', time: 'Kl.', latest: 'Senest', owner: 'Ansvarlig', link: 'Åbn sagen', level: 'Niveau' },
  en: { case: 'Case', programme: 'Programme', step: 'Step', date: 'Date', time: 'Time', latest: 'Latest', owner: 'Responsible', link: 'Open the case', level: 'Level' },
} as const;

export const privacyNote = {
  da: 'Af hensyn til databeskyttelsen står der ingen oplysninger om familien i denne e-mail. Se sagen i Vugge.',
  en: 'For data protection, this e-mail holds no information about the family. See the case in Vugge.',
} as const;

/** '2026-03-12' → '12.03.2026' (da) or '12 Mar 2026' (en): the one date format of mails and the CLI. */
export function formatDate(isoDate: string | undefined, lang: Lang): string {
  return isoDate ? formatLocalDate(isoDate, lang) : '';
}
