/**
 * `parse(source)`: text → AST plus every lexical and syntax error found in one run.
 * Pure: no I/O, no Node built-ins (it runs in the workflow sandbox and in a browser editor).
 */
import type { IToken } from 'chevrotain';
import type { Loc, ProgrammeNode } from './ast.js';
import { byPosition, rulesError, type RulesError } from './errors.js';
import { declarationStarts, rulesParser } from './parser.js';
import { describeSyntaxError } from './syntax-messages.js';
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
        ),
      );
    }
  }

  const tokens = lexed.tokens;
  const last = tokens[tokens.length - 1];
  rulesParser.input = tokens;
  const ast = rulesParser.file() ?? emptyProgramme();
  let pending = rulesParser.errors;
  // The parser stops at text that starts no declaration; report it, skip to the next declaration
  // keyword and go on, so one run shows the mistakes further down too.
  for (;;) {
    let stoppedAt: number | undefined;
    for (const e of pending) {
      if (e.name === 'NotAllInputParsedException') stoppedAt = tokens.indexOf(e.token);
      const ruleStack = e.context?.ruleStack ?? [];
      const { message } = describeSyntaxError(e.message, ruleStack[ruleStack.length - 1]);
      const code = e.name === 'MismatchedTokenException' ? 'syntax.expected' : 'syntax.unexpected';
      errors.push(rulesError(code, locOf(e.token, last), message.da, message.en));
    }
    if (stoppedAt === undefined || stoppedAt < 0) break;
    let next = stoppedAt + 1;
    while (next < tokens.length && !declarationStarts.has(tokens[next]!.tokenType)) next++;
    if (next >= tokens.length) break;
    rulesParser.input = tokens.slice(next);
    rulesParser.rest(ast);
    pending = rulesParser.errors;
  }
  return { ast, errors: dedupe(errors).sort(byPosition) };
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
