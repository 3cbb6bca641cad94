/**
 * `vugge cases --owner STAFF` — a caseworker's own upcoming and overdue steps: one visibility query
 * for the cases they are on, then each case's timeline. Also the timeline table `vugge case show`
 * prints, Danish first.
 */
import { parseArgs } from 'node:util';
import { statusLabels } from '../../dsl/plan/labels.js';
import { timelineQuery } from '../../workflows/case-messages.js';
import { StaffId } from '../../workflows/case-input.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { connectClient, failureSentence } from '../temporal-client.js';
import { clip, showDate, table } from '../format.js';

/** Steps further ahead than this are left out of "my cases": they are not today's work. */
const UPCOMING_DAYS = 28;


function statusText(e: TimelineEntry): string {
  const label = statusLabels.da[e.status];
  return e.status === 'done' && e.doneOn ? `${label} ${showDate(e.doneOn)}` : label;
}

function row(e: TimelineEntry, caseId?: string): string[] {
  const cells = [
    String(e.phase),
    `${clip(e.title, 40)} [${e.stepId}]`,
    String(e.occurrence),
    `${showDate(e.target)}${e.time ? ` ${e.time}` : ''}`,
    showDate(e.latest),
    (e.ownerStaff.length ? e.ownerStaff : e.owners).join(', '),
    statusText(e),
  ];
  return caseId ? [caseId, ...cells] : cells;
}

const HEAD = ['fase', 'trin', 'nr.', 'dato', 'senest', 'ansvarlig', 'status'];

export function printTimeline(caseId: string, phase: number, timeline: TimelineEntry[], obligations: Obligations): void {
  const state = [obligations.paused ? 'sat på pause' : '', obligations.closed ? 'afsluttet' : ''].filter(Boolean).join(', ');
  console.log(`Sag ${caseId} — fase ${phase}${state ? ` (${state})` : ''}\n`);
  const shown = timeline.filter((e) => e.status !== 'not_applicable');
  console.log(table([HEAD, ...shown.map((e) => row(e))]));
  for (const s of obligations.visitShortfalls) console.log(`Besøgsnorm: ugen ${showDate(s.weekStart)}–${showDate(s.weekEnd)} har ${s.loggedHours} af mindst ${s.requiredHours} timer.`);
  for (const w of obligations.planShort) {
    console.log(`Planlægning: ${w.stepId} er planlagt til ${w.plannedUntil ? showDate(w.plannedUntil) : 'intet'}, men skal være planlagt til ${showDate(w.requiredUntil)}.`);
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { owner: { type: 'string' }, json: { type: 'boolean' } } });
  const owner = StaffId.safeParse(values.owner ?? process.env.VUGGE_STAFF_ID);
  if (!owner.success) {
    console.error('Angiv medarbejder-id med --owner (fx --owner sr-mette). / Give a staff id with --owner.');
    return 2;
  }
  const vugge = await connectClient();
  try {
    const query = `VuggeOwners = '${owner.data}' AND ExecutionStatus = 'Running'`;
    const horizon = new Date(Date.now() + UPCOMING_DAYS * 86_400_000).toISOString().slice(0, 10);
    const mine: { caseId: string; entry: TimelineEntry }[] = [];
    let cases = 0;
    for await (const wf of vugge.client.workflow.list({ query })) {
      cases++;
      // Progress only on a terminal, erased again before the table.
      if (!values.json && process.stderr.isTTY) process.stderr.write(`\rHenter sag ${cases} …`);
      try {
        const timeline = await vugge.client.workflow.getHandle(wf.workflowId).query(timelineQuery);
        for (const entry of timeline) {
          const open = entry.status === 'overdue' || ((entry.status === 'open' || entry.status === 'due_soon') && entry.target <= horizon);
          if (open && entry.ownerStaff.includes(owner.data)) mine.push({ caseId: wf.workflowId, entry });
        }
      } catch (err) {
        console.error(`\n${failureSentence(err, wf.workflowId)}`);
      }
    }
    if (!values.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    mine.sort((a, b) => a.entry.target.localeCompare(b.entry.target));
    if (values.json) {
      console.log(JSON.stringify(mine.map((m) => ({ caseId: m.caseId, ...m.entry })), null, 2));
      return 0;
    }
    if (!mine.length) {
      console.log(`${owner.data} har ingen forsinkede eller kommende trin de næste ${UPCOMING_DAYS} dage (${cases} sager).`);
      return 0;
    }
    console.log(`${owner.data}: forsinkede og kommende trin de næste ${UPCOMING_DAYS} dage (${cases} sager)\n`);
    console.log(table([['sag', ...HEAD], ...mine.map((m) => row(m.entry, m.caseId))]));
    return 0;
  } finally {
    await vugge.close();
  }
}
