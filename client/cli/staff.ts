/**
 * `vugge staff list [--unit U] [--file F]` and `vugge staff check [FILE]`: the staff directory as
 * a table, and a check that prints one sentence per problem. The default file is VUGGE_STAFF_FILE
 * (default config/staff.example.yaml).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { checkStaffFile } from '../../activities/staff/load.js';
import { renderProblem } from '../../activities/staff/problems.js';
import { feedUrlFor, loadFeedSettings } from '../service/calendar-feed.js';
import { unknownStaff, unknownUnit } from './directory.js';
import { wantsHelp } from './options.js';

const usage = `Brug / usage:
  vugge staff list [--unit ENHED] [--file FIL] [--lang da|en]   vis medarbejderne / list the staff
  vugge staff check [FIL] [--lang da|en]                         tjek en kartoteksfil / check a staff file
  vugge staff feed-url MEDARBEJDER [--file FIL] [--lang da|en]  adressen på personens kalenderfeed / the person's calendar feed URL`;

const Options = z.object({
  unit: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  lang: z.enum(['da', 'en'], { error: "--lang skal være 'da' eller 'en' / --lang must be 'da' or 'en'" }).default('da'),
});

function defaultFile(): string {
  return process.env.VUGGE_STAFF_FILE || 'config/staff.example.yaml';
}

export async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || wantsHelp(args)) {
    console.log(usage);
    return command ? 0 : 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { unit: { type: 'string' }, file: { type: 'string' }, lang: { type: 'string' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
  const options = Options.safeParse(parsed.values);
  if (!options.success) {
    console.error(options.error.issues[0]!.message);
    return 2;
  }
  const { unit, lang } = options.data;
  if (command === 'check') return check(parsed.positionals[0] ?? options.data.file ?? defaultFile(), lang);
  if (command === 'list') return list(options.data.file ?? defaultFile(), unit, lang);
  if (command === 'feed-url') return feedUrl(parsed.positionals[0], options.data.file ?? defaultFile(), lang);
  console.error(`Ukendt underkommando '${command}' / unknown subcommand: brug 'list', 'check' eller 'feed-url'.\n${usage}`);
  return 2;
}

async function check(file: string, lang: 'da' | 'en'): Promise<number> {
  const result = await checkStaffFile(file);
  if (!result.ok) {
    for (const p of result.problems) console.error(`${file}: ${renderProblem(p, lang)}`);
    const n = result.problems.length;
    console.error(lang === 'da' ? `${n} ${n === 1 ? 'fejl' : 'fejl'} i ${file}.` : `${n} problem${n === 1 ? '' : 's'} in ${file}.`);
    return 1;
  }
  const d = result.directory;
  console.log(lang === 'da' ? `${file} er i orden: ${d.staff.length} medarbejdere i ${d.units.length} enheder.` : `${file} is valid: ${d.staff.length} staff in ${d.units.length} units.`);
  return 0;
}

async function list(file: string, unit: string | undefined, lang: 'da' | 'en'): Promise<number> {
  const result = await checkStaffFile(file);
  if (!result.ok) {
    console.error(lang === 'da' ? `${file} har fejl; kør 'vugge staff check ${file}' for at se dem.` : `${file} has problems; run 'vugge staff check ${file}' to see them.`);
    return 1;
  }
  const d = result.directory;
  const unknown = unit ? unknownUnit({ file, directory: d }, unit) : undefined;
  if (unknown) {
    console.error(unknown[lang]);
    return 2;
  }
  const rows = d.staff
    .filter((p) => !unit || p.unit === unit || isLeaderOf(d.unit(unit)!, p.id))
    .map((p) => [p.id, p.name, p.email, p.roles.join(','), p.unit, p.language, p.reminders]);
  const head = lang === 'da' ? ['id', 'navn', 'e-mail', 'roller', 'enhed', 'sprog', 'påmindelser'] : ['id', 'name', 'e-mail', 'roles', 'unit', 'language', 'reminders'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  return 0;
}

function isLeaderOf(u: { teamLeader: string; leaders: Record<string, string> }, staffId: string): boolean {
  return u.teamLeader === staffId || Object.values(u.leaders).includes(staffId);
}

/** The subscription URL of one person's calendar feed (VUGGE_FEED_SECRET and VUGGE_FEED_URL as the web app has them). */
async function feedUrl(staffId: string | undefined, file: string, lang: 'da' | 'en'): Promise<number> {
  if (!staffId) {
    console.error(lang === 'da' ? `Angiv et medarbejder-id, fx 'vugge staff feed-url sr-mette'.` : `Give a staff id, e.g. 'vugge staff feed-url sr-mette'.`);
    return 2;
  }
  const result = await checkStaffFile(file);
  const unknown = result.ok ? unknownStaff({ file, directory: result.directory }, staffId) : undefined;
  if (unknown) {
    console.error(unknown[lang]);
    return 2;
  }
  const url = feedUrlFor(staffId, loadFeedSettings());
  if (!url) {
    console.error(lang === 'da' ? 'Kalenderfeedet er slået fra: sæt VUGGE_FEED_SECRET (mindst 32 tegn) som på webappen.' : 'The calendar feed is off: set VUGGE_FEED_SECRET (at least 32 characters) as on the web app.');
    return 1;
  }
  console.log(url);
  return 0;
}
