/**
 * The *Forsinket* list as data: each overdue step in the leader's words, the GET filter that
 * narrows and sorts it and the page asked for (checked with the shared contract), the choices the
 * filter offers, and the same list as CSV for Danish Excel. The database filters, sorts and pages.
 */
import { z } from 'zod';
import { Code, describeIssue, PageNumber, StaffId, type Message } from '../../dsl/contract.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { OverdueCount } from '../../activities/db/overdue-page.js';
import type { Programme } from '../../dsl/compile/model.js';
import { VISIT_NORM_STEP } from '../../workflows/case-notify.js';
import type { OverdueListRequest, OverdueRow } from '../service/overdue.js';
import { showDate, type Lang, type Texts } from './texts.js';
import { personName, stepTitle, unitName } from './words.js';

export const SORTS = ['dage', 'sag', 'trin'] as const;
export type Sort = (typeof SORTS)[number];

/**
 * What the leader asked for: one unit, owner or step, the order (days late by default), and which
 * page of the list (`side`) and of the escalations (`eside`).
 */
export interface OverdueFilter {
  enhed?: string;
  ansvarlig?: string;
  trin?: string;
  sorter: Sort;
  side?: number;
  eside?: number;
}

export const FILTER_FIELDS = ['enhed', 'ansvarlig', 'trin', 'sorter'] as const;
export const PAGE_FIELDS = ['side', 'eside'] as const;

const FilterField = { enhed: Code, ansvarlig: StaffId, trin: Code, sorter: z.enum(SORTS), side: PageNumber.transform(Number), eside: PageNumber.transform(Number) } as const;

/** The filter from a query string or form; a field that is not valid is left out and gets its sentence. */
export function parseFilter(query: Record<string, unknown>): { filter: OverdueFilter; errors: Record<string, Message> } {
  const filter: OverdueFilter = { sorter: 'dage' };
  const errors: Record<string, Message> = {};
  for (const field of [...FILTER_FIELDS, ...PAGE_FIELDS]) {
    const raw = query[field];
    if (raw === undefined || raw === '') continue;
    const parsed = FilterField[field].safeParse(raw);
    if (parsed.success) Object.assign(filter, { [field]: parsed.data });
    else errors[field] = describeIssue(parsed.error.issues[0]!);
  }
  return { filter, errors };
}

/**
 * The filter as a query string ('' for the default), to link and redirect with; with the pages
 * given in `pages` (a page link, the way back after Kvittér). The first page is the default.
 */
export function filterQuery(filter: OverdueFilter, pages: Partial<Record<(typeof PAGE_FIELDS)[number], number>> = {}): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value && !(field === 'sorter' && value === 'dage')) params.set(field, value);
  }
  for (const field of PAGE_FIELDS) if (pages[field] && pages[field] > 1) params.set(field, String(pages[field]));
  const query = params.toString();
  return query ? `?${query}` : '';
}

const ORDER_OF: Record<Sort, OverdueListRequest['order']> = { dage: 'days', sag: 'case', trin: 'step' };

/** The filter as the service takes it. */
export function listRequest(filter: OverdueFilter): OverdueListRequest {
  return { unit: filter.enhed, owner: filter.ansvarlig, stepId: filter.trin, order: ORDER_OF[filter.sorter] };
}

/** One overdue step as the leader reads it. */
export interface OverdueLine {
  caseId: string;
  unit?: string;
  unitName: string;
  stepId: string;
  /** The step's title in the reader's language, with its number when it recurs. */
  step: string;
  /** The step's title alone, for the filter. */
  stepName: string;
  occurrence: number;
  phase?: number;
  latest: string;
  daysLate: number;
  owners: string[];
  ownerNames: string;
}

/** A step's title in the reader's language from its case's rules; the visit norm has its own words. */
function titleOf(rules: Programme | undefined, stepId: string, occurrence: number, t: Texts, lang: Lang): { step: string; stepName: string } {
  if (stepId === VISIT_NORM_STEP) return { step: t.overdue.visitNorm(occurrence), stepName: t.leaders.visitNorm };
  const title = stepTitle(rules, stepId, lang);
  return { step: occurrence > 1 ? `${title} (${occurrence})` : title, stepName: title };
}

export function overdueLines(rows: readonly (OverdueRow & { rules?: Programme })[], directory: StaffDirectory, t: Texts, lang: Lang): OverdueLine[] {
  return rows.map((r) => ({
    caseId: r.caseId,
    unit: r.unit,
    unitName: r.unit ? unitName(directory, r.unit) : '',
    stepId: r.stepId,
    ...titleOf(r.rules, r.stepId, r.occurrence, t, lang),
    occurrence: r.occurrence,
    phase: r.phase,
    latest: r.latest,
    daysLate: r.daysLate,
    owners: r.owners,
    ownerNames: r.owners.map((s) => personName(directory, s)).join(', '),
  }));
}

/** Overdue steps of one step in one unit, in the reader's words. */
export interface CountLine {
  unit: string;
  stepId: string;
  stepName: string;
  count: number;
  daysLate: number;
  mostDaysLate: number;
}

export function countLines(counts: readonly (OverdueCount & { rules?: Programme })[], t: Texts, lang: Lang): CountLine[] {
  return counts.map((c) => ({ unit: c.unit, stepId: c.stepId, stepName: titleOf(c.rules, c.stepId, 1, t, lang).stepName, count: c.count, daysLate: c.daysLate, mostDaysLate: c.mostDaysLate }));
}

/** What the filter offers: the units led, and the owners and steps on the whole list, by name. */
export function filterChoices(units: readonly string[], owners: readonly string[], counts: readonly CountLine[], directory: StaffDirectory, lang: Lang): Record<'enhed' | 'ansvarlig' | 'trin', [string, string][]> {
  const steps = new Map(counts.map((c) => [c.stepId, c.stepName]));
  const sorted = (pairs: [string, string][]) => pairs.sort((a, b) => a[1].localeCompare(b[1], lang));
  return { enhed: units.map((u) => [u, unitName(directory, u)]), ansvarlig: sorted(owners.map((s) => [s, personName(directory, s)])), trin: sorted([...steps]) };
}

/**
 * A cell a spreadsheet shows as text: one that starts like a formula (= + - @, or a tab or carriage
 * return) gets a leading apostrophe, and one with a separator, quote or line break is quoted.
 */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The lines as CSV the way Danish Excel opens it: a byte-order mark, semicolons, CRLF, Danish headers. */
export function overdueCsv(lines: readonly OverdueLine[], t: Texts, lang: Lang): string {
  const c = t.cols;
  const header = [c.case, c.unit, c.phase, c.step, c.latest, c.daysLate, c.owner];
  const rows = lines.map((l) => [l.caseId, l.unitName, l.phase, l.step, showDate(l.latest, lang), l.daysLate, l.ownerNames]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}
