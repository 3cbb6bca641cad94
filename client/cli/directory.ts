/**
 * The staff directory as the command line checks against it: the file the worker reads
 * (VUGGE_STAFF_FILE). A staff id, unit or municipality the directory does not know is an error with
 * a suggestion, so a typo never reads as an empty list or reaches a case.
 */
import { loadMailConfig } from '../../activities/mail/config.js';
import { checkStaffFile } from '../../activities/staff/load.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import { didYouMean } from '../../dsl/did-you-mean.js';
import { sentence, type Message } from '../../dsl/contract.js';
import { optionSentence, UsageError } from './options.js';

export interface CliDirectory {
  file: string;
  directory: StaffDirectory;
}

/** The worker's staff directory, or a UsageError (exit 1) saying why it cannot be used. */
export async function loadCliDirectory(file = loadMailConfig().staffFile): Promise<CliDirectory> {
  const result = await checkStaffFile(file);
  if (result.ok) return { file, directory: result.directory };
  const unreadable = result.problems.some((p) => p.code === 'unreadable');
  throw new UsageError(
    unreadable
      ? `Medarbejderkartoteket '${file}' kan ikke læses; sæt VUGGE_STAFF_FILE til den fil, workeren bruger. / The staff directory '${file}' cannot be read; set VUGGE_STAFF_FILE to the worker's file.`
      : `Medarbejderkartoteket '${file}' har fejl; kør 'vugge staff check ${file}'. / The staff directory '${file}' has problems; run 'vugge staff check ${file}'.`,
    1,
  );
}

function guess(word: string, byWord: Map<string, string>): string | undefined {
  return byWord.get(word.toLowerCase()) ?? byWord.get(didYouMean(word.toLowerCase(), byWord.keys()) ?? '');
}

/** Why `id` is not a person in the directory (with the closest id or first name), or undefined. */
export function unknownStaff({ file, directory }: CliDirectory, id: string): Message | undefined {
  if (directory.person(id)) return undefined;
  const byWord = new Map<string, string>();
  for (const p of directory.staff) byWord.set(p.id, p.id).set(p.name.toLowerCase(), p.id);
  const best = guess(id, byWord);
  return {
    code: 'staff.unknown',
    da: best ? `Medarbejder-id '${id}' findes ikke i ${file} — mente du '${best}'?` : `Medarbejder-id '${id}' findes ikke i ${file}; se 'vugge staff list'.`,
    en: best ? `Staff id '${id}' is not in ${file} — did you mean '${best}'?` : `Staff id '${id}' is not in ${file}; see 'vugge staff list'.`,
  };
}

/** Why `id` is not a unit of the directory, or undefined. */
export function unknownUnit({ directory }: CliDirectory, id: string): Message | undefined {
  if (directory.unit(id)) return undefined;
  const known = directory.units.map((u) => u.id);
  const best = didYouMean(id, known);
  return {
    code: 'unit.unknown',
    da: best ? `Enheden '${id}' findes ikke — mente du '${best}'?` : `Enheden '${id}' findes ikke; brug en af: ${known.join(', ')}.`,
    en: best ? `Unit '${id}' does not exist — did you mean '${best}'?` : `Unit '${id}' does not exist; use one of: ${known.join(', ')}.`,
  };
}

/** Why `code` is not the municipality of any unit in the directory, or undefined. */
export function unknownMunicipality({ directory }: CliDirectory, code: string): Message | undefined {
  const known = [...new Set(directory.units.map((u) => u.municipality))];
  if (known.includes(code)) return undefined;
  const best = didYouMean(code, known);
  return {
    code: 'municipality.unknown',
    da: best ? `Kommunen '${code}' har ingen enhed i kartoteket — mente du '${best}'?` : `Kommunen '${code}' har ingen enhed i kartoteket; brug en af: ${known.join(', ')}.`,
    en: best ? `Municipality '${code}' has no unit in the directory — did you mean '${best}'?` : `Municipality '${code}' has no unit in the directory; use one of: ${known.join(', ')}.`,
  };
}

/** Throws the first problem as a UsageError (exit 2); `option` names where the value came from. */
export function requireKnown(problem: Message | undefined, option?: string): void {
  if (problem) throw new UsageError(option ? optionSentence(option, problem) : sentence(problem));
}

export function staffId(by: string | undefined): string {
  const id = by ?? process.env.VUGGE_STAFF_ID;
  if (!id) throw new UsageError('Angiv hvem du er med --by MEDARBEJDER-ID eller VUGGE_STAFF_ID. / Say who you are with --by STAFF-ID or VUGGE_STAFF_ID.');
  return id;
}

/** Who registers: --by or VUGGE_STAFF_ID, a person in the staff directory. */
export function registeredBy(directory: CliDirectory, by: string | undefined): string {
  const id = staffId(by);
  requireKnown(unknownStaff(directory, id), by === undefined ? 'VUGGE_STAFF_ID' : '--by');
  return id;
}
