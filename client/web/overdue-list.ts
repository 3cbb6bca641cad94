/**
 * The *Forsinket* list as data: each overdue step in the leader's words, the GET filter that
 * narrows and sorts it (checked with the shared contract), the choices the filter offers, and the
 * same list as CSV for Danish Excel.
 */
import { z } from 'zod';
import { Code, describeIssue, StaffId, type Message } from '../../dsl/contract.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import { VISIT_NORM_STEP } from '../../workflows/case-notify.js';
import type { OverdueView } from '../service/cases.js';
import { showDate, type Lang, type Texts } from './texts.js';
import { personName, stepTitle, unitName } from './words.js';

export const SORTS = ['dage', 'sag', 'trin'] as const;
export type Sort = (typeof SORTS)[number];

/** What the leader asked for: one unit, owner or step, and the order (days late by default). */
export interface OverdueFilter {
  enhed?: string;
  ansvarlig?: string;
  trin?: string;
  sorter: Sort;
}

export const FILTER_FIELDS = ['enhed', 'ansvarlig', 'trin', 'sorter'] as const;

const FilterField = { enhed: Code, ansvarlig: StaffId, trin: Code, sorter: z.enum(SORTS) } as const;

/** The filter from a query string or form; a field that is not valid is left out and gets its sentence. */
export function parseFilter(query: Record<string, unknown>): { filter: OverdueFilter; errors: Record<string, Message> } {
  const filter: OverdueFilter = { sorter: 'dage' };
  const errors: Record<string, Message> = {};
  for (const field of FILTER_FIELDS) {
    const raw = query[field];
    if (raw === undefined || raw === '') continue;
    const parsed = FilterField[field].safeParse(raw);
    if (parsed.success) Object.assign(filter, { [field]: parsed.data });
    else errors[field] = describeIssue(parsed.error.issues[0]!);
  }
  return { filter, errors };
}

/** The filter as a query string ('' for the default), to link and redirect with. */
export function filterQuery(filter: OverdueFilter): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value && !(field === 'sorter' && value === 'dage')) params.set(field, value);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
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

export function overdueLines(view: OverdueView, directory: StaffDirectory, t: Texts, lang: Lang): OverdueLine[] {
  return view.rows.map((r) => {
    const norm = r.stepId === VISIT_NORM_STEP;
    const title = norm ? t.overdue.visitNorm(r.occurrence) : stepTitle(r.rules, r.stepId, lang);
    return {
      caseId: r.caseId,
      unit: r.unit,
      unitName: r.unit ? unitName(directory, r.unit) : '',
      stepId: r.stepId,
      step: !norm && r.occurrence > 1 ? `${title} (${r.occurrence})` : title,
      stepName: norm ? t.leaders.visitNorm : title,
      occurrence: r.occurrence,
      phase: r.rules?.steps.find((s) => s.id === r.stepId)?.phase,
      latest: r.latest,
      daysLate: r.daysLate,
      owners: r.owners,
      ownerNames: r.owners.map((s) => personName(directory, s)).join(', '),
    };
  });
}

const byCase = (a: OverdueLine, b: OverdueLine) => a.caseId.localeCompare(b.caseId) || a.occurrence - b.occurrence;
const ORDER: Record<Sort, (a: OverdueLine, b: OverdueLine) => number> = {
  dage: (a, b) => b.daysLate - a.daysLate || byCase(a, b),
  sag: (a, b) => byCase(a, b) || a.step.localeCompare(b.step, 'da'),
  trin: (a, b) => a.step.localeCompare(b.step, 'da') || b.daysLate - a.daysLate || byCase(a, b),
};

/** The lines the filter keeps, in its order. */
export function applyFilter(lines: readonly OverdueLine[], filter: OverdueFilter): OverdueLine[] {
  return lines
    .filter((l) => (!filter.enhed || l.unit === filter.enhed) && (!filter.ansvarlig || l.owners.includes(filter.ansvarlig)) && (!filter.trin || l.stepId === filter.trin))
    .sort(ORDER[filter.sorter]);
}

/** What the filter offers: the units led, and the owners and steps on the whole list, by name. */
export function filterChoices(units: readonly string[], lines: readonly OverdueLine[], directory: StaffDirectory, lang: Lang): Record<'enhed' | 'ansvarlig' | 'trin', [string, string][]> {
  const owners = new Map<string, string>();
  const steps = new Map<string, string>();
  for (const l of lines) {
    for (const s of l.owners) owners.set(s, personName(directory, s));
    steps.set(l.stepId, l.stepName);
  }
  const sorted = (m: Map<string, string>) => [...m].sort((a, b) => a[1].localeCompare(b[1], lang));
  return { enhed: units.map((u) => [u, unitName(directory, u)]), ansvarlig: sorted(owners), trin: sorted(steps) };
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
