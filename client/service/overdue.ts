/**
 * Every overdue step across cases: case, step title and deadline, days late, owners — one indexed
 * query on the read model (Vugge's own database, projected by each case), so the list costs the
 * same whether a case was asked anything or not. A leader sees the units they lead; the operator
 * any unit or municipality.
 */
import { DateTime } from 'luxon';
import type { Queryable } from '../../activities/db/index.js';
import { overdueCounts, overdueOwners, overdueRows, type OverdueCount, type OverdueListFilter, type OverdueOrder } from '../../activities/db/overdue-page.js';
import { weeklyOverdue, type OverdueRow as ReadModelRow } from '../../activities/db/read-model.js';
import { isOperator, ledUnits, requireActing, type Acting } from './access.js';

export interface OverdueRow {
  caseId: string;
  unit: string;
  programme: string;
  /** The case's rules version, whose compiled programme has the step's words in each language. */
  rulesVersion: string;
  stepId: string;
  /** The step's title as the case's own rules version has it (Danish). */
  title: string;
  occurrence: number;
  /** The step's phase. */
  phase: number;
  latest: string;
  daysLate: number;
  /** Staff ids of the step's owners. */
  owners: string[];
  /** The escalation level waiting for a leader's *Kvittér*; 0 when none waits. */
  escalationLevel: number;
}

/** Whole days from a step's latest date to `today` (both Copenhagen dates). */
export function daysLateOn(today: string, latest: string): number {
  return Math.round(DateTime.fromISO(today, { zone: 'Europe/Copenhagen' }).diff(DateTime.fromISO(latest, { zone: 'Europe/Copenhagen' }), 'days').days);
}

function overdueRow(r: ReadModelRow): OverdueRow {
  return {
    caseId: r.caseId,
    unit: r.unit,
    programme: r.programmeId,
    rulesVersion: r.rulesVersion,
    stepId: r.stepId,
    title: r.title,
    occurrence: r.occurrence,
    phase: r.stepPhase,
    latest: r.latest,
    daysLate: r.daysLate,
    owners: r.ownerStaff,
    escalationLevel: r.escalationLevel,
  };
}

/** What a leader asks of the overdue list: one unit, owner or step, and the order. */
export interface OverdueListRequest {
  unit?: string;
  /** Only cases of this municipality (the operator's filter; a leader's units already lie in one). */
  municipality?: string;
  owner?: string;
  stepId?: string;
  order: OverdueOrder;
}

/** Rows on one page of the overdue list (and of the escalations waiting for *Kvittér*). */
export const OVERDUE_PAGE_SIZE = 50;

/** One page of a longer list: its rows, which page (1-based, within 1…pages), how many in all, and the first row's number. */
export interface Paged<Row> {
  rows: Row[];
  page: number;
  pages: number;
  total: number;
  first: number;
}

export interface OverduePage {
  /** The units the list covers (those the person leads). */
  units: string[];
  /** Overdue steps per unit and step across the whole list, and within the filter. */
  counts: OverdueCount[];
  filtered: OverdueCount[];
  /** Everyone who owns an overdue step on the whole list (the filter's choices). */
  owners: string[];
  list: Paged<OverdueRow>;
  /** The escalations waiting for a leader's *Kvittér*, most days late first, whatever the filter. */
  escalations: Paged<OverdueRow>;
}

/** The units `acting` may list (within `unit`, when given); undefined: every unit (the operator). */
function listedUnits(acting: Acting, unit?: string): string[] | undefined {
  if (isOperator(acting)) return unit ? [unit] : undefined;
  return ledUnits(acting.directory, acting.staffId).all.filter((u) => !unit || u === unit);
}

const sum = (counts: readonly OverdueCount[], field: 'count' | 'escalated') => counts.reduce((n, c) => n + c[field], 0);

/** Which page to show of `total` rows: the one asked for, or the last when the list has grown shorter. */
function pageOf(asked: number, total: number, size: number): { page: number; pages: number; offset: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(asked)), pages);
  return { page, pages, offset: (page - 1) * size };
}

/**
 * One page of the overdue steps `acting` may see on `today`, in the asked order, with the counts
 * per unit and step of the whole list and of the filter, and one page of the escalations waiting
 * for a leader. Each part is one indexed query; no row beyond the page leaves the database.
 */
export async function overduePage(
  acting: Acting,
  db: Queryable,
  request: OverdueListRequest & { page: number; escalationsPage: number; pageSize?: number },
  today: string,
): Promise<OverduePage> {
  requireActing(acting, 'see_overdue');
  const size = request.pageSize ?? OVERDUE_PAGE_SIZE;
  const units = listedUnits(acting);
  const empty = { rows: [], page: 1, pages: 1, total: 0, first: 1 };
  if (units && !units.length) return { units, counts: [], filtered: [], owners: [], list: empty, escalations: empty };
  const whole: OverdueListFilter = { today, units, municipality: request.municipality };
  const filter: OverdueListFilter = { today, units: listedUnits(acting, request.unit), municipality: request.municipality, owner: request.owner, stepId: request.stepId };
  const narrowed = Boolean(request.unit || request.owner || request.stepId);
  const [counts, owners, filteredCounts] = await Promise.all([overdueCounts(db, whole), overdueOwners(db, whole), narrowed ? overdueCounts(db, filter) : undefined]);
  const filtered = filteredCounts ?? counts;
  const listAt = pageOf(request.page, sum(filtered, 'count'), size);
  const escalationsAt = pageOf(request.escalationsPage, sum(counts, 'escalated'), size);
  const [rows, escalated] = await Promise.all([
    filter.units?.length === 0 ? [] : overdueRows(db, filter, { order: request.order, limit: size, offset: listAt.offset }),
    overdueRows(db, { ...whole, escalated: true }, { order: 'days', limit: size, offset: escalationsAt.offset }),
  ]);
  return {
    units: units ?? [...new Set(counts.map((c) => c.unit))],
    counts,
    filtered,
    owners,
    list: { rows: rows.map(overdueRow), page: listAt.page, pages: listAt.pages, total: sum(filtered, 'count'), first: listAt.offset + 1 },
    escalations: { rows: escalated.map(overdueRow), page: escalationsAt.page, pages: escalationsAt.pages, total: sum(counts, 'escalated'), first: escalationsAt.offset + 1 },
  };
}

/**
 * One page of the overdue steps the request keeps, with their counts per unit and step — the
 * list without the page's other parts (owners, escalations): what `vugge overdue` prints. Two
 * indexed queries, however long the list.
 */
export async function overdueListPage(
  acting: Acting,
  db: Queryable,
  request: OverdueListRequest & { page: number; pageSize?: number },
  today: string,
): Promise<{ counts: OverdueCount[]; list: Paged<OverdueRow> }> {
  requireActing(acting, 'see_overdue');
  const size = request.pageSize ?? OVERDUE_PAGE_SIZE;
  const units = listedUnits(acting, request.unit);
  if (units && !units.length) return { counts: [], list: { rows: [], page: 1, pages: 1, total: 0, first: 1 } };
  const filter: OverdueListFilter = { today, units, municipality: request.municipality, owner: request.owner, stepId: request.stepId };
  const counts = await overdueCounts(db, filter);
  const total = sum(counts, 'count');
  const at = pageOf(request.page, total, size);
  const rows = total ? await overdueRows(db, filter, { order: request.order, limit: size, offset: at.offset }) : [];
  return { counts, list: { rows: rows.map(overdueRow), page: at.page, pages: at.pages, total, first: at.offset + 1 } };
}

/** Every overdue step the request keeps, in its order (the CSV export of the list). */
export async function overdueList(acting: Acting, db: Queryable, request: OverdueListRequest, today: string): Promise<OverdueRow[]> {
  requireActing(acting, 'see_overdue');
  const units = listedUnits(acting, request.unit);
  if (units && !units.length) return [];
  return (await overdueRows(db, { today, units, municipality: request.municipality, owner: request.owner, stepId: request.stepId }, { order: request.order })).map(overdueRow);
}

/** Overdue steps per unit for each of the last `weeks` weeks, oldest first (null: no count that week). */
export interface OverdueWeek {
  /** Monday of the ISO week. */
  weekStart: string;
  byUnit: Record<string, number | null>;
}

/**
 * How many steps were overdue at the end of each of the last `weeks` weeks (this one included), in
 * the units `acting` may see: the week's last daily snapshot. The units a person leads; the
 * operator names the units.
 */
export async function overdueByWeek(acting: Acting, db: Queryable, query: { units?: readonly string[]; today: string; weeks?: number }): Promise<OverdueWeek[]> {
  requireActing(acting, 'see_overdue');
  const led = isOperator(acting) ? undefined : ledUnits(acting.directory, acting.staffId).all;
  const units = (query.units ?? led ?? []).filter((u) => !led || led.includes(u));
  if (!units.length) return [];
  const weeks = new Map<string, OverdueWeek>();
  for (const w of await weeklyOverdue(db, { units, today: query.today, weeks: query.weeks })) {
    const week = weeks.get(w.weekStart) ?? { weekStart: w.weekStart, byUnit: {} };
    week.byUnit[w.unit] = w.count;
    weeks.set(w.weekStart, week);
  }
  return [...weeks.values()];
}
