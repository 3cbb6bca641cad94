/**
 * Renders rules errors for people: `file:line:col  error  message`, then a code frame with the line
 * before, the line itself and a caret under the offending words.
 *
 *   rules/spaedbarnsindsatsen.rules:42:11  fejl  Ukendt rolle 'sundhedplejerske' — mente du 'sundhedsplejerske'?
 *     41 |   step teamsamtale "Teamsamtale"
 *   > 42 |     owner sundhedplejerske
 *        |           ^^^^^^^^^^^^^^^^
 */
import type { RulesError } from './errors.js';

export interface FormatOptions {
  /** Shown before line:column (default 'rules'). */
  file?: string;
  /** Message language (default 'da'). */
  lang?: 'da' | 'en';
}

export function codeFrame(source: string, loc: RulesError['loc']): string {
  const lines = source.split(/\r?\n/);
  const lineNo = Math.min(Math.max(1, loc.line), Math.max(1, lines.length));
  const width = String(lineNo).length;
  const gutter = (n: number | '') => String(n).padStart(width, ' ');
  const out: string[] = [];
  if (lineNo > 1) out.push(`  ${gutter(lineNo - 1)} | ${lines[lineNo - 2] ?? ''}`);
  const text = lines[lineNo - 1] ?? '';
  out.push(`> ${gutter(lineNo)} | ${text}`);
  const start = Math.max(1, loc.column);
  const sameLine = loc.endLine === undefined || loc.endLine === loc.line;
  const end = sameLine && loc.endColumn !== undefined ? Math.max(start, loc.endColumn) : Math.max(start, text.length);
  const carets = '^'.repeat(Math.max(1, Math.min(end, Math.max(start, text.length)) - start + 1));
  // Tabs stay tabs so the caret lines up under the same characters.
  const pad = text.slice(0, start - 1).replace(/[^\t]/g, ' ');
  out.push(`  ${gutter('')} | ${pad}${carets}`);
  return out.join('\n');
}

export function formatError(error: RulesError, source: string, opts: FormatOptions = {}): string {
  const lang = opts.lang ?? 'da';
  const label = lang === 'da' ? 'fejl' : 'error';
  const head = `${opts.file ?? 'rules'}:${error.loc.line}:${error.loc.column}  ${label}  ${error.message[lang]}`;
  return `${head}\n${codeFrame(source, error.loc)}`;
}

export function formatErrors(errors: RulesError[], source: string, opts: FormatOptions = {}): string {
  return errors.map((e) => formatError(e, source, opts)).join('\n\n');
}
