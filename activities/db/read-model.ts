/**
 * The read model's writes and reads. `projectCase` is idempotent and ordered by the case's own
 * sequence number; the reads are indexed SQL for the lists people open every day.
 *
 * An occurrence counts as overdue when its latest date is before the day asked about — computed at
 * read time, so a case that has not woken since still shows today's days late.
 */
import { firstProblem, sentence } from '../../dsl/contract.js';
import type { Database, Queryable } from './driver.js';
import { CaseProjection, type ValidCaseProjection } from './projection.js';

export class ProjectionRejected extends Error {
  override name = 'ProjectionRejected';
}

/**
 * Replaces the case's rows with `projection` in one transaction, only when `seq` is newer than the
 * stored one. Returns whether it was applied: a late or repeated write changes nothing.
 */
export async function projectCase(db: Database, projection: CaseProjection, seq: number): Promise<{ applied: boolean }> {
  const p = checkedProjection(projection, seq);
  return db.transaction((tx) => writeProjection(tx, p, seq));
}

/** `projectCase` inside a transaction the caller holds (the projection activity adds audit rows to it). */
export async function projectCaseIn(tx: Queryable, projection: CaseProjection, seq: number): Promise<{ applied: boolean }> {
  return writeProjection(tx, checkedProjection(projection, seq), seq);
}

function checkedProjection(projection: CaseProjection, seq: number): ValidCaseProjection {
  const parsed = CaseProjection.safeParse(projection);
  if (!parsed.success) throw new ProjectionRejected(sentence(firstProblem(parsed.error)));
  if (!Number.isSafeInteger(seq) || seq < 1) throw new ProjectionRejected(`Sekvensnummeret ${seq} er ugyldigt; det skal være et helt tal fra 1 / the sequence number ${seq} is invalid: it must be a whole number from 1.`);
  return parsed.data;
}

async function writeProjection(tx: Queryable, p: ValidCaseProjection, seq: number): Promise<{ applied: boolean }> {
  // Inserts, or updates only an older row; the row stays locked by this transaction until commit.
  const won = await tx.query(
    `INSERT INTO cases (case_id, programme_id, rules_version, unit, municipality, phase, team, leaders, paused, closed, seq, as_of, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, now())
     ON CONFLICT (case_id) DO UPDATE SET
       programme_id = EXCLUDED.programme_id, rules_version = EXCLUDED.rules_version, unit = EXCLUDED.unit,
       municipality = EXCLUDED.municipality, phase = EXCLUDED.phase, team = EXCLUDED.team, leaders = EXCLUDED.leaders,
       paused = EXCLUDED.paused, closed = EXCLUDED.closed, seq = EXCLUDED.seq, as_of = EXCLUDED.as_of, updated_at = now()
     WHERE cases.seq < EXCLUDED.seq
     RETURNING case_id`,
    [p.caseId, p.programmeId, p.rulesVersion, p.unit, p.municipality, p.phase, JSON.stringify(p.team), JSON.stringify(p.leaders), p.paused, p.closed, seq, p.asOf],
  );
  if (!won.length) return { applied: false };
  // A closed case has no open steps, whatever a late plan still lists.
  if (!p.occurrences.length || p.closed) await tx.query('DELETE FROM occurrences WHERE case_id = $1', [p.caseId]);
  else await replaceOccurrences(tx, p);
  // Who owns the case's open steps, and the earliest latest date among them (the overdue list's owner filter).
  await tx.query('DELETE FROM case_owners WHERE case_id = $1', [p.caseId]);
  await tx.query(
    `INSERT INTO case_owners (case_id, owner, unit, first_latest)
     SELECT o.case_id, s.owner, min(o.unit), min(o.latest) FROM occurrences o CROSS JOIN unnest(o.owner_staff) AS s(owner)
     WHERE o.case_id = $1 GROUP BY o.case_id, s.owner`,
    [p.caseId],
  );
  return { applied: true };
}

/** The columns an occurrence row holds besides its key (case, step, occurrence). */
const OCCURRENCE_FIELDS = ['unit', 'municipality', 'programme_id', 'case_phase', 'paused', 'phase', 'title', 'kind', 'earliest', 'target', 'latest', 'time', 'status', 'owner_roles', 'owner_staff', 'escalation_level'];

/**
 * Makes the case's rows the projection's occurrences: rows no longer listed go, new ones are
 * inserted, and a row is rewritten only when it differs. Between two projections most of a case's
 * rows stay the same (an event closes a step or two), so they and their index entries are left alone.
 */
async function replaceOccurrences(tx: Queryable, p: ValidCaseProjection): Promise<void> {
  const rows = p.occurrences.map((o) => ({
    step_id: o.stepId,
    occurrence: o.occurrence,
    phase: o.phase,
    title: o.title,
    kind: o.kind,
    earliest: o.earliest ?? null,
    target: o.target,
    latest: o.latest,
    time: o.time ?? null,
    status: o.status,
    owner_roles: o.owners,
    owner_staff: o.ownerStaff,
    escalation_level: o.escalationLevel,
  }));
  const json = JSON.stringify(rows);
  await tx.query(
    `DELETE FROM occurrences x WHERE x.case_id = $1
       AND (x.step_id, x.occurrence) NOT IN (SELECT o.step_id COLLATE "C", o.occurrence FROM jsonb_to_recordset($2::jsonb) AS o(step_id text, occurrence integer))`,
    [p.caseId, json],
  );
  await tx.query(
    `INSERT INTO occurrences (case_id, unit, municipality, programme_id, case_phase, paused, step_id, occurrence, phase, title, kind, earliest, target, latest, time, status, owner_roles, owner_staff, escalation_level)
     SELECT $1, $2, $4, $5, $6, $7, o.step_id, o.occurrence, o.phase, o.title, o.kind, o.earliest, o.target, o.latest, o.time, o.status,
            ARRAY(SELECT jsonb_array_elements_text(o.owner_roles)), ARRAY(SELECT jsonb_array_elements_text(o.owner_staff)), o.escalation_level
     FROM jsonb_to_recordset($3::jsonb) AS o(step_id text, occurrence integer, phase integer, title text, kind text, earliest date, target date,
          latest date, time text, status text, owner_roles jsonb, owner_staff jsonb, escalation_level integer)
     ON CONFLICT (case_id, step_id, occurrence) DO UPDATE SET ${OCCURRENCE_FIELDS.map((f) => `${f} = EXCLUDED.${f}`).join(', ')}
     WHERE (${OCCURRENCE_FIELDS.map((f) => `occurrences.${f}`).join(', ')}) IS DISTINCT FROM (${OCCURRENCE_FIELDS.map((f) => `EXCLUDED.${f}`).join(', ')})`,
    [p.caseId, p.unit, json, p.municipality, p.programmeId, p.phase, p.paused],
  );
}

export interface OverdueRow {
  caseId: string;
  unit: string;
  municipality: string;
  programmeId: string;
  phase: number;
  paused: boolean;
  stepId: string;
  occurrence: number;
  title: string;
  target: string;
  latest: string;
  daysLate: number;
  owners: string[];
  ownerStaff: string[];
  /**
   * The escalation level waiting for a leader's *Kvittér*: the projection gives the level last
   * sent, and 0 when none was sent or a leader of the unit has acknowledged it.
   */
  escalationLevel: number;
  /** The case's rules version: the compiled programme whose words (titles in each language) apply. */
  rulesVersion: string;
  /** The step's own phase, kind, time of day and status ('overdue' once its latest date has passed). */
  stepPhase: number;
  kind: string;
  time: string | null;
  status: 'not_yet_open' | 'open' | 'due_soon' | 'overdue';
}

// The case's rules version comes from its row in `cases` (one hash join); the status is as of the
// day asked about, since a case that has not woken since still has yesterday's.
export const OCCURRENCE_COLUMNS = `o.case_id AS "caseId", o.unit, o.municipality, o.programme_id AS "programmeId", o.case_phase AS phase, o.paused,
  o.step_id AS "stepId", o.occurrence, o.title, o.target, o.latest, ($1::date - o.latest) AS "daysLate",
  o.owner_roles AS owners, o.owner_staff AS "ownerStaff", o.escalation_level AS "escalationLevel",
  c.rules_version AS "rulesVersion", o.phase AS "stepPhase", o.kind, o.time,
  CASE WHEN o.latest < $1::date THEN 'overdue' ELSE o.status END AS status`;
export const OCCURRENCES_OF_CASES = 'occurrences o JOIN cases c ON c.case_id = o.case_id';

export interface OverdueFilter {
  /** Copenhagen date the list is for. */
  today: string;
  /** The units a leader sees; all units when left out. */
  units?: readonly string[];
  municipality?: string;
  /** Only steps this staff member owns. */
  owner?: string;
}

/**
 * Lists come back as one JSON array built by the server: parsing one JSON text is many times
 * cheaper in Node than the drivers' field-by-field parsing of thousands of rows. The order is
 * given over the output columns, inside the aggregate.
 */
export function asJsonArray(select: string, orderBy: string): string {
  return `SELECT coalesce(json_agg(q ORDER BY ${orderBy}), '[]'::json) AS rows FROM (${select}) q`;
}

export async function jsonRows<Row>(db: Queryable, sql: string, params: unknown[]): Promise<Row[]> {
  const [result] = await db.query<{ rows: Row[] }>(sql, params);
  return result?.rows ?? [];
}

/** The overdue list's SQL and parameters (the bench times it on the server too). */
export function overdueQuery(filter: OverdueFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [filter.today];
  const where = ['o.latest < $1::date'];
  if (filter.units) where.push(`o.unit = ANY($${params.push([...filter.units])}::text[])`);
  if (filter.municipality) where.push(`o.municipality = $${params.push(filter.municipality)}`);
  if (filter.owner) where.push(`o.owner_staff @> ARRAY[$${params.push(filter.owner)}::text]`);
  const select = `SELECT ${OCCURRENCE_COLUMNS} FROM ${OCCURRENCES_OF_CASES} WHERE ${where.join(' AND ')}`;
  return { sql: asJsonArray(select, 'q.unit, q.latest, q."ownerStaff"[1] NULLS LAST, q."caseId", q."stepId", q.occurrence'), params };
}

/** Overdue steps of open cases: by unit, most days late first, then by first owner and case. */
export async function overdueForUnits(db: Queryable, filter: OverdueFilter): Promise<OverdueRow[]> {
  const { sql, params } = overdueQuery(filter);
  return jsonRows<OverdueRow>(db, sql, params);
}

export interface TaskRow extends OverdueRow {
  overdue: boolean;
  /** The case's team (role id → staff id), for the access check. */
  team: Record<string, string>;
}

/**
 * A staff member's steps — the one rule for "my tasks", on the web and at the command line: every
 * overdue step they own, and every step they own whose target date falls within `days` days from
 * `today`, whether or not its window has opened yet (a visit in ten days has to be booked now).
 * Overdue first, then by target date.
 */
export async function staffTasks(db: Queryable, query: { staffId: string; today: string; days?: number }): Promise<TaskRow[]> {
  const select = `SELECT ${OCCURRENCE_COLUMNS}, c.team FROM ${OCCURRENCES_OF_CASES}
     WHERE o.owner_staff @> ARRAY[$2::text] AND (o.latest < $1::date OR o.target <= $1::date + $3::integer)`;
  const rows = await jsonRows<Omit<TaskRow, 'overdue'>>(db, asJsonArray(select, '(q."daysLate" > 0) DESC, q.target, q."caseId", q."stepId", q.occurrence'), [query.today, query.staffId, query.days ?? 14]);
  return rows.map((r) => ({ ...r, overdue: r.daysLate > 0, daysLate: Math.max(0, r.daysLate) }));
}

export interface CaseRow {
  caseId: string;
  programmeId: string;
  rulesVersion: string;
  unit: string;
  municipality: string;
  phase: number;
  team: Record<string, string>;
  paused: boolean;
  closed: boolean;
  overdue: number;
  nextTarget: string | null;
  updatedAt: Date;
}

/** The cases of some units (open ones unless `includeClosed`), with overdue count and next target. */
export async function casesOfUnits(db: Queryable, query: { units: readonly string[]; today: string; includeClosed?: boolean }): Promise<CaseRow[]> {
  return db.query<CaseRow>(
    `SELECT c.case_id AS "caseId", c.programme_id AS "programmeId", c.rules_version AS "rulesVersion", c.unit, c.municipality,
            c.phase, c.team, c.paused, c.closed, c.updated_at AS "updatedAt",
            (SELECT count(*) FROM occurrences o WHERE o.case_id = c.case_id AND o.latest < $2::date) AS overdue,
            (SELECT min(o.target) FROM occurrences o WHERE o.case_id = c.case_id AND o.latest >= $2::date) AS "nextTarget"
     FROM cases c
     WHERE c.unit = ANY($1::text[]) AND ($3 OR NOT c.closed)
     ORDER BY c.unit, c.case_id`,
    [[...query.units], query.today, query.includeClosed ?? false],
  );
}

/** Stores the day's overdue counts per unit and step; taking the same day again replaces them. */
export async function takeOverdueSnapshot(db: Database, day: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM overdue_snapshots WHERE day = $1::date', [day]);
    await tx.query(
      `INSERT INTO overdue_snapshots (day, unit, step_id, count)
       SELECT $1::date, o.unit, o.step_id, count(*)
       FROM occurrences o
       WHERE o.latest < $1::date
       GROUP BY o.unit, o.step_id`,
      [day],
    );
    await tx.query('INSERT INTO overdue_snapshot_days (day) VALUES ($1::date) ON CONFLICT (day) DO UPDATE SET taken_at = now()', [day]);
  });
}

export interface WeeklyOverdue {
  /** Monday of the ISO week. */
  weekStart: string;
  unit: string;
  /** From the week's last snapshot; null when no snapshot was taken that week. */
  count: number | null;
}

/** Overdue steps per unit for each of the last `weeks` ISO weeks (this one included), oldest first. */
export async function weeklyOverdue(db: Queryable, query: { units: readonly string[]; today: string; weeks?: number }): Promise<WeeklyOverdue[]> {
  const rows = await db.query<{ weekStart: string; day: string | null; unit: string; count: number }>(
    `WITH weeks AS (
       SELECT (date_trunc('week', $2::date) - (n * interval '7 days'))::date AS week_start
       FROM generate_series(0, $3::integer - 1) AS n
     ), last_day AS (
       SELECT w.week_start, max(d.day) AS day
       FROM weeks w LEFT JOIN overdue_snapshot_days d ON d.day >= w.week_start AND d.day < w.week_start + 7 AND d.day <= $2::date
       GROUP BY w.week_start
     )
     SELECT l.week_start AS "weekStart", l.day, u.unit, coalesce(sum(s.count), 0) AS count
     FROM last_day l CROSS JOIN unnest($1::text[]) AS u(unit)
     LEFT JOIN overdue_snapshots s ON s.day = l.day AND s.unit = u.unit
     GROUP BY l.week_start, l.day, u.unit
     ORDER BY l.week_start, u.unit`,
    [[...query.units], query.today, query.weeks ?? 12],
  );
  return rows.map((r) => ({ weekStart: r.weekStart, unit: r.unit, count: r.day === null ? null : Number(r.count) }));
}

/** How many open cases a staff member is on: in the case's team, or as one of its unit's leaders. */
export async function openCasesOfStaff(db: Queryable, staffId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*) AS count FROM cases c
     WHERE NOT c.closed AND (EXISTS (SELECT 1 FROM jsonb_each_text(c.team) t WHERE t.value = $1)
                         OR EXISTS (SELECT 1 FROM jsonb_each_text(c.leaders) l WHERE l.value = $1))`,
    [staffId],
  );
  return Number(row?.count ?? 0);
}
