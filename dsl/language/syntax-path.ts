/**
 * The path of a syntax error: the declaration it stands in, found from the tokens (a declaration
 * the parser could not finish has no AST node to ask). Text before the first declaration stands in
 * no declaration, and its path is `[]`; so is an error about the file as a whole (its size).
 */
import type { IToken, TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** The AST field each declaration keyword fills; steps, roles, groups, events and phases add their id. */
const fieldOf = new Map<TokenType, string>([
  [T.Programme, 'programme'], [T.Version, 'version'], [T.TimeZone, 'timeZone'], [T.ClosedOn, 'closedDays'],
  [T.RemindersAt, 'reminderTime'], [T.CaseMeetingsOn, 'caseMeetingWeekday'], [T.VisitNorm, 'norms'], [T.Default, 'defaults'],
  [T.Role, 'roles'], [T.Group, 'groups'], [T.Event, 'events'], [T.Phase, 'phases'],
  [T.Task, 'steps'], [T.Meeting, 'steps'], [T.Visit, 'steps'], [T.Questionnaire, 'steps'],
]);
const named = new Set(['roles', 'groups', 'events', 'phases', 'steps']);

/**
 * `['steps', 'teamsamtale']` for an error at `offset` inside that step's lines. An error at the
 * keyword of the next declaration (a missing title, say) belongs to the declaration it cut short.
 */
export function declarationPath(tokens: readonly IToken[], offset: number): string[] {
  let start = -1;
  for (let i = 0; i < tokens.length && tokens[i]!.startOffset < offset; i++) if (fieldOf.has(tokens[i]!.tokenType)) start = i;
  if (start < 0) return [];
  const field = fieldOf.get(tokens[start]!.tokenType)!;
  const id = tokens[start + 1];
  const idOk = id && (id.tokenType === T.Identifier || id.tokenType === T.Integer) && id.startOffset < offset;
  return named.has(field) && idOk ? [field, id.image] : [field];
}
