/**
 * The programme's own words the engine acts on (model.ts `Vocabulary`): which roles work the case
 * and which lead it, which events are its lifecycle moments, where visit-norm reports go. Workflows,
 * activities and the planner ask `vocabularyOf(programme)`; no role or event id is written in code.
 */
import type { LifecycleMark } from '../language/ast.js';
import type { Programme, Vocabulary } from './model.js';

type Named = Pick<Programme, 'roles' | 'events'>;

/** Escalation level 1 goes to the team leader, level 2 and above to the department leaders. */
export function escalationRolesOf(vocabulary: Vocabulary, level: number): string[] {
  return level <= 1 ? [...vocabulary.teamLeaders] : [...vocabulary.departmentLeaders];
}

/** Every role that leads a unit (team leader and department leaders): filled from the staff directory, not the team. */
export function leaderRolesOf(vocabulary: Vocabulary): string[] {
  return [...vocabulary.teamLeaders, ...vocabulary.departmentLeaders];
}

/**
 * The lifecycle events as the rules mark them. A file that marks none keeps the ids the engine
 * assumed before (`legacyVocabulary`); once one is marked, only marks count, and the first event
 * opens the case unless another `marks the start`.
 */
export function lifecycleOf(events: { id: string; marks?: LifecycleMark }[]): Vocabulary['lifecycle'] {
  const anyMark = events.some((e) => e.marks);
  const legacy = legacyVocabulary({ roles: [], events: events.map((e) => ({ id: e.id, title: e.id })) }).lifecycle;
  const out: Vocabulary['lifecycle'] = {};
  for (const mark of ['start', 'intake', 'birth', 'discharge'] as const) {
    const id = anyMark ? (events.find((e) => e.marks === mark)?.id ?? (mark === 'start' ? events[0]?.id : undefined)) : legacy[mark];
    if (id) out[mark] = id;
  }
  return out;
}

/** The declared vocabulary, or — for a programme compiled before the rules declared it — `legacyVocabulary`. */
export function vocabularyOf(programme: Named & Pick<Programme, 'vocabulary'>): Vocabulary {
  return programme.vocabulary ?? legacyVocabulary(programme);
}

/**
 * COMPATIBILITY: the ids the engine assumed before programmes declared their vocabulary (rules
 * version 2025.1 and earlier). Used for models compiled before the declarations — they travel in
 * running cases' histories — and by the compiler for whatever a rules file leaves undeclared.
 * The only place in Vugge where a programme's role or event ids are written in code.
 */
export function legacyVocabulary(programme: Named): Vocabulary {
  const roles = new Set(programme.roles.map((r) => r.id));
  const events = new Set(programme.events.map((e) => e.id));
  const present = (ids: string[]) => ids.filter((id) => roles.has(id));
  const event = (id: string) => (events.has(id) ? id : undefined);
  const start = event('notification') ?? programme.events[0]?.id;
  return {
    caseworkers: present(['socialraadgiver', 'sundhedsplejerske', 'familieterapeut']),
    teamLeaders: present(['teamleder']),
    departmentLeaders: present(['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje']),
    lifecycle: {
      ...(start ? { start } : {}),
      ...(event('intake') ? { intake: 'intake' } : {}),
      ...(event('birth') ? { birth: 'birth' } : {}),
      ...(event('discharge') ? { discharge: 'discharge' } : {}),
    },
    visitNorm: { audience: present(['teamleder']), owners: ['sundhedsplejerske', 'familieterapeut'] },
  };
}
