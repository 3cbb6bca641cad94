/**
 * The case facts arranged for the planner: lifecycle dates by event, done and planned occurrences
 * by step, visit hours and pause intervals, all as day numbers. Facts may arrive in any order and
 * long after the fact (late registration); the index depends only on their content.
 */
import type { CaseFacts, Fact } from '../facts.js';
import { toDay } from './dates.js';

export interface DoneMark {
  day: number;
}

export interface PlannedMark {
  day: number;
  time?: string;
}

export interface Pause {
  from: number;
  /** First day after the pause; undefined while the case is still paused. */
  until?: number;
}

export interface FactIndex {
  dueDate?: number;
  events: Map<string, number>;
  /** step id → occurrence number → done date. */
  done: Map<string, Map<number, DoneMark>>;
  /** step id → occurrence number → planned date (cancelled plans removed). */
  planned: Map<string, Map<number, PlannedMark>>;
  visits: { day: number; hours: number }[];
  pauses: Pause[];
  /** The programme's birth and intake dates (the events its rules mark so), when registered. */
  birth?: number;
  intake?: number;
}

/** Which events are the programme's birth and intake (`vocabularyOf(programme).lifecycle`). */
export interface LifecycleIds {
  birth?: string;
  intake?: string;
}

/** Later registrations win (a correction); facts without registeredAt keep their array order. */
function registrationOrder(facts: readonly Fact[]): Fact[] {
  return facts
    .map((fact, index) => ({ fact, index }))
    .sort((a, b) => {
      const ra = a.fact.registeredAt ?? '';
      const rb = b.fact.registeredAt ?? '';
      if (ra && rb && ra !== rb) return ra < rb ? -1 : 1;
      return a.index - b.index;
    })
    .map((x) => x.fact);
}

function bucket<T>(map: Map<string, Map<number, T>>, key: string): Map<number, T> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

export function indexFacts(caseFacts: CaseFacts, lifecycle: LifecycleIds = {}): FactIndex {
  const index: FactIndex = {
    dueDate: caseFacts.dueDate ? toDay(caseFacts.dueDate) : undefined,
    events: new Map(),
    done: new Map(),
    planned: new Map(),
    visits: [],
    pauses: [],
  };
  const unnumberedDone: { step: string; day: number }[] = [];
  const pauseMarks: { day: number; pause: boolean }[] = [];
  for (const fact of registrationOrder(caseFacts.facts ?? [])) {
    const day = toDay(fact.date);
    switch (fact.kind) {
      case 'event':
        index.events.set(fact.event, day);
        break;
      case 'done':
        if (fact.occurrence) bucket(index.done, fact.step).set(fact.occurrence, { day });
        else unnumberedDone.push({ step: fact.step, day });
        break;
      case 'planned': {
        const plans = bucket(index.planned, fact.step);
        if (fact.cancelled) plans.delete(fact.occurrence);
        else plans.set(fact.occurrence, { day, time: fact.time });
        break;
      }
      case 'visit':
        index.visits.push({ day, hours: fact.hours });
        break;
      case 'pause':
      case 'resume':
        pauseMarks.push({ day, pause: fact.kind === 'pause' });
        break;
    }
  }
  assignUnnumberedDone(index, unnumberedDone);
  index.pauses = pairPauses(pauseMarks);
  if (lifecycle.birth !== undefined) index.birth = index.events.get(lifecycle.birth);
  if (lifecycle.intake !== undefined) index.intake = index.events.get(lifecycle.intake);
  return index;
}

/** A done fact without an occurrence number completes the earliest occurrence not yet done. */
function assignUnnumberedDone(index: FactIndex, marks: { step: string; day: number }[]): void {
  marks.sort((a, b) => a.day - b.day);
  for (const mark of marks) {
    const done = bucket(index.done, mark.step);
    let n = 1;
    while (done.has(n)) n++;
    done.set(n, { day: mark.day });
  }
}

/** Pairs each pause with the next resume; a second pause while paused and a stray resume are ignored. */
function pairPauses(marks: { day: number; pause: boolean }[]): Pause[] {
  marks.sort((a, b) => a.day - b.day || Number(b.pause) - Number(a.pause));
  const pauses: Pause[] = [];
  let open: Pause | undefined;
  for (const mark of marks) {
    if (mark.pause && !open) {
      open = { from: mark.day };
      pauses.push(open);
    } else if (!mark.pause && open) {
      open.until = Math.max(mark.day, open.from);
      open = undefined;
    }
  }
  return pauses;
}
