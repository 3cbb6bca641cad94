/**
 * A rules error is data: a stable code, the message in Danish and English, and where it is.
 * Printing (code frames, colours, language) is `format-errors.ts`'s job.
 */
import type { Loc } from './language/ast.js';

export interface Message {
  da: string;
  en: string;
}

export interface RulesError {
  code: string;
  message: Message;
  loc: Loc;
  /**
   * Where in the programme: the AST path to the offending node, e.g. ['steps', 'teamsamtale',
   * 'owners']. Empty only where no node exists: text before the first declaration, a file refused
   * for its size, compile options that are not in the file.
   */
  path: string[];
  /** The did-you-mean word that would replace the words at `loc`, when there is one (the editor's one-click fix). */
  suggestion?: string;
}

export function rulesError(code: string, loc: Loc, da: string, en: string, path: string[], suggestion?: string): RulesError {
  return suggestion === undefined ? { code, message: { da, en }, loc, path } : { code, message: { da, en }, loc, path, suggestion };
}

/** Errors ordered as they appear in the file, so people can fix them top to bottom. */
export function byPosition(a: RulesError, b: RulesError): number {
  return a.loc.line - b.loc.line || a.loc.column - b.loc.column;
}
