/**
 * What the rules editor shows about a draft, from the real compiler: every error at its place in the
 * text (with the did-you-mean word as a fix), the ids the draft declares (for completion), and each
 * step in words (for hover). Pure — the browser's web worker and the server's plain form both call
 * `analyseRules`, so the page says the same with JavaScript as without.
 */
import type { Loc, ProgrammeNode, StepNode } from '../../../dsl/language/ast.js';
import { compileParsed } from '../../../dsl/compile/compile.js';
import { parse } from '../../../dsl/language/parse.js';
import type { RulesError } from '../../../dsl/errors.js';

export type Lang = 'da' | 'en';

export interface Diagnostic {
  /** Offsets into the source: the words the error is about (end exclusive). */
  from: number;
  to: number;
  line: number;
  column: number;
  code: string;
  message: string;
  /** The word that would replace the text from…to (did you mean). */
  suggestion?: string;
}

export interface StepWords {
  id: string;
  title: string;
  kind: StepNode['kind'];
  owners: string[];
  /** The step's dates as written in the rules ("at the latest 4 weeks after screening"). */
  when?: string;
  repeat?: string;
}

export interface RulesSymbols {
  roles: { id: string; title: string }[];
  groups: { id: string; title: string }[];
  events: { id: string; title: string }[];
  steps: StepWords[];
}

export interface Analysis {
  ok: boolean;
  /** The compiled version hash, when the draft compiles. */
  version?: string;
  diagnostics: Diagnostic[];
  /** From the parsed tree, so they are there while the draft has errors too. */
  symbols: RulesSymbols;
}

/** Offsets of the first character of each line. */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** A Loc (1-based, end inclusive) as offsets (end exclusive), kept inside the text. */
export function locRange(source: string, loc: Loc, starts = lineStarts(source)): { from: number; to: number } {
  const at = (line: number, column: number) => Math.min(source.length, (starts[Math.min(Math.max(line, 1), starts.length) - 1] ?? 0) + Math.max(column, 1) - 1);
  const from = at(loc.line, loc.column);
  let to = loc.endColumn !== undefined ? at(loc.endLine ?? loc.line, loc.endColumn) + 1 : from;
  if (to <= from) {
    // No end given: the word that starts here.
    const word = /^[\p{L}\p{N}_]+/u.exec(source.slice(from));
    to = from + Math.max(1, word?.[0].length ?? 1);
  }
  return { from, to: Math.min(to, source.length) };
}

export function diagnosticsOf(source: string, errors: readonly RulesError[], lang: Lang): Diagnostic[] {
  const starts = lineStarts(source);
  return errors.map((e) => ({
    ...locRange(source, e.loc, starts),
    line: e.loc.line,
    column: e.loc.column,
    code: e.code,
    message: e.message[lang],
    ...(e.suggestion ? { suggestion: e.suggestion } : {}),
  }));
}

function slice(source: string, loc: Loc | undefined, starts: number[]): string | undefined {
  if (!loc) return undefined;
  const { from, to } = locRange(source, loc, starts);
  return source.slice(from, to).replace(/\s+/g, ' ').trim() || undefined;
}

function symbolsOf(ast: ProgrammeNode, source: string, lang: Lang): RulesSymbols {
  const starts = lineStarts(source);
  const titled = (n: { id?: { value: string }; title?: { value: string }; titleEn?: { value: string } }) => ({
    id: n.id?.value ?? '',
    title: (lang === 'en' ? n.titleEn?.value : undefined) ?? n.title?.value ?? n.id?.value ?? '',
  });
  const roles = ast.roles.filter((r) => r.id).map(titled);
  const roleTitle = new Map(roles.map((r) => [r.id, r.title]));
  return {
    roles,
    groups: ast.groups.filter((g) => g.id).map(titled),
    events: ast.events.filter((e) => e.id).map(titled),
    steps: ast.steps
      .filter((s) => s.id)
      .map((s) => ({
        ...titled(s),
        kind: s.kind,
        owners: s.owners.map((o) => roleTitle.get(o.value) ?? o.value),
        ...(s.when ? { when: slice(source, s.when.loc, starts) } : {}),
        ...(s.recurrence ? { repeat: slice(source, s.recurrence.loc, starts) } : {}),
      })),
  };
}

/** Compiles the draft and says what the editor shows about it; the text is parsed once, for both. */
export function analyseRules(source: string, lang: Lang): Analysis {
  const parsed = parse(source);
  const result = compileParsed(parsed);
  const { ast } = parsed;
  if (result.ok) return { ok: true, version: result.programme.version, diagnostics: [], symbols: symbolsOf(ast, source, lang) };
  return { ok: false, diagnostics: diagnosticsOf(source, result.errors, lang), symbols: symbolsOf(ast, source, lang) };
}
