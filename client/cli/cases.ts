/**
 * `vugge cases --owner STAFF [--days N]` — a caseworker's own overdue steps and those due in the
 * next 14 days, by the same rule as *Mine opgaver* on the web (client/service/owner-steps.ts), read
 * from the read model with the operator's own authority. Also the timeline table `vugge case show`
 * prints, Danish first.
 */
import { DateTime } from 'luxon';
import { statusLabels } from '../../dsl/plan/index.js';
import type { Obligations, TimelineEntry } from '../../workflows/case-views.js';
import { OPERATOR } from '../service/access.js';
import { ownerSteps, TASK_DAYS } from '../service/owner-steps.js';
import { clip, count, numberDa, showDate, table } from './format.js';
import { loadCliDirectory, requireKnown, unknownStaff } from './directory.js';
import { parseOptions, UsageError, wantsHelp } from './options.js';
import { checkThenRead } from './read-model.js';

const USAGE = `Brug / usage:
  vugge cases [--owner MEDARBEJDER] [--days DAGE] [--json]
      dine forsinkede trin og dem, der skal gøres de næste ${TASK_DAYS} dage, på tværs af sager (som Mine opgaver)
      / your overdue steps and those due in the next ${TASK_DAYS} days across cases (as My tasks)
MEDARBEJDER er et id fra kartoteket (VUGGE_STAFF_FILE), som standard VUGGE_STAFF_ID; DAGE er 1–366.`;

/** What a row of the tables shows of a step. */
type RowEntry = Pick<TimelineEntry, 'phase' | 'title' | 'stepId' | 'occurrence' | 'target' | 'time' | 'latest' | 'owners' | 'ownerStaff' | 'status' | 'doneOn'>;

function statusText(e: RowEntry): string {
  const label = statusLabels.da[e.status];
  return e.status === 'done' && e.doneOn ? `${label} ${showDate(e.doneOn)}` : label;
}

function row(e: RowEntry, caseId?: string): string[] {
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
const SHOW_WEEKS = 8;

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
  return checkThenRead(async () => {
    const { values } = parseOptions(args, { owner: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
    const owner = values.owner ?? process.env.VUGGE_STAFF_ID;
    if (!owner) throw new UsageError('Angiv medarbejder-id med --owner (fx --owner sr-mette). / Give a staff id with --owner.');
    requireKnown(unknownStaff(await loadCliDirectory(), owner), values.owner === undefined ? 'VUGGE_STAFF_ID' : '--owner');
    const days = values.days === undefined ? TASK_DAYS : Number(values.days);
    if (!/^\d{1,3}$/.test(values.days ?? '14') || days < 1 || days > 366) {
      throw new UsageError(`--days '${values.days}' skal være et antal dage fra 1 til 366 (fx --days 28). / --days must be a number of days from 1 to 366.`);
    }
    const json = Boolean(values.json);
    return async (db) => {
      const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
      const { steps: mine, cases } = await ownerSteps(OPERATOR, db, owner, { today, days });
      if (json) {
        console.log(JSON.stringify(mine.map((m) => ({ caseId: m.caseId, ...m.entry })), null, 2));
        return 0;
      }
      if (!mine.length) {
        console.log(`${owner} har ingen forsinkede trin og intet, der skal gøres de næste ${days} dage (${count(cases, 'sag', 'sager')}).`);
        return 0;
      }
      console.log(`${owner}: forsinkede trin og det, der skal gøres de næste ${days} dage (${count(cases, 'sag', 'sager')})\n`);
      console.log(table([['sag', ...HEAD], ...mine.map((m) => row(m.entry, m.caseId))]));
      return 0;
    };
  });
}
