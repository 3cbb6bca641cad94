/**
 * The overdue list one page at a time, for a leader whose units have thousands of cases: a page of
 * rows in the chosen order (LIMIT/OFFSET on the `(unit, latest)` index), the counts per unit and
 * step the page shows at its top, and the owners the filter offers — each one indexed query, so
 * the page costs the same whether the list holds fifty rows or five thousand.
 */
import type { Queryable } from './driver.js';
import { asJsonArray, jsonRows, OCCURRENCE_COLUMNS, OCCURRENCES_OF_CASES, type OverdueFilter, type OverdueRow } from './read-model.js';

export type OverdueOrder = 'days' | 'case' | 'step';

export interface OverdueListFilter extends OverdueFilter {
  /** Only this step. */
  stepId?: string;
  /** Only steps whose escalation waits for a leader's *Kvittér*. */
  escalated?: boolean;
}

/** Most days late first; by case id; by the step's (Danish) title. Ties by case, occurrence and step. */
const ORDER: Record<OverdueOrder, string> = {
  days: 'o.latest, o.case_id COLLATE "C", o.occurrence, o.step_id COLLATE "C"',
  case: 'o.case_id COLLATE "C", o.occurrence, o.title, o.step_id COLLATE "C"',
  step: 'o.title, o.latest, o.case_id COLLATE "C", o.occurrence, o.step_id COLLATE "C"',
};
/** The same orders over the output columns, for the aggregate that keeps them. */
const OUTPUT_ORDER: Record<OverdueOrder, string> = {
  days: 'q.latest, q."caseId" COLLATE "C", q.occurrence, q."stepId" COLLATE "C"',
  case: 'q."caseId" COLLATE "C", q.occurrence, q.title, q."stepId" COLLATE "C"',
  step: 'q.title, q.latest, q."caseId" COLLATE "C", q.occurrence, q."stepId" COLLATE "C"',
};

function where(filter: OverdueListFilter): { clause: string; params: unknown[] } {
  const params: unknown[] = [filter.today];
  const parts = ['o.latest < $1::date'];
  if (filter.units) parts.push(`o.unit = ANY($${params.push([...filter.units])}::text[])`);
  if (filter.municipality) parts.push(`o.municipality = $${params.push(filter.municipality)}`);
  if (filter.owner) parts.push(`o.owner_staff @> ARRAY[$${params.push(filter.owner)}::text]`);
  if (filter.stepId) parts.push(`o.step_id = $${params.push(filter.stepId)}`);
  if (filter.escalated) parts.push('o.escalation_level > 0');
  return { clause: parts.join(' AND '), params };
}

/**
 * The overdue rows the filter keeps, in `order`, `limit` of them from `offset` (all of them when
 * `limit` is left out: the CSV export).
 */
export async function overdueRows(db: Queryable, filter: OverdueListFilter, page: { order: OverdueOrder; limit?: number; offset?: number }): Promise<OverdueRow[]> {
  const { clause, params } = where(filter);
  const slice = page.limit === undefined ? '' : ` LIMIT $${params.push(page.limit)}::integer OFFSET $${params.push(page.offset ?? 0)}::integer`;
  const select = `SELECT ${OCCURRENCE_COLUMNS} FROM ${OCCURRENCES_OF_CASES} WHERE ${clause} ORDER BY ${ORDER[page.order]}${slice}`;
  return jsonRows<OverdueRow>(db, asJsonArray(select, OUTPUT_ORDER[page.order]), params);
}

/** How many steps of one unit are overdue: one step, with its days late summed and at most. */
export interface OverdueCount {
  unit: string;
  stepId: string;
  /** The step's title as its cases' rules have it (Danish). */
  title: string;
  /** One case with the step, and its rules version: where the step's words in each language are. */
  caseId: string;
  rulesVersion: string;
  count: number;
  escalated: number;
  daysLate: number;
  mostDaysLate: number;
}

/** The overdue steps the filter keeps, counted per unit and step (by unit, then title). */
export async function overdueCounts(db: Queryable, filter: OverdueListFilter): Promise<OverdueCount[]> {
  const { clause, params } = where(filter);
  // min() of [version, case] is one case of the lowest rules version: a pair that belongs together.
  const select = `SELECT o.unit, o.step_id AS "stepId", min(o.title) AS title,
      (min(ARRAY[c.rules_version, o.case_id]))[2] AS "caseId", (min(ARRAY[c.rules_version, o.case_id]))[1] AS "rulesVersion",
      count(*)::integer AS count, (count(*) FILTER (WHERE o.escalation_level > 0))::integer AS escalated,
      sum($1::date - o.latest)::integer AS "daysLate", max($1::date - o.latest)::integer AS "mostDaysLate"
    FROM ${OCCURRENCES_OF_CASES} WHERE ${clause} GROUP BY o.unit, o.step_id`;
  return jsonRows<OverdueCount>(db, asJsonArray(select, 'q.unit, q.title, q."stepId"'), params);
}

/** The staff ids that own at least one of the overdue steps the filter keeps. */
export async function overdueOwners(db: Queryable, filter: OverdueListFilter): Promise<string[]> {
  const { clause, params } = where(filter);
  const select = `SELECT DISTINCT s.owner FROM occurrences o CROSS JOIN unnest(o.owner_staff) AS s(owner) WHERE ${clause}`;
  return (await jsonRows<{ owner: string }>(db, asJsonArray(select, 'q.owner'), params)).map((r) => r.owner);
}
