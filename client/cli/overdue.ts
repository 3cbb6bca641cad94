/**
 * `vugge overdue [--unit U] [--municipality M] [--page N | --all] [--json]` — the overdue steps
 * across cases, most days late first: case, step title and deadline, days late, owners. One page of
 * 50 at a time with the count per unit (as the leaders' web page shows them), every row with
 * `--all`, every row as JSON with `--json`. Indexed queries on the read model in Vugge's own
 * database; no case is asked anything, and Temporal is not needed. A unit or municipality the
 * staff directory does not know is an error, never an empty list.
 */
import { DateTime } from 'luxon';
import { Code } from '../../workflows/case-input.js';
import { VISIT_NORM_STEP } from '../../workflows/case-notify.js';
import { OPERATOR } from '../service/access.js';
import { overdueList, overdueListPage, type OverdueRow } from '../service/overdue.js';
import { loadCliDirectory, requireKnown, unknownMunicipality, unknownUnit } from './directory.js';
import { count, numberDa, showDate, table } from './format.js';
import { option, parseOptions, UsageError, wantsHelp } from './options.js';
import { checkThenRead } from './read-model.js';
import { undeliverableForUnits } from '../service/undeliverable.js';
import { undeliverableTable } from './undeliverable.js';

const USAGE = `Brug / usage:
  vugge overdue [--unit ENHED] [--municipality KOMMUNE] [--page N | --all] [--json]
      forsinkede trin på tværs af sager, de mest forsinkede først, 50 ad gangen
      / overdue steps across cases, latest first, 50 at a time
  --page N   side N af listen / page N of the list
  --all      alle forsinkede trin på én gang / every overdue step at once
  --json     alle forsinkede trin som JSON / every overdue step as JSON
ENHED og KOMMUNE er koder fra medarbejderkartoteket (VUGGE_STAFF_FILE), fx nord og 0751.`;

/**
 * What the step column says: the title, which occurrence when it repeats, and for a visit-norm
 * shortfall (whose occurrence is a week, yyyyww) the week and its dates.
 */
function stepText(r: OverdueRow): string {
  if (r.stepId === VISIT_NORM_STEP) {
    const end = DateTime.fromISO(r.latest, { zone: 'Europe/Copenhagen' });
    const start = end.minus({ days: 6 }).toISODate()!;
    return `${r.title}, uge ${r.occurrence % 100} (${showDate(start).slice(0, 5)}–${showDate(r.latest)})`;
  }
  return r.occurrence > 1 ? `${r.title} (nr. ${r.occurrence})` : r.title;
}

function overdueTable(rows: OverdueRow[]): string {
  const head = ['sag', 'enhed', 'trin', 'frist', 'dage for sent', 'ansvarlig'];
  return table([head, ...rows.map((r) => [r.caseId, r.unit, stepText(r), showDate(r.latest), numberDa(r.daysLate), r.owners.join(', ')])]);
}

interface OverdueArgs {
  unit?: string;
  municipality?: string;
  page?: number;
  all: boolean;
  json: boolean;
}

async function checkedArgs(args: string[]): Promise<OverdueArgs> {
  const { values } = parseOptions(
    args,
    { unit: { type: 'string' }, municipality: { type: 'string' }, page: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    USAGE,
  );
  for (const [name, value] of [['--unit', values.unit], ['--municipality', values.municipality]] as const) {
    if (value !== undefined && !Code.safeParse(value).success) {
      throw new UsageError(`${name} '${value}' skal være en kode med små bogstaver, tal, - og _ (fx nord). / ${name} must be a lower-case code.`);
    }
  }
  const page = option.page('--page', values.page);
  if (page !== undefined && (values.all || values.json)) {
    throw new UsageError(`--page kan ikke bruges sammen med ${values.all ? '--all' : '--json'}, som viser alle trin. / --page cannot be used with ${values.all ? '--all' : '--json'}, which shows every step.`);
  }
  if (values.unit !== undefined || values.municipality !== undefined) {
    const directory = await loadCliDirectory();
    if (values.unit !== undefined) requireKnown(unknownUnit(directory, values.unit), '--unit');
    if (values.municipality !== undefined) requireKnown(unknownMunicipality(directory, values.municipality), '--municipality');
  }
  return { unit: values.unit, municipality: values.municipality, page, all: Boolean(values.all), json: Boolean(values.json) };
}

/** "i enhed nord", "i kommune 0751" or nothing: what the list is of. */
function scope(a: OverdueArgs): string {
  return a.unit ? ` i enhed ${a.unit}` : a.municipality ? ` i kommune ${a.municipality}` : '';
}

/** Per unit, when the list has more than one: `nord 36.900 · syd 18.547`. */
function perUnit(counts: readonly { unit: string; count: number }[]): string {
  const byUnit = new Map<string, number>();
  for (const c of counts) byUnit.set(c.unit, (byUnit.get(c.unit) ?? 0) + c.count);
  return byUnit.size > 1 ? `${[...byUnit].map(([unit, n]) => `${unit} ${numberDa(n)}`).join(' · ')}\n` : '';
}

export async function run(args: string[]): Promise<number> {
  if (wantsHelp(args)) {
    console.log(USAGE);
    return 0;
  }
  return checkThenRead(async () => {
    const a = await checkedArgs(args);
    return async (db) => {
      const today = DateTime.now().setZone('Europe/Copenhagen').toISODate()!;
      const request = { unit: a.unit, municipality: a.municipality, order: 'days' as const };
      if (a.json) {
        console.log(JSON.stringify(await overdueList(OPERATOR, db, request, today), null, 2));
        return 0;
      }
      if (a.all) {
        const rows = await overdueList(OPERATOR, db, request, today);
        console.log(rows.length ? `${count(rows.length, 'forsinket trin', 'forsinkede trin')}${scope(a)} pr. ${showDate(today)}\n` : noneText(a, today));
        if (rows.length) console.log(overdueTable(rows));
      } else {
        const { counts, list } = await overdueListPage(OPERATOR, db, { ...request, page: a.page ?? 1 }, today);
        if (!list.total) console.log(noneText(a, today));
        else {
          console.log(`${count(list.total, 'forsinket trin', 'forsinkede trin')}${scope(a)} pr. ${showDate(today)}\n${perUnit(counts)}`);
          console.log(overdueTable(list.rows));
          if (list.pages > 1) console.log(`\n${pageFooter(list, args)}`);
        }
      }
      await printUndeliverable(a.unit);
      return 0;
    };
  });
}

function noneText(a: OverdueArgs, today: string): string {
  return `Ingen forsinkede trin${scope(a)} pr. ${showDate(today)}. / No overdue steps.`;
}

/** Which rows of how many, and the command for the next page (or the first, on the last). */
function pageFooter(list: { page: number; pages: number; total: number; first: number; rows: unknown[] }, args: string[]): string {
  const rest = args.filter((arg, i) => arg !== '--page' && args[i - 1] !== '--page' && !arg.startsWith('--page='));
  const command = (page: number) => ['vugge overdue', ...rest, '--page', String(page)].join(' ');
  const last = list.first + list.rows.length - 1;
  const next = list.page < list.pages ? `Næste side / next page: ${command(list.page + 1)}` : `Første side / first page: ${command(1)}`;
  return `Side ${numberDa(list.page)} af ${numberDa(list.pages)}: trin ${numberDa(list.first)}–${numberDa(last)} af ${numberDa(list.total)} / page ${list.page} of ${list.pages}\n${next}\nAlle på én gang / all at once: ${['vugge overdue', ...rest, '--all'].join(' ')}`;
}

/**
 * Reminders and escalations that never reached anyone are the leaders' business too: they follow
 * the overdue list, read from the worker's log (the same machine's VUGGE_DATA_DIR).
 */
async function printUndeliverable(unit: string | undefined): Promise<void> {
  let records;
  try {
    records = await undeliverableForUnits(OPERATOR, { unit });
  } catch (err) {
    console.error(`\nIkke-leverede beskeder kan ikke læses: ${err instanceof Error ? err.message : String(err)} / Undelivered notifications cannot be read.`);
    return;
  }
  if (!records.length) return;
  console.log(`\n${count(records.length, 'besked', 'beskeder')} kunne ikke leveres (vugge undeliverable viser dem alle):\n`);
  console.log(undeliverableTable(records, 'da'));
}
