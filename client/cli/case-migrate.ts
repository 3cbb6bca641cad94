/**
 * `vugge case migrate CASE|--all --to FILE.rules [--dry-run]` — moves running cases to a new
 * compiled version of their programme (client/service/migrate.ts), printing each case as it goes.
 */
import type { Programme } from '../../dsl/compile/model.js';
import { isEmptyDiff, type PlanDiff } from '../../dsl/plan/index.js';
import { OPERATOR } from '../service/access.js';
import { migrateCases, type MigrateOutcome } from '../service/migrate.js';
import { loadProgrammeFile, RulesFileError } from '../service/rules-file.js';
import { loadCliDirectory, registeredBy } from './directory.js';
import { showDate } from './format.js';
import { parseOptions, UsageError, type Send } from './options.js';

const USAGE = 'Brug / usage: vugge case migrate SAG|--all --to FIL.rules [--dry-run] [--by MEDARBEJDER]';

/** A rules file given on the command line, compiled; a file that does not compile is a usage error. */
export function programmeFile(file: string): Programme {
  try {
    return loadProgrammeFile(file);
  } catch (err) {
    if (err instanceof RulesFileError) throw new UsageError(err.message);
    throw err;
  }
}

function describeDiff(d: PlanDiff): string[] {
  const lines: string[] = [];
  if (d.phase) lines.push(`  fase ${d.phase.from} → ${d.phase.to}`);
  for (const m of d.moved) {
    const parts = (['target', 'latest'] as const).filter((k) => m.from[k] !== m.to[k]).map((k) => `${k === 'target' ? 'dato' : 'senest'} ${showDate(m.from[k])} → ${showDate(m.to[k])}`);
    if (parts.length) lines.push(`  flyttes: ${m.stepId} nr. ${m.occurrence}: ${parts.join(', ')}`);
  }
  for (const o of d.added) lines.push(`  nyt trin: ${o.stepId} nr. ${o.occurrence}, dato ${showDate(o.target)}`);
  for (const o of d.dropped) lines.push(`  bortfalder: ${o.stepId} nr. ${o.occurrence} (dato ${showDate(o.target)})`);
  for (const s of d.newlyOverdue) lines.push(`  bliver forsinket: ${s.stepId} nr. ${s.occurrence}`);
  return lines;
}

function printOutcome(outcome: MigrateOutcome, index: number, total: number): void {
  const prefix = `[${index + 1}/${total}] ${outcome.caseId}`;
  if ('failure' in outcome) {
    console.error(`${prefix}: ${outcome.failure}`);
  } else if ('diff' in outcome) {
    console.log(`${prefix}: ${isEmptyDiff(outcome.diff) ? 'ingen ændringer' : 'ville ændre:'}`);
    for (const line of describeDiff(outcome.diff)) console.log(line);
  } else {
    console.log(`${prefix}: flyttet fra version ${outcome.moved.from.slice(0, 12)} til ${outcome.moved.to.slice(0, 12)}.`);
  }
}

/** Checks the command line and compiles the new rules; the returned step moves the cases. */
export async function prepareMigrate(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { to: { type: 'string' }, all: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, by: { type: 'string' } }, USAGE);
  if (!values.to) throw new UsageError('Angiv den nye regelversion med --to FIL.rules. / Give the new rules with --to FILE.rules.');
  if (!positionals[0] && !values.all) throw new UsageError('Angiv en sag eller --all. / Give a case id or --all.');
  if (positionals[0] && values.all) throw new UsageError('Angiv enten en sag eller --all, ikke begge. / Give a case id or --all, not both.');
  const next = programmeFile(values.to);
  const dryRun = Boolean(values['dry-run']);
  const by = dryRun ? '' : registeredBy(await loadCliDirectory(), values.by);
  return async ({ client }) => {
    const outcomes = await migrateCases(OPERATOR, client, { caseId: positionals[0], next, dryRun, by }, printOutcome);
    if (!outcomes.length) {
      console.log(`Ingen kørende sager på ${next.id} mangler version ${next.version.slice(0, 12)}.`);
      return 0;
    }
    if (dryRun) console.log('\nTørkørsel: intet er ændret. Kør uden --dry-run for at flytte sagerne.');
    return outcomes.some((o) => 'failure' in o) ? 1 : 0;
  };
}
