/**
 * The overdue list one page at a time, for a leader whose units have thousands of cases: a page of
 * rows in the chosen order, the counts per unit and step the page shows at its top, and the owners
 * the filter offers — each one indexed query (migration 006):
 *  - a page most days late first reads the first rows of each unit's range of the
 *    `(unit, latest, case, occurrence, step)` index and merges them: the page's rows and the rows
 *    before it, not the list;
 *  - the counts read that index alone (its columns are what they need), and the step's words from
 *    one case per step afterwards;
 *  - the owners skip from owner to owner in `case_owners`, one index probe each.
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

function where(filter: OverdueListFilter, units: 'filter' | 'outside' = 'filter'): { clause: string; params: unknown[] } {
  const params: unknown[] = [filter.today];
  const parts = ['o.latest < $1::date'];
  if (filter.units && units === 'filter') parts.push(`o.unit = ANY($${params.push([...filter.units])}::text[])`);
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
  if (page.order === 'days' && page.limit !== undefined) return overdueRowsByUnit(db, filter, page.limit, page.offset ?? 0);
  const { clause, params } = where(filter);
  const slice = page.limit === undefined ? '' : ` LIMIT $${params.push(page.limit)}::integer OFFSET $${params.push(page.offset ?? 0)}::integer`;
  const select = `SELECT ${OCCURRENCE_COLUMNS} FROM ${OCCURRENCES_OF_CASES} WHERE ${clause} ORDER BY ${ORDER[page.order]}${slice}`;
  return jsonRows<OverdueRow>(db, asJsonArray(select, OUTPUT_ORDER[page.order]), params);
}

/** The units a filter covers, as rows `u(unit)`: the filter's, or every unit with a case. */
function unitRows(filter: OverdueListFilter, params: unknown[]): string {
  return filter.units ? `unnest($${params.push([...filter.units])}::text[]) AS u(unit)` : '(SELECT DISTINCT unit FROM cases) AS u(unit)';
}

/**
 * A page most days late first: each unit's first `offset + limit` rows in index order, merged.
 * The same rows in the same order as the list sorted whole (the order ends in the primary key).
 */
async function overdueRowsByUnit(db: Queryable, filter: OverdueListFilter, limit: number, offset: number): Promise<OverdueRow[]> {
  const { clause, params } = where(filter, 'outside');
  const units = unitRows(filter, params);
  const upTo = `$${params.push(offset + limit)}::integer`;
  const select = `SELECT ${OCCURRENCE_COLUMNS}
    FROM ${units} CROSS JOIN LATERAL (SELECT * FROM occurrences o WHERE o.unit = u.unit AND ${clause} ORDER BY ${ORDER.days} LIMIT ${upTo}) o
    JOIN cases c ON c.case_id = o.case_id
    ORDER BY ${ORDER.days} LIMIT $${params.push(limit)}::integer OFFSET $${params.push(offset)}::integer`;
  return jsonRows<OverdueRow>(db, asJsonArray(select, OUTPUT_ORDER.days), params);
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

/**
 * The overdue steps the filter keeps, counted per unit and step (by unit, then title). The step's
 * title and rules version are those of one case with it (the lowest case id): the words belong to
 * that case's rules.
 */
export async function overdueCounts(db: Queryable, filter: OverdueListFilter): Promise<OverdueCount[]> {
  const { clause, params } = where(filter);
  const select = `SELECT g.unit, g."stepId", r.title, g."caseId", c.rules_version AS "rulesVersion", g.count, g.escalated, g."daysLate", g."mostDaysLate"
    FROM (SELECT o.unit, o.step_id AS "stepId", min(o.case_id) AS "caseId", count(*)::integer AS count,
            (count(*) FILTER (WHERE o.escalation_level > 0))::integer AS escalated,
            sum($1::date - o.latest)::integer AS "daysLate", max($1::date - o.latest)::integer AS "mostDaysLate"
          FROM occurrences o WHERE ${clause} GROUP BY o.unit, o.step_id) g
    JOIN cases c ON c.case_id = g."caseId"
    CROSS JOIN LATERAL (SELECT t.title FROM occurrences t WHERE t.case_id = g."caseId" AND t.step_id = g."stepId" ORDER BY t.occurrence LIMIT 1) r`;
  return jsonRows<OverdueCount>(db, asJsonArray(select, 'q.unit, q.title, q."stepId"'), params);
}

/** The staff ids that own at least one of the overdue steps the filter keeps. */
export async function overdueOwners(db: Queryable, filter: OverdueListFilter): Promise<string[]> {
  if (filter.municipality || filter.owner || filter.stepId || filter.escalated) {
    const { clause, params } = where(filter);
    const select = `SELECT DISTINCT s.owner FROM occurrences o CROSS JOIN unnest(o.owner_staff) AS s(owner) WHERE ${clause}`;
    return (await jsonRows<{ owner: string }>(db, asJsonArray(select, 'q.owner'), params)).map((r) => r.owner);
  }
  // Per unit, from owner to the next owner with an overdue step: one index probe each.
  const params: unknown[] = [filter.today];
  /** The first owner in `unit` after `after` (any, when left out) with an overdue step. */
  const firstOwner = (unit: string, after?: string) =>
    `(SELECT min(co.owner) FROM case_owners co WHERE co.unit = ${unit} AND co.first_latest < $1::date${after ? ` AND co.owner > ${after}` : ''})`;
  const select = `WITH RECURSIVE w(unit, owner) AS (
      SELECT u.unit, ${firstOwner('u.unit')} FROM ${unitRows(filter, params)}
      UNION ALL
      SELECT w.unit, ${firstOwner('w.unit', 'w.owner')} FROM w WHERE w.owner IS NOT NULL)
    SELECT DISTINCT owner FROM w WHERE owner IS NOT NULL`;
  return (await jsonRows<{ owner: string }>(db, asJsonArray(select, 'q.owner'), params)).map((r) => r.owner);
}
