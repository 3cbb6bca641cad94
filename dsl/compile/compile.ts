/**
 * `compile(source)`: rules text → the compiled `Programme` (model.ts), or errors: syntax errors
 * together with what validating the recovered tree can trustworthily add (recovered.ts), else
 * the validation errors. Pure and deterministic: the same text always gives
 * the same model and the same `version` hash.
 */
import { z } from 'zod';
import type { Loc, ProgrammeNode } from '../language/ast.js';
import { byPosition, rulesError, type RulesError } from '../errors.js';
import { canonicalJson, fnv1a64 } from './hash.js';
import { closedDates, type OptionalClosingDay } from './holidays.js';
import { lowerStep } from './lower.js';
import { Programme, type Vocabulary } from './model.js';
import { legacyVocabulary } from './vocabulary.js';
import { parse, type ParseResult } from '../language/parse.js';
import { collectSymbols, expandRoles } from '../validation/symbols.js';
import { trustworthy } from '../validation/recovered.js';
import { validate, validateRecovered } from '../validation/index.js';

export const CompileOptions = z.object({
  /** First year whose holidays go into `calendar.closedDates` (default 2020). */
  fromYear: z.number().int().min(1900).max(2200).default(2020),
  /** Last year (default 2040). */
  toYear: z.number().int().min(1900).max(2200).default(2040),
});
export type CompileOptions = z.input<typeof CompileOptions>;

export type CompileResult = { ok: true; programme: Programme } | { ok: false; errors: RulesError[] };

export function compile(source: string, opts: CompileOptions = {}): CompileResult {
  return compileParsed(parse(source), opts);
}

/** `compile` of a text already parsed, for a caller that reads the tree too (the rules editor parses once a keystroke). */
export function compileParsed(parsed: ParseResult, opts: CompileOptions = {}): CompileResult {
  const options = CompileOptions.safeParse(opts);
  if (!options.success || options.data.fromYear > options.data.toYear) {
    return {
      ok: false,
      errors: [
        rulesError('compile.options', { line: 1, column: 1 },
          'Årsintervallet for helligdage er ugyldigt: fromYear og toYear skal være hele år (1900–2200), fromYear ≤ toYear.',
          'The holiday year range is invalid: fromYear and toYear must be whole years (1900–2200), fromYear ≤ toYear.',
          // The range is a compile option, not a node of the file.
          []),
      ],
    };
  }
  const { ast, errors: syntaxErrors } = parsed;
  if (syntaxErrors.length > 0) {
    // Show what the recovered tree reveals too (unknown names, bad numbers), in the same run.
    const size = syntaxErrors.some((e) => e.code === 'limit.size');
    const more = size ? [] : trustworthy(validateRecovered(ast), syntaxErrors, ast);
    return { ok: false, errors: [...syntaxErrors, ...more].sort(byPosition) };
  }
  const errors = validate(ast);
  if (errors.length > 0) return { ok: false, errors };
  return lowerProgramme(ast, options.data.fromYear, options.data.toYear);
}

function lowerProgramme(ast: ProgrammeNode, fromYear: number, toYear: number): CompileResult {
  const sym = collectSymbols(ast);
  const closingEvent = ast.events.find((e) => e.closesCase)?.id.value;
  const model = {
    version: '',
    id: ast.id!.value,
    title: ast.title?.value ?? ast.id!.value,
    ...(ast.titleEn ? { titleEn: ast.titleEn.value } : {}),
    versionLabel: ast.version!.value,
    timeZone: ast.timeZone?.value ?? 'Europe/Copenhagen',
    calendar: {
      fromYear,
      toYear,
      closedDates: closedDates(fromYear, toYear, (ast.closedDays ?? []).map((d) => d.value as OptionalClosingDay)),
      weekend: [6, 7],
    },
    reminderTime: ast.reminderTime?.value ?? '08:00',
    ...(ast.caseMeetingWeekday ? { caseMeetingWeekday: ast.caseMeetingWeekday.value } : {}),
    roles: ast.roles.map((r) => ({ id: r.id.value, title: r.title?.value ?? r.id.value, ...(r.titleEn ? { titleEn: r.titleEn.value } : {}) })),
    events: ast.events.map((e) => ({ id: e.id.value, title: e.title?.value ?? e.id.value, ...(e.titleEn ? { titleEn: e.titleEn.value } : {}) })),
    phases: [...ast.phases]
      .sort((a, b) => a.number.value - b.number.value)
      .map((p) => ({
        number: p.number.value,
        title: p.title?.value ?? `Fase ${p.number.value}`,
        ...(p.startsAt ? { startsOn: sym.events.has(p.startsAt.value) ? { event: p.startsAt.value } : { step: p.startsAt.value } } : {}),
      })),
    steps: ast.steps.map((s) => lowerStep(s, ast, sym)),
    norms: ast.norms.map((n) => ({
      fromMonths: n.fromMonths.value,
      ...(n.toMonths ? { toMonths: n.toMonths.value } : {}),
      ...(n.minHours ? { minHoursPerWeek: n.minHours.value } : {}),
      ...(n.normHours ? { normHoursPerWeek: n.normHours.value } : {}),
      individual: n.individual,
    })),
    ...(closingEvent ? { closingEvent } : {}),
    vocabulary: vocabulary(ast, sym),
  };
  const parsed = Programme.safeParse(model);
  if (!parsed.success) {
    // Validation should have caught anything the model rejects; say where the model disagrees.
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    return {
      ok: false,
      errors: [
        rulesError('compile.model', locOfModelPath(ast, issue?.path ?? []),
          `Programmet kunne ikke oversættes (${where}: ${issue?.message}). Ret reglen dér.`,
          `The programme could not be compiled (${where}: ${issue?.message}). Fix the rule there.`,
          astPathOfModelPath(model, issue?.path ?? [])),
      ],
    };
  }
  const { version: _unused, ...content } = parsed.data;
  return { ok: true, programme: { ...parsed.data, version: fnv1a64(canonicalJson(content)) } };
}

/**
 * The declared duties, lifecycle marks and visit-norm report; each part a rules file leaves
 * undeclared falls back to the ids the engine assumed before (vocabulary.ts, compatibility).
 */
function vocabulary(ast: ProgrammeNode, sym: ReturnType<typeof collectSymbols>): Vocabulary {
  const legacy = legacyVocabulary({ roles: ast.roles.map((r) => ({ id: r.id.value, title: '' })), events: [] });
  const anyDuty = ast.roles.some((r) => r.duty);
  const withDuty = (duty: string) => ast.roles.filter((r) => r.duty?.value === duty).map((r) => r.id.value);
  const report = ast.normReport;
  return {
    caseworkers: anyDuty ? withDuty('caseworker') : legacy.caseworkers,
    teamLeaders: anyDuty ? withDuty('teamLeader') : legacy.teamLeaders,
    departmentLeaders: anyDuty ? withDuty('departmentLeader') : legacy.departmentLeaders,
    lifecycle: sym.lifecycle,
    // Without `to … for …` the norm reports to the team leader and counts the caseworkers' visits.
    visitNorm: report
      ? { audience: expandRoles(sym, report.to), owners: expandRoles(sym, report.owners) }
      : anyDuty ? { audience: withDuty('teamLeader'), owners: withDuty('caseworker') } : legacy.visitNorm,
  };
}

/** The rule a model path such as steps.3.when.target comes from: the step's line, not the programme's. */
function locOfModelPath(ast: ProgrammeNode, path: PropertyKey[]): Loc {
  const [list, index] = path;
  if (typeof index !== 'number') return ast.loc;
  if (list === 'steps') return ast.steps[index]?.loc ?? ast.loc;
  if (list === 'norms') return ast.norms[index]?.loc ?? ast.loc;
  // Phases are sorted by number in the model.
  if (list === 'phases') return [...ast.phases].sort((a, b) => a.number.value - b.number.value)[index]?.loc ?? ast.loc;
  return ast.loc;
}

/** A model path (['steps', 3, 'owners']) as the AST path people read (['steps', 'teamsamtale', 'owners']). */
function astPathOfModelPath(model: { steps: { id: string }[] }, path: readonly PropertyKey[]): string[] {
  const out = path.map(String);
  if (out[0] === 'steps' && typeof path[1] === 'number') out[1] = model.steps[path[1]]?.id ?? out[1]!;
  return out;
}
