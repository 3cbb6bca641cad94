/**
 * The notification requests a case sends, built from its state: the fields every request carries,
 * the step fields of one occurrence, and the list of steps a catch-up or grouped escalation names.
 */
import type { NoticeItem, NotificationKind, NotificationRequest } from '../activities/notification-types.js';
import type { Programme } from '../dsl/compile/model.js';
import type { Occurrence } from '../dsl/plan/index.js';
import type { CaseState } from './case-state.js';

export interface Outgoing {
  key: string;
  request: NotificationRequest;
  /** Further keys this one mail stands for (each step of a grouped escalation). */
  alsoKeys?: string[];
  /** Escalation levels this mail notifies, per `stepId:occurrence`: the next level counts from now. */
  escalates?: { occurrence: string; level: number }[];
}

export function base(
  state: CaseState,
  kind: NotificationKind,
  sequence: number,
  occ: Partial<Pick<Occurrence, 'stepId' | 'occurrence'>>,
  at: string,
  toRoles: string[],
  key = `${occ.stepId}:${occ.occurrence}:${kind}:${sequence}`,
): Outgoing {
  return {
    key,
    request: {
      idempotencyKey: `${state.caseId}:${key}`,
      kind,
      caseId: state.caseId,
      programmeId: state.programme.id,
      ...titlesOf(state),
      unit: state.unit,
      municipality: state.municipality,
      team: { ...state.team },
      toRoles,
      stepId: occ.stepId,
      occurrence: occ.occurrence,
      sequence,
      at,
    },
  };
}

/** The programme's and its roles' titles from the rules, for the mail texts. */
function titlesOf(state: CaseState): Pick<NotificationRequest, 'programmeTitle' | 'roleTitles'> {
  const p = state.programme;
  return {
    programmeTitle: { da: p.title, en: p.titleEn ?? p.title },
    roleTitles: Object.fromEntries(p.roles.map((r) => [r.id, { da: r.title, en: r.titleEn ?? r.title }])),
  };
}

/** A notice about one occurrence: its dates go under the planner's names. */
export function forOccurrence(state: CaseState, kind: NotificationKind, sequence: number, occ: Occurrence, at: string, toRoles: string[], key?: string): Outgoing {
  const out = base(state, kind, sequence, occ, at, toRoles, key);
  Object.assign(out.request, { stepTitle: occ.title, earliest: occ.earliest, target: occ.target, time: occ.time, latest: occ.latest, ownerRoles: occ.owners });
  return out;
}

/** One line of a catch-up or grouped escalation. */
export function noticeItem(occ: Occurrence): NoticeItem {
  return { stepId: occ.stepId, stepTitle: occ.title, occurrence: occ.occurrence, latest: occ.latest, ownerRoles: [...occ.owners] };
}

/**
 * Adds the English step titles the rules give beside the Danish ones, for recipients who read
 * English; a step the rules give no English title keeps only its Danish one.
 */
export function withEnglishStepTitles(programme: Programme, o: Outgoing): Outgoing {
  const english = (stepId: string | undefined) => programme.steps.find((s) => s.id === stepId)?.titleEn;
  const r = o.request;
  const own = english(r.stepId);
  if (r.stepTitleEn === undefined && own !== undefined) r.stepTitleEn = own;
  for (const item of r.items ?? []) {
    const title = english(item.stepId);
    if (item.stepTitleEn === undefined && title !== undefined) item.stepTitleEn = title;
  }
  return o;
}

/** The next number for a mail that names several steps (its key is `notice:<n>:<kind>`). */
export function nextNoticeKey(state: CaseState, kind: NotificationKind): string {
  state.notices = (state.notices ?? 0) + 1;
  return `notice:${state.notices}:${kind}`;
}
