/**
 * `vugge rules preview FILE --facts FACTS.json` prints one case's whole timeline under a rules file;
 * `vugge rules diff OLD NEW --facts FACTS.json` prints what changes for that case between two
 * versions of the rules. Both plan "as of" a day (default: now), Danish first (`--lang en`).
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { firstProblem, Instant } from '../../dsl/contract.js';
import { CaseFacts } from '../../dsl/facts.js';
import { formatErrors } from '../../dsl/format-errors.js';
import type { Programme } from '../../dsl/compile/model.js';
import { isEmptyDiff, type PlanDiff } from '../../dsl/plan/index.js';
import { reasonLabels, statusLabels, type Lang } from '../../dsl/plan/index.js';
import type { Occurrence, Plan } from '../../dsl/plan/index.js';
import { OPERATOR } from '../service/access.js';
import { checkRulesFile } from '../service/rules-file.js';
import { diffRules, previewRules } from '../service/rules-preview.js';
import { clip, count, numberDa, showDate, table } from './format.js';
import { option, optionSentence, UsageError } from './options.js';

interface Options {
  files: string[];
  facts?: string;
  asOf?: string;
  json: boolean;
  lang: Lang;
}

const t = (lang: Lang, da: string, en: string) => (lang === 'en' ? en : da);


function parseArgs(args: string[]): Options {
  const opts: Options = { files: [], json: false, lang: 'da' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`Tilvalget ${a} mangler en værdi. / Option ${a} needs a value.`);
      return v;
    };
    if (a === '--facts') opts.facts = value();
    else if (a === '--as-of') opts.asOf = value();
    else if (a === '--json') opts.json = true;
    else if (a === '--lang') {
      const lang = value();
      if (lang !== 'da' && lang !== 'en') throw new UsageError(`--lang skal være 'da' eller 'en', ikke '${lang}'. / --lang must be 'da' or 'en'.`);
      opts.lang = lang;
    } else if (a.startsWith('--')) throw new UsageError(`Ukendt tilvalg '${a}'. / Unknown option '${a}'.`);
    else opts.files.push(a);
  }
  return opts;
}

/**
 * --as-of takes a day (planned as of noon, Copenhagen time) or an instant with its zone, both
 * checked by the shared contract (so 2026-06-31 is refused, not read as 1 July).
 */
function asOfInstant(asOf: string | undefined): string {
  if (!asOf) return new Date().toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf) || !asOf.includes('T')) {
    const day = option.date('--as-of', asOf)!;
    return DateTime.fromISO(day, { zone: 'Europe/Copenhagen' }).set({ hour: 12 }).toUTC().toISO()!;
  }
  const parsed = Instant.safeParse(asOf);
  if (!parsed.success) throw new UsageError(optionSentence('--as-of', firstProblem(parsed.error)));
  return DateTime.fromISO(parsed.data, { zone: 'utc' }).toISO()!;
}

function readText(file: string, lang: Lang): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(t(lang, `Kan ikke læse filen '${file}'; tjek stien.`, `Cannot read the file '${file}'; check the path.`), 1);
  }
}

async function loadProgramme(file: string, lang: Lang): Promise<Programme | undefined> {
  const checked = await checkRulesFile(OPERATOR, file);
  if ('unreadable' in checked) throw new UsageError(t(lang, `Kan ikke læse filen '${file}'; tjek stien.`, `Cannot read the file '${file}'; check the path.`), 1);
  if ('programme' in checked) return checked.programme;
  console.error(formatErrors(checked.errors, checked.source, { file, lang }));
  return undefined;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') || '(roden)';
}

/** The facts file through zod: one sentence naming the first bad field. */
function loadFacts(file: string | undefined, lang: Lang): CaseFacts {
  if (!file) throw new UsageError(t(lang, 'Angiv sagens fakta med --facts FAKTA.json (se docs/facts.md).', 'Give the case facts with --facts FACTS.json (see docs/facts.md).'));
  let raw: unknown;
  try {
    raw = JSON.parse(readText(file, lang));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(t(lang, `${file} er ikke gyldig JSON (${(err as Error).message}); ret filen.`, `${file} is not valid JSON (${(err as Error).message}); fix the file.`), 1);
  }
  const parsed = CaseFacts.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UsageError(
    t(lang, `${file}: feltet ${issuePath(issue.path)} er ugyldigt (${issue.message}); ret det efter docs/facts.md.`, `${file}: field ${issuePath(issue.path)} is invalid (${issue.message}); fix it as docs/facts.md describes.`),
    1,
  );
}

/** Facts that name a step or event the programme does not have are kept but pointed out. */
function warnUnknownIds(programme: Programme, facts: CaseFacts, lang: Lang): void {
  const steps = new Set(programme.steps.flatMap((s) => [s.id, ...(s.preconditions ?? []).map((p) => `${s.id}__${p.id}`)]));
  const events = new Set(programme.events.map((e) => e.id));
  facts.facts.forEach((f, i) => {
    const unknown = 'step' in f && !steps.has(f.step) ? `step '${f.step}'` : f.kind === 'event' && !events.has(f.event) ? `event '${f.event}'` : undefined;
    if (unknown) console.error(t(lang, `Advarsel: facts[${i}] nævner ${unknown}, som ${programme.id} ikke kender; den tæller ikke med.`, `Warning: facts[${i}] names ${unknown}, unknown to ${programme.id}; it is ignored.`));
  });
}


function statusText(o: Occurrence, lang: Lang): string {
  const label = statusLabels[lang][o.status];
  if (o.status === 'done' && o.doneOn) return `${label} ${showDate(o.doneOn, lang)}`;
  if (o.reason) return `${label} (${reasonLabels[lang][o.reason] ?? o.reason})`;
  return label;
}

function printTimeline(programme: Programme, facts: CaseFacts, p: Plan, now: string, lang: Lang): void {
  const day = DateTime.fromISO(now).setZone(programme.timeZone).toISODate()!;
  console.log(`${lang === 'en' ? (programme.titleEn ?? programme.title) : programme.title} (${programme.versionLabel}) — ${t(lang, 'sag', 'case')} ${facts.caseId}, ${t(lang, 'pr.', 'as of')} ${showDate(day, lang)}`);
  const state = [p.paused ? t(lang, 'i bero', 'paused') : '', p.closed ? t(lang, 'afsluttet', 'closed') : ''].filter(Boolean).join(', ');
  const phase = programme.phases.find((ph) => ph.number === p.phase);
  console.log(`${t(lang, 'Fase', 'Phase')} ${p.phase}${phase ? ` ${phase.title}` : ''}${state ? ` (${state})` : ''}\n`);
  const head = lang === 'en' ? ['phase', 'step', 'no.', 'earliest', 'target', 'latest', 'owner', 'status'] : ['fase', 'trin', 'nr.', 'tidligst', 'mål', 'senest', 'ansvarlig', 'status'];
  // English titles where the rules give them (`english "…"`); otherwise the Danish title.
  const englishTitles = new Map(programme.steps.map((s) => [s.id, s.titleEn]));
  const title = (o: Occurrence) => (lang === 'en' ? englishTitles.get(o.stepId) : undefined) ?? o.title;
  const rows = p.occurrences.map((o) => [
    String(o.phase),
    `${clip(title(o), 34)} [${o.stepId}]`,
    String(o.occurrence),
    showDate(o.earliest, lang),
    `${showDate(o.target, lang)}${o.time ? ` ${o.time}` : ''}${o.target !== o.nominal && !o.planned ? '*' : ''}`,
    showDate(o.latest, lang),
    o.owners.join(', '),
    statusText(o, lang),
  ]);
  console.log(table([head, ...rows]));
  console.log(t(lang, '\n* flyttet fra en weekend, helligdag eller pause.', '\n* moved off a weekend, holiday or pause.'));
  for (const s of p.visitShortfalls) {
    console.log(t(lang, `Besøgsnorm: uge ${showDate(s.weekStart, lang)}–${showDate(s.weekEnd, lang)} ${numberDa(s.loggedHours)} af mindst ${count(s.requiredHours, 'time', 'timer')}.`, `Visit norm: week ${s.weekStart}–${s.weekEnd} ${s.loggedHours} of at least ${s.requiredHours} hours.`));
  }
  for (const w of p.planHorizon) {
    const until = w.plannedUntil ? showDate(w.plannedUntil, lang) : t(lang, 'intet', 'nothing');
    console.log(t(lang, `Planlægning: ${w.stepId} er planlagt til ${until}, men skal være planlagt til ${showDate(w.requiredUntil, lang)}.`, `Planning: ${w.stepId} is planned until ${until} but must be planned until ${w.requiredUntil}.`));
  }
}

function occurrenceJson(o: Occurrence) {
  return { ...o, timeZone: 'Europe/Copenhagen' };
}

/** vugge rules preview FILE --facts FACTS.json [--as-of DATE] [--json] [--lang en] */
export async function preview(args: string[]): Promise<number> {
  return guard(args, async (opts) => {
    if (opts.files.length !== 1) throw new UsageError(t(opts.lang, 'Brug: vugge rules preview FIL --facts FAKTA.json [--as-of DATO] [--json] [--lang en]', 'Usage: vugge rules preview FILE --facts FACTS.json [--as-of DATE] [--json] [--lang en]'));
    const facts = loadFacts(opts.facts, opts.lang);
    const programme = await loadProgramme(opts.files[0]!, opts.lang);
    if (!programme) return 1;
    warnUnknownIds(programme, facts, opts.lang);
    const now = asOfInstant(opts.asOf);
    const p = previewRules(OPERATOR, programme, facts, now);
    if (opts.json) console.log(JSON.stringify(p.occurrences.map(occurrenceJson), null, 2));
    else printTimeline(programme, facts, p, now, opts.lang);
    return 0;
  });
}

/** vugge rules diff OLD NEW --facts FACTS.json [--as-of DATE] [--json] [--lang en] */
export async function diff(args: string[]): Promise<number> {
  return guard(args, async (opts) => {
    if (opts.files.length !== 2) throw new UsageError(t(opts.lang, 'Brug: vugge rules diff GAMMEL NY --facts FAKTA.json [--as-of DATO] [--json]', 'Usage: vugge rules diff OLD NEW --facts FACTS.json [--as-of DATE] [--json]'));
    const facts = loadFacts(opts.facts, opts.lang);
    const before = await loadProgramme(opts.files[0]!, opts.lang);
    const after = await loadProgramme(opts.files[1]!, opts.lang);
    if (!before || !after) return 1;
    const now = asOfInstant(opts.asOf);
    const d = diffRules(OPERATOR, before, after, facts, now);
    if (opts.json) console.log(JSON.stringify(d, null, 2));
    else printDiff(d, facts.caseId, opts.lang);
    return 0;
  });
}

function printDiff(d: PlanDiff, caseId: string, lang: Lang): void {
  if (isEmptyDiff(d)) {
    console.log(t(lang, `Ingen ændringer for sag ${caseId}.`, `No changes for case ${caseId}.`));
    return;
  }
  const ref = (stepId: string, n: number) => `${stepId} #${n}`;
  if (d.phase) console.log(t(lang, `Fase: ${d.phase.from} → ${d.phase.to}`, `Phase: ${d.phase.from} → ${d.phase.to}`));
  for (const m of d.moved) {
    const parts = (['earliest', 'target', 'latest'] as const)
      .filter((k) => m.from[k] !== m.to[k])
      .map((k) => `${t(lang, { earliest: 'tidligst', target: 'mål', latest: 'senest' }[k], k)} ${showDate(m.from[k], lang)} → ${showDate(m.to[k], lang)}`);
    console.log(`${t(lang, 'Flyttet', 'Moved')}: ${ref(m.stepId, m.occurrence)}  ${parts.join(', ')}`);
  }
  for (const o of d.added) console.log(`${t(lang, 'Ny', 'New')}: ${ref(o.stepId, o.occurrence)}  ${t(lang, 'mål', 'target')} ${showDate(o.target, lang)}  ${statusLabels[lang][o.status]}`);
  for (const o of d.dropped) console.log(`${t(lang, 'Bortfaldet', 'Dropped')}: ${ref(o.stepId, o.occurrence)}  ${t(lang, 'mål', 'target')} ${showDate(o.target, lang)}`);
  for (const s of d.statusChanged) {
    const flag = s.to === 'overdue' ? t(lang, '  ← nu forsinket', '  ← now overdue') : '';
    console.log(`${t(lang, 'Status', 'Status')}: ${ref(s.stepId, s.occurrence)}  ${statusLabels[lang][s.from]} → ${statusLabels[lang][s.to]}${flag}`);
  }
  if (d.newlyOverdue.length > 0) console.log(t(lang, `\n${count(d.newlyOverdue.length, 'forekomst', 'forekomster')} bliver forsinket med de nye regler.`, `\n${d.newlyOverdue.length} occurrence(s) become overdue under the new rules.`));
}

async function guard(args: string[], body: (opts: Options) => Promise<number>): Promise<number> {
  try {
    return await body(parseArgs(args));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return err.exitCode;
    }
    throw err;
  }
}

/** The module can also run as its own group: `preview …` or `diff …`. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'preview') return preview(rest);
  if (sub === 'diff') return diff(rest);
  console.error('Brug / usage: vugge rules preview FIL --facts FAKTA.json | vugge rules diff GAMMEL NY --facts FAKTA.json');
  return 2;
}
