/**
 * AST → compiled model (the plain JSON of `model.ts`). Runs only on a programme that validated,
 * so every reference resolves; groups and `the owners` are expanded into role ids here.
 */
import type * as A from '../language/ast.js';
import type { Anchor, Condition, Duration, Point, Recurrence, Step, When } from './model.js';
import { expandRoles, resolveRef, type Symbols } from '../validation/symbols.js';

const zero: Duration = { months: 0, weeks: 0, days: 0, hours: 0 };

export function duration(d: A.DurationNode | undefined, sign = 1): Duration {
  if (!d) return { ...zero };
  // `+ 0` turns -0 into 0 so the canonical JSON (and the hash) never sees "-0".
  return { months: sign * d.months + 0, weeks: sign * d.weeks + 0, days: sign * d.days + 0, hours: sign * d.hours + 0 };
}

function anchor(a: A.AnchorNode, sym: Symbols): Anchor {
  switch (a.kind) {
    case 'ref': {
      const r = resolveRef(sym, a.name);
      return r?.kind === 'step' ? { kind: 'step', step: r.id } : { kind: 'event', event: a.name.value };
    }
    case 'pregnancyWeek':
      return { kind: 'pregnancyWeek', week: a.week, edge: a.edge ?? 'start' };
    case 'term':
      return { kind: 'pregnancyWeek', week: 40, edge: 'start' };
    case 'childAge':
      return { kind: 'childAge', months: a.months };
    case 'childMonthOfLife':
      return { kind: 'childMonthOfLife', month: a.month, edge: a.edge ?? 'start' };
    case 'interventionMonth':
      return { kind: 'interventionMonth', months: a.months };
  }
}

function point(p: A.PointNode, sym: Symbols): Point {
  return { anchor: anchor(p.anchor, sym), offset: duration(p.offset, p.direction === 'before' ? -1 : 1) };
}

function when(w: A.WhenNode, sym: Symbols): When {
  switch (w.kind) {
    case 'on':
      return { target: point(w.point, sym) };
    case 'latest': {
      const target = point(w.point, sym);
      // "At the latest 4 weeks after X" opens on X itself; "at the latest … before X" has no opening date.
      const opens = w.point.direction !== 'before' ? { earliest: { anchor: target.anchor, offset: { ...zero } } } : {};
      return { ...opens, target, latest: target };
    }
    case 'window': {
      const earliest = point(w.from, sym);
      const latest = w.to ? point(w.to, sym) : undefined;
      const target = w.target ? point(w.target, sym) : (latest ?? earliest);
      return latest ? { earliest, target, latest } : { earliest, target };
    }
  }
}

function recurrence(r: A.RecurrenceNode, whenPoint: Point | undefined, sym: Symbols): Recurrence | undefined {
  if (r.kind === 'afterEach') return { kind: 'afterEach', step: r.step.value, offset: duration(r.offset) };
  const from = r.from ? point(r.from, sym) : whenPoint;
  if (!from) return undefined;
  return {
    kind: 'cadence',
    from,
    segments: r.segments.map((s) => ({ every: duration(s.every), until: { points: s.until.map((u) => point(u, sym)) } })),
    ...(r.planAhead ? { planAhead: duration(r.planAhead) } : {}),
  };
}

function condition(c: A.ConditionNode, sym: Symbols): Condition {
  switch (c.kind) {
    case 'premature':
      return { kind: 'premature' };
    case 'done':
      return { kind: 'stepDone', step: c.name.value };
    case 'happened': {
      const r = resolveRef(sym, c.name);
      const base: Condition = r?.kind === 'step' ? { kind: 'stepDone', step: r.id } : { kind: 'happened', event: c.name.value };
      return c.negated ? { kind: 'not', condition: base } : base;
    }
    case 'not':
      return { kind: 'not', condition: condition(c.condition, sym) };
    case 'all':
    case 'any':
      return { kind: c.kind, conditions: c.conditions.map((x) => condition(x, sym)) };
  }
}

export function lowerStep(s: A.StepNode, ast: A.ProgrammeNode, sym: Symbols): Step {
  const owners = expandRoles(sym, s.owners);
  const w = s.when ? when(s.when, sym) : undefined;
  const reminders = s.reminders.length > 0 ? s.reminders : ast.defaultReminders;
  const escalation = s.escalation ?? ast.defaultEscalation;
  const rec = s.recurrence ? recurrence(s.recurrence, w?.target, sym) : undefined;
  // A cadence without its own 'from' counts from the due clause, which then says only where it starts.
  const dueIsCadenceStart = s.recurrence?.kind === 'cadence' && !s.recurrence.from;
  return {
    id: s.id.value,
    title: s.title?.value ?? s.id.value,
    ...(s.titleEn ? { titleEn: s.titleEn.value } : {}),
    phase: s.phase?.value ?? 1,
    kind: s.kind,
    owners,
    ...(w && !dueIsCadenceStart ? { when: w } : {}),
    ...(rec ? { recurrence: rec } : {}),
    ...(s.condition ? { condition: condition(s.condition, sym) } : {}),
    ...(s.beforeBirth ? { beforeBirth: true as const } : {}),
    reminders: reminders.map((r) => ({ before: duration(r.before), to: expandRoles(sym, r.to, owners) })),
    escalation: (escalation?.levels ?? []).map((l) => ({ after: duration(l.after), to: expandRoles(sym, l.to, owners) })),
    preconditions: s.preconditions.map((p) => ({
      id: p.id.value,
      title: p.title?.value ?? p.id.value,
      before: duration(p.before),
      owners: expandRoles(sym, p.by, owners),
    })),
    pausable: !s.keepsRunning,
    ...(s.durationMinutes ? { durationMinutes: s.durationMinutes.value } : {}),
    ...(s.instrument ? { questionnaire: s.instrument.value } : {}),
    ...(s.note ? { note: s.note.value } : {}),
  };
}
