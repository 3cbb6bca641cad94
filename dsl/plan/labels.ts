/** The words people read for an occurrence's status, Danish first. */
import type { OccurrenceStatus } from './types.js';

export type Lang = 'da' | 'en';

export const statusLabels: Record<Lang, Record<OccurrenceStatus, string>> = {
  da: {
    not_yet_open: 'ikke åben endnu',
    open: 'åben',
    due_soon: 'snart',
    overdue: 'forsinket',
    done: 'udført',
    not_applicable: 'ikke relevant',
  },
  en: {
    not_yet_open: 'not yet open',
    open: 'open',
    due_soon: 'due soon',
    overdue: 'overdue',
    done: 'done',
    not_applicable: 'not applicable',
  },
};

/** Why an occurrence is not applicable, in words. */
export const reasonLabels: Record<Lang, Record<string, string>> = {
  da: { condition: 'betingelsen er ikke opfyldt', closed: 'sagen er afsluttet', born_before: 'født før' },
  en: { condition: 'condition not met', closed: 'case closed', born_before: 'born before' },
};
