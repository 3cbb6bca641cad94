/**
 * `vugge cases --owner STAFF` — a caseworker's own upcoming and overdue steps: one visibility query
 * for the cases they are on, then each case's timeline. Also the timeline table `vugge case show`
 * prints, Danish first.
 */
import { DateTime } from 'luxon';
import { statusLabels } from '../../dsl/plan/index.js';
import { timelineQuery } from '../../workflows/case-messages.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { connectClient, failureSentence } from '../temporal-client.js';
import { clip, count, numberDa, showDate, table } from '../format.js';
import { loadCliDirectory, requireKnown, unknownStaff } from '../directory.js';
import { parseOptions, UsageError, wantsHelp } from '../options.js';

const USAGE = `Brug / usage:
  vugge cases [--owner MEDARBEJDER] [--json]
      dine forsinkede trin og dem de næste 28 dage på tværs af sager / your overdue steps and those of the next 28 days
MEDARBEJDER er et id fra kartoteket (VUGGE_STAFF_FILE), som standard VUGGE_STAFF_ID.`;

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

/** How far ahead `vugge case show` looks without --all. */
export const SHOW_WEEKS = 8;

/**
 * The rows a person needs from a case's timeline: what is overdue or open now, and what falls in
 * the next eight weeks. Two years of rows would hide them; `--all` shows the whole course.
 */
export function currentEntries(timeline: TimelineEntry[], today: string, weeks = SHOW_WEEKS): TimelineEntry[] {
  const until = DateTime.fromISO(today, { zone: 'Europe/Copenhagen' }).plus({ weeks }).toISODate()!;
  return timeline.filter((e) => e.status === 'overdue' || e.status === 'open' || e.status === 'due_soon' || (e.target >= today && e.target <= until));
}

export interface TimelineOptions {
  /** Every row from the first step to the last, not just the current ones. */
  all: boolean;
  /** A Copenhagen date: what counts as "now" for the default view. */
  today: string;
}

export function printTimeline(caseId: string, phase: number, timeline: TimelineEntry[], obligations: Obligations, options: TimelineOptions): void {
  const state = [obligations.paused ? 'sat på pause' : '', obligations.closed ? 'afsluttet' : ''].filter(Boolean).join(', ');
  console.log(`Sag ${caseId} — fase ${phase}${state ? ` (${state})` : ''}\n`);
  const applicable = timeline.filter((e) => e.status !== 'not_applicable');
  const shown = options.all ? applicable : currentEntries(applicable, options.today);
  if (shown.length) console.log(table([HEAD, ...shown.map((e) => row(e))]));
  else console.log(`Ingen forsinkede trin og intet de næste ${SHOW_WEEKS} uger.`);
  if (!options.all && shown.length < applicable.length) {
    const hidden = applicable.length - shown.length;
    console.log(`\n${numberDa(hidden)} trin mere (udført eller senere end ${SHOW_WEEKS} uger) — vis hele forløbet med --all.`);
  }
  for (const s of obligations.visitShortfalls) {
    console.log(`Besøgsnorm: ugen ${showDate(s.weekStart)}–${showDate(s.weekEnd)} har ${numberDa(s.loggedHours)} af mindst ${count(s.requiredHours, 'time', 'timer')}.`);
  }
  for (const w of obligations.planShort) {
    console.log(`Planlægning: ${w.stepId} er planlagt til ${w.plannedUntil ? showDate(w.plannedUntil) : 'intet'}, men skal være planlagt til ${showDate(w.requiredUntil)}.`);
  }
}

export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    console.log(USAGE);
    return 0;
  }
  let owner: string;
  let json: boolean;
  try {
    const { values } = parseOptions(args, { owner: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const id = values.owner ?? process.env.VUGGE_STAFF_ID;
    if (!id) throw new UsageError('Angiv medarbejder-id med --owner (fx --owner sr-mette). / Give a staff id with --owner.');
    requireKnown(unknownStaff(await loadCliDirectory(), id), values.owner === undefined ? 'VUGGE_STAFF_ID' : '--owner');
    owner = id;
    json = Boolean(values.json);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(err.message);
    return err.exitCode;
  }
  const vugge = await connectClient();
  try {
    const query = `VuggeOwners = '${owner}' AND ExecutionStatus = 'Running'`;
    const horizon = new Date(Date.now() + UPCOMING_DAYS * 86_400_000).toISOString().slice(0, 10);
    const mine: { caseId: string; entry: TimelineEntry }[] = [];
    let cases = 0;
    for await (const wf of vugge.client.workflow.list({ query })) {
      cases++;
      // Progress only on a terminal, erased again before the table.
      if (!json && process.stderr.isTTY) process.stderr.write(`\rHenter sag ${cases} …`);
      try {
        const timeline = await vugge.client.workflow.getHandle(wf.workflowId).query(timelineQuery);
        for (const entry of timeline) {
          const open = entry.status === 'overdue' || ((entry.status === 'open' || entry.status === 'due_soon') && entry.target <= horizon);
          if (open && entry.ownerStaff.includes(owner)) mine.push({ caseId: wf.workflowId, entry });
        }
      } catch (err) {
        console.error(`\n${failureSentence(err, undefined, wf.workflowId)}`);
      }
    }
    if (!json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    mine.sort((a, b) => a.entry.target.localeCompare(b.entry.target));
    if (json) {
      console.log(JSON.stringify(mine.map((m) => ({ caseId: m.caseId, ...m.entry })), null, 2));
      return 0;
    }
    if (!mine.length) {
      console.log(`${owner} har ingen forsinkede eller kommende trin de næste ${UPCOMING_DAYS} dage (${count(cases, 'sag', 'sager')}).`);
      return 0;
    }
    console.log(`${owner}: forsinkede og kommende trin de næste ${UPCOMING_DAYS} dage (${count(cases, 'sag', 'sager')})\n`);
    console.log(table([['sag', ...HEAD], ...mine.map((m) => row(m.entry, m.caseId))]));
    return 0;
  } finally {
    await vugge.close();
  }
}
