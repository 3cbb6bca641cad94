/**
 * Rules files as an administrator (or the operator) checks them, and as a case is opened or
 * migrated on them: compiled by the real compiler, with its own errors.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Programme } from '../../dsl/compile/model.js';
import { compile } from '../../dsl/compile/compile.js';
import type { RulesError } from '../../dsl/errors.js';
import { formatErrors } from '../../dsl/format-errors.js';
import { requireActing, type Acting } from './access.js';

/** One file checked: unreadable, compiled (its programme), or its errors with the source they point into. */
export type RulesCheck =
  | { file: string; unreadable: true }
  | { file: string; programme: Programme }
  | { file: string; errors: RulesError[]; source: string };

/** Compiles one rules file for someone who may use the rules studio. */
export async function checkRulesFile(acting: Acting, file: string): Promise<RulesCheck> {
  requireActing(acting, 'use_rules_studio');
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    return { file, unreadable: true };
  }
  const result = compile(source);
  return result.ok ? { file, programme: result.programme } : { file, errors: result.errors, source };
}

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
