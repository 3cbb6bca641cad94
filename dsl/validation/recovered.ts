/**
 * Which validation errors of a file that also has syntax errors are worth showing. The parser
 * recovers, so the syntax tree still holds what was written around a mistake; validating it shows
 * unknown names and bad numbers in the same run. What recovery left incomplete or invented (a
 * missing owner, an inserted empty id) would only be noise, so only errors about words that were
 * really written, in a declaration the parser read, survive.
 */
import type { Loc, ProgrammeNode } from '../language/ast.js';
import type { RulesError } from '../errors.js';

/** Errors about something written (a name, a number, a value), never about something missing. */
const aboutWrittenText = new Set([
  'ref.unknown-role', 'ref.unknown-event', 'ref.unknown-step', 'ref.unknown-phase', 'escalation.unknown-role',
  'id.format', 'id.duplicate', 'event.two-closing', 'header.time-zone', 'header.closing-day', 'header.reminder-time',
  'number.range', 'recurrence.zero-step', 'step.duration',
]);

/** About the whole file's header: only trusted when the header itself parsed. */
const aboutHeader = new Set(['header.missing-programme', 'header.missing-version']);

const compare = (a: Loc, b: Loc) => a.line - b.line || a.column - b.column;

function declarationStarts(ast: ProgrammeNode): Loc[] {
  const body = [
    ...ast.roles, ...ast.groups, ...ast.events, ...ast.phases, ...ast.steps, ...ast.norms, ...ast.defaultReminders,
    ...(ast.defaultEscalation ? [ast.defaultEscalation] : []),
  ].map((d) => d.loc);
  const header = [ast.id ? ast.loc : undefined, ast.version?.loc, ast.timeZone?.loc, ast.reminderTime?.loc, ast.caseMeetingWeekday?.loc, ast.closedDays?.[0]?.loc];
  return [...body, ...header.filter((l): l is Loc => !!l)].sort(compare);
}

/** Index of the declaration that `loc` falls in; `strict`: a position at a declaration's start belongs to the one before. */
function owner(starts: Loc[], loc: Loc, strict: boolean): number {
  let found = -1;
  for (let i = 0; i < starts.length; i++) {
    const c = compare(starts[i]!, loc);
    if (c < 0 || (c === 0 && !strict)) found = i;
    else break;
  }
  return found;
}

/**
 * The validation errors to show next to `syntaxErrors`: outside damaged declarations, everything
 * but header completeness (unless the header parsed); inside them, only errors about written text
 * at a real position that is not itself a syntax error's.
 */
export function trustworthy(validationErrors: RulesError[], syntaxErrors: RulesError[], ast: ProgrammeNode): RulesError[] {
  const starts = declarationStarts(ast);
  // A missing token is reported at the next word, often the next declaration's first: it belongs to the one before.
  const damaged = new Set(syntaxErrors.map((e) => owner(starts, e.loc, true)));
  const firstBody = [...ast.roles, ...ast.groups, ...ast.events, ...ast.phases, ...ast.steps].map((d) => d.loc).sort(compare)[0];
  const headerDamaged = syntaxErrors.some((e) => !firstBody || compare(e.loc, firstBody) <= 0);
  const syntaxAt = new Set(syntaxErrors.map((e) => `${e.loc.line}:${e.loc.column}`));
  return validationErrors.filter((e) => {
    if (e.loc.line < 1) return false; // about a word recovery inserted
    if (aboutHeader.has(e.code)) return !headerDamaged;
    const at = owner(starts, e.loc, false);
    if (!damaged.has(at)) return true;
    return aboutWrittenText.has(e.code) && at >= 0 && !syntaxAt.has(`${e.loc.line}:${e.loc.column}`);
  });
}
