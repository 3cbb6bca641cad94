/**
 * `parse(source)`: text → AST plus every lexical and syntax error found in one run.
 * Pure: no I/O, no Node built-ins (it runs in the workflow sandbox and in a browser editor).
 */
import type { IToken } from 'chevrotain';
import type { Loc, ProgrammeNode } from './ast.js';
import { byPosition, rulesError, type RulesError } from '../errors.js';
import { declarationStarts, rulesParser } from './grammar.js';
import { describeSyntaxError } from './syntax-messages.js';
import { declarationPath } from './syntax-path.js';
import { MAX_CONDITION_DEPTH, MAX_SOURCE_CHARS } from './limits.js';
import * as T from './tokens.js';
import { OpenString, rulesLexer } from './tokens.js';

export interface ParseResult {
  ast: ProgrammeNode;
  errors: RulesError[];
}

function locOf(tok: IToken | undefined, last: IToken | undefined): Loc {
  if (tok && Number.isFinite(tok.startLine)) {
    return { line: tok.startLine!, column: tok.startColumn!, endLine: tok.endLine, endColumn: tok.endColumn };
  }
  // End of file: point just after the last real token.
  if (last && Number.isFinite(last.endLine)) return { line: last.endLine!, column: last.endColumn! + 1 };
  return { line: 1, column: 1 };
}

export function parse(source: string): ParseResult {
  // Refused before any work: a file this large is not a programme, and lexing it would take long.
  if (source.length > MAX_SOURCE_CHARS) return { ast: emptyProgramme(), errors: [tooLarge(source)] };
  const lexed = rulesLexer.tokenize(source);
  const errors: RulesError[] = [];

  for (const e of lexed.errors) {
    const bad = source.substr(e.offset, Math.max(1, e.length)).split('\n')[0] ?? '';
    const ch = bad.slice(0, 20);
    errors.push(
      rulesError(
        'syntax.character',
        { line: e.line ?? 1, column: e.column ?? 1, endLine: e.line ?? 1, endColumn: (e.column ?? 1) + Math.max(0, ch.length - 1) },
        `Ukendt tegn '${ch}': brug bogstaver, tal, anførselstegn, komma, kolon, parenteser og # for kommentarer.`,
        `Unknown character '${ch}': use letters, digits, double quotes, comma, colon, parentheses and # for comments.`,
        declarationPath(lexed.tokens, e.offset),
      ),
    );
  }
  for (const t of lexed.tokens) {
    if (t.tokenType === OpenString) {
      errors.push(
        rulesError(
          'syntax.unclosed-string',
          locOf(t, undefined),
          'Teksten mangler et afsluttende anførselstegn (") på samme linje.',
          'The text is missing its closing double quote (") on the same line.',
          declarationPath(lexed.tokens, t.startOffset),
        ),
      );
    }
  }

  const { tokens, errors: nestingErrors } = withoutDeepConditions(lexed.tokens);
  errors.push(...nestingErrors);
  const last = tokens[tokens.length - 1];
  const parser = rulesParser();
  parser.input = tokens;
  const ast = emptyProgramme();
  parser.file(ast);
  let pending = parser.errors;
  // The parser stops at text that starts no declaration; report it, skip to the next declaration
  // keyword and go on, so one run shows the mistakes further down too.
  for (;;) {
    let stoppedAt: number | undefined;
    for (const e of pending) {
      if (e.name === 'NotAllInputParsedException') stoppedAt = tokens.indexOf(e.token);
      const ruleStack = e.context?.ruleStack ?? [];
      const { message } = describeSyntaxError(e.message, ruleStack[ruleStack.length - 1]);
      const code = e.name === 'MismatchedTokenException' ? 'syntax.expected' : 'syntax.unexpected';
      const offset = Number.isFinite(e.token.startOffset) ? e.token.startOffset : (last?.startOffset ?? 0);
      errors.push(rulesError(code, locOf(e.token, last), message.da, message.en, declarationPath(tokens, offset)));
    }
    if (stoppedAt === undefined || stoppedAt < 0) break;
    let next = stoppedAt + 1;
    while (next < tokens.length && !declarationStarts.has(tokens[next]!.tokenType)) next++;
    if (next >= tokens.length) break;
    parser.input = tokens.slice(next);
    parser.rest(ast);
    pending = parser.errors;
  }
  return { ast, errors: dedupe(errors).sort(byPosition) };
}

/** Where the text passes the size limit, and one sentence about it. */
function tooLarge(source: string): RulesError {
  const head = source.slice(0, MAX_SOURCE_CHARS);
  const line = head.split('\n').length;
  const column = MAX_SOURCE_CHARS - head.lastIndexOf('\n');
  const kb = MAX_SOURCE_CHARS / 1024;
  return rulesError('limit.size', { line, column },
    `Filen er for stor (${source.length} tegn): en regelfil må højst have ${MAX_SOURCE_CHARS} tegn (${kb} KB). Del programmet op, eller fjern tekst fra og med her.`,
    `The file is too large (${source.length} characters): a rules file may have at most ${MAX_SOURCE_CHARS} characters (${kb} KB). Split the programme, or remove the text from here on.`,
    // The whole file is refused before it is read: no declaration to point into.
    []);
}

/** The tokens a condition is made of; any other token ends it. */
const conditionTokens = new Set([T.Not, T.LParen, T.RParen, T.Premature, T.Identifier, T.HasHappened, T.HasNotHappened, T.IsDone, T.And, T.Or]);
const atomEnds = new Set([T.Premature, T.HasHappened, T.HasNotHappened, T.IsDone]);

/**
 * The parser descends once per `not` and per parenthesis, so a deeply nested condition would
 * overflow the stack. Each condition deeper than MAX_CONDITION_DEPTH is reported where it gets too
 * deep and left out (with its 'only if') so the rest of the file is still checked.
 */
function withoutDeepConditions(tokens: IToken[]): { tokens: IToken[]; errors: RulesError[] } {
  const errors: RulesError[] = [];
  const drop = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.tokenType !== T.OnlyIf) continue;
    // Nots still waiting for their operand, per open parenthesis level.
    const pending = [0];
    let end = i + 1;
    let tooDeepAt: IToken | undefined;
    for (; end < tokens.length && conditionTokens.has(tokens[end]!.tokenType); end++) {
      if (tooDeepAt) continue; // only find where the condition ends
      const type = tokens[end]!.tokenType;
      if (type === T.Not) pending[pending.length - 1]!++;
      else if (type === T.LParen) pending.push(0);
      else if (type === T.RParen || atomEnds.has(type)) {
        if (type === T.RParen && pending.length > 1) pending.pop();
        pending[pending.length - 1] = 0;
      }
      const depth = pending.length - 1 + pending.reduce((a, b) => a + b, 0);
      if (depth > MAX_CONDITION_DEPTH) tooDeepAt = tokens[end];
    }
    if (tooDeepAt) {
      for (let k = i; k < end; k++) drop.add(k);
      errors.push(rulesError('limit.nesting', locOf(tooDeepAt, undefined),
        `Betingelsen er for dybt indlejret: højst ${MAX_CONDITION_DEPTH} niveauer af 'ikke' og parenteser. Skriv den enklere, fx med 'og'/'eller' uden parenteser.`,
        `The condition is nested too deeply: at most ${MAX_CONDITION_DEPTH} levels of 'not' and parentheses. Write it more simply, e.g. with 'and'/'or' without parentheses.`,
        [...declarationPath(tokens, tooDeepAt.startOffset), 'condition']));
    }
    i = end - 1;
  }
  return { tokens: drop.size > 0 ? tokens.filter((_, k) => !drop.has(k)) : tokens, errors };
}

function emptyProgramme(): ProgrammeNode {
  return { loc: { line: 1, column: 1 }, roles: [], groups: [], events: [], phases: [], steps: [], norms: [], defaultReminders: [] };
}

/** Recovery can report the same spot twice (e.g. a missing token and the re-sync after it). */
function dedupe(errors: RulesError[]): RulesError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.loc.line}:${e.loc.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
