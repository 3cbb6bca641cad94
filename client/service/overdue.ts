/**
 * Every overdue step across cases: case, step title and deadline, days late, owners. One
 * visibility query on the overdue-items search attribute; no case is asked anything, so the list
 * costs the same for ten cases or ten thousand. A leader sees the units they lead; the operator
 * any unit or municipality.
 */
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { VISIT_NORM_STEP } from '../../workflows/case-notify.js';
import { parseOverdueItem } from '../../workflows/case-views.js';
import { OVERDUE_ITEMS, PROGRAMME, UNIT } from '../../workflows/search-attributes.js';
import { isOperator, ledUnits, requireActing, type Acting } from './access.js';
import { loadStepTitles } from './step-titles.js';

export interface OverdueRow {
  caseId: string;
  unit?: string;
  programme?: string;
  stepId: string;
  /** The step's title from the rules (the step id when no rules file knows it). */
  title: string;
  occurrence: number;
  latest: string;
  daysLate: number;
  owners: string[];
}

/** Whole days from a step's latest date to `today` (both Copenhagen dates). */
export function daysLateOn(today: string, latest: string): number {
  return Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(latest), 'days').days);
}

function overdueQuery(filter: { unit?: string; municipality?: string }): string {
  const parts = ["VuggeOverdueCount > 0", "ExecutionStatus = 'Running'"];
  if (filter.unit) parts.push(`VuggeUnit = '${filter.unit}'`);
  if (filter.municipality) parts.push(`VuggeMunicipality = '${filter.municipality}'`);
  return parts.join(' AND ');
}

/** Reads every overdue item from the visibility store; `today` is a Copenhagen date. */
async function listOverdue(client: Client, filter: { unit?: string; municipality?: string }, today: string): Promise<OverdueRow[]> {
  const rows: OverdueRow[] = [];
  for await (const wf of client.workflow.list({ query: overdueQuery(filter) })) {
    const items = wf.typedSearchAttributes.get(OVERDUE_ITEMS) ?? [];
    for (const raw of items) {
      const item = parseOverdueItem(raw);
      if (!item) continue;
      const daysLate = daysLateOn(today, item.latest);
      rows.push({ caseId: wf.workflowId, unit: wf.typedSearchAttributes.get(UNIT), programme: wf.typedSearchAttributes.get(PROGRAMME), title: item.stepId, ...item, daysLate });
    }
  }
  if (rows.length) {
    const titles = loadStepTitles();
    for (const r of rows) r.title = r.stepId === VISIT_NORM_STEP ? 'Besøgsnorm' : (titles.get(r.programme ?? '')?.get(r.stepId) ?? r.stepId);
  }
  return rows.sort((a, b) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId));
}

/**
 * The overdue steps `acting` may see: for a person, those of the units they lead (within the
 * filter's unit, when given); for the operator, all that match the filter. Latest first.
 */
export async function overdueSteps(acting: Acting, client: Client, filter: { unit?: string; municipality?: string }, today: string): Promise<OverdueRow[]> {
  requireActing(acting, 'see_overdue');
  if (isOperator(acting)) return listOverdue(client, filter, today);
  const units = ledUnits(acting.directory, acting.staffId).all.filter((u) => !filter.unit || u === filter.unit);
  const rows: OverdueRow[] = [];
  for (const unit of units) rows.push(...(await listOverdue(client, { ...filter, unit }, today)));
  return rows.sort((a, b) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId));
}
