/** A rules file compiled for a case to run on: the compiler's own report when it does not compile. */
import { readFileSync } from 'node:fs';
import type { Programme } from '../../dsl/compile/model.js';
import { compile } from '../../dsl/compile/compile.js';
import { formatErrors } from '../../dsl/format-errors.js';

/** The file cannot be read or does not compile; the message is the sentence or the compiler's report. */
export class RulesFileError extends Error {
  override name = 'RulesFileError';
}

export function loadProgrammeFile(file: string): Programme {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new RulesFileError(`Kan ikke læse reglerne '${file}'; tjek stien. / Cannot read the rules file '${file}'.`);
  }
  const result = compile(source);
  if (!result.ok) throw new RulesFileError(formatErrors(result.errors, source, { file, lang: 'da' }));
  return result.programme;
}
