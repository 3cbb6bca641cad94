/**
 * `vugge overdue [--unit U] [--municipality M] [--json]` — every overdue step across cases: case,
 * step, days late, owners. One visibility query on the overdue-items search attribute; no case is
 * asked anything, so the list costs the same for ten cases or ten thousand.
 */
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { Code } from '../../workflows/case-input.js';
import { parseOverdueItem } from '../../workflows/case-views.js';
import { OVERDUE_ITEMS, UNIT } from '../../workflows/search-attributes.js';
import { connectClient } from '../temporal-client.js';
import { showDate, table } from '../format.js';
import { listUndeliverable, undeliverableTable } from './undeliverable.js';

export interface OverdueRow {
  caseId: string;
  unit?: string;
  stepId: string;
  occurrence: number;
  latest: string;
  daysLate: number;
  owners: string[];
}

export function overdueQuery(filter: { unit?: string; municipality?: string }): string {
  const parts = ["VuggeOverdueCount > 0", "ExecutionStatus = 'Running'"];
  if (filter.unit) parts.push(`VuggeUnit = '${filter.unit}'`);
  if (filter.municipality) parts.push(`VuggeMunicipality = '${filter.municipality}'`);
  return parts.join(' AND ');
}

/** Reads every overdue item from the visibility store; `today` is a Copenhagen date. */
export async function listOverdue(client: Client, filter: { unit?: string; municipality?: string }, today: string): Promise<OverdueRow[]> {
  const rows: OverdueRow[] = [];
  for await (const wf of client.workflow.list({ query: overdueQuery(filter) })) {
    const items = wf.typedSearchAttributes.get(OVERDUE_ITEMS) ?? [];
    for (const raw of items) {
      const item = parseOverdueItem(raw);
      if (!item) continue;
      const daysLate = Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(item.latest), 'days').days);
      rows.push({ caseId: wf.workflowId, unit: wf.typedSearchAttributes.get(UNIT), ...item, daysLate });
    }
  }
  return rows.sort((a, b) => b.daysLate - a.daysLate || a.caseId.localeCompare(b.caseId));
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { unit: { type: 'string' }, municipality: { type: 'string' }, json: { type: 'boolean' } } });
  for (const [name, value] of [['--unit', values.unit], ['--municipality', values.municipality]] as const) {
    if (value !== undefined && !Code.safeParse(value).success) {
      console.error(`${name} '${value}' skal være en kode med små bogstaver, tal, - og _ (fx nord). / ${name} must be a lower-case code.`);
      return 2;
    }
  }
  const vugge = await connectClient();
  try {
    const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
    const rows = await listOverdue(vugge.client, { unit: values.unit, municipality: values.municipality }, today);
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (!rows.length) {
      console.log('Ingen forsinkede trin. / No overdue steps.');
    } else {
      console.log(`${rows.length} forsinkede trin pr. ${showDate(today)}\n`);
      const head = ['sag', 'enhed', 'trin', 'nr.', 'frist', 'dage for sent', 'ansvarlig'];
      console.log(table([head, ...rows.map((r) => [r.caseId, r.unit ?? '', r.stepId, String(r.occurrence), showDate(r.latest), String(r.daysLate), r.owners.join(', ')])]));
    }
    await printUndeliverable(values.unit);
    return 0;
  } finally {
    await vugge.close();
  }
}

/**
 * Reminders and escalations that never reached anyone are the leaders' business too: they follow
 * the overdue list, read from the worker's log (the same machine's VUGGE_DATA_DIR).
 */
async function printUndeliverable(unit: string | undefined): Promise<void> {
  let records;
  try {
    records = await listUndeliverable({ unit });
  } catch (err) {
    console.error(`\nIkke-leverede beskeder kan ikke læses: ${err instanceof Error ? err.message : String(err)} / Undelivered notifications cannot be read.`);
    return;
  }
  if (!records.length) return;
  console.log(`\n${records.length} beskeder kunne ikke leveres (vugge undeliverable viser dem alle):\n`);
  console.log(undeliverableTable(records, 'da'));
}
