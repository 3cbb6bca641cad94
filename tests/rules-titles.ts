/** The titles a case workflow puts on its notification requests, taken from a real rules file. */
import type { NotificationRequest } from '../activities/notification-types.js';
import { loadProgramme } from './dsl-helpers.js';

export function titlesOf(file: string): Pick<NotificationRequest, 'programmeTitle' | 'roleTitles'> {
  const p = loadProgramme(file);
  return {
    programmeTitle: { da: p.title, en: p.titleEn ?? p.title },
    roleTitles: Object.fromEntries(p.roles.map((r) => [r.id, { da: r.title, en: r.titleEn ?? r.title }])),
  };
}
