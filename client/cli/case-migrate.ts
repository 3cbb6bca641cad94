/**
 * `vugge case migrate CASE|--all --to PROGRAMME [--version N] [--dry-run]` — moves running cases to a
 * published version of their programme (client/service/migrate.ts), printing each case as it goes.
 * A rules file (`--to FILE.rules`) is for the dry run only: what it would change, not a move.
 */
import type { Client } from '@temporalio/client';
import type { Programme } from '../../dsl/compile/model.js';
import type { RulesReference } from '../../workflows/rules-registry-messages.js';
import { createRegistryService, UnknownProgramme } from '../service/rules-registry.js';
import { isEmptyDiff, type PlanDiff } from '../../dsl/plan/index.js';
import { OPERATOR } from '../service/access.js';
import { migrateCases, type MigrateOutcome } from '../service/migrate.js';
import { loadProgrammeFile, RulesFileError } from '../service/rules-file.js';
import { loadCliDirectory, registeredBy } from './directory.js';
import { showDate } from './format.js';
import { parseOptions, UsageError, type Send } from './options.js';

const USAGE = 'Brug / usage: vugge case migrate SAG|--all --to PROGRAM [--version N] [--dry-run] [--by ADMINISTRATOR] (--to FIL.rules kun med --dry-run)';

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

/** A version from the registry (default the current one), with the reference the case checks. */
async function publishedVersion(client: Client, taskQueue: string, programmeId: string, version: number | undefined): Promise<{ next: Programme; reference: RulesReference }> {
  const registry = createRegistryService({ client, taskQueue });
  try {
    const chosen = version === undefined ? await registry.currentVersion(programmeId) : (await registry.version(OPERATOR, programmeId, version)).version;
    const compiled = chosen && 'compiled' in chosen ? chosen.compiled : chosen && { ok: true as const, programme: chosen.model, hash: chosen.hash };
    if (!chosen || !compiled?.ok || ('status' in chosen && chosen.status !== 'published')) {
      throw new UsageError(`Version ${version} af '${programmeId}' er ikke udgivet; se vugge rules versions ${programmeId}. / Version ${version} is not published.`);
    }
    return { next: compiled.programme, reference: { programmeId, version: chosen.version, hash: compiled.hash } };
  } catch (err) {
    if (err instanceof UnknownProgramme) throw new UsageError(err.message);
    throw err;
  }
}

/** Checks the command line; the returned step finds the published version and moves the cases. */
export async function prepareMigrate(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { to: { type: 'string' }, version: { type: 'string' }, all: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, by: { type: 'string' } }, USAGE);
  if (!values.to) throw new UsageError('Angiv programmet med --to PROGRAM, fx --to spaedbarnsindsatsen. / Give the programme with --to PROGRAMME.');
  if (!positionals[0] && !values.all) throw new UsageError('Angiv en sag eller --all. / Give a case id or --all.');
  if (positionals[0] && values.all) throw new UsageError('Angiv enten en sag eller --all, ikke begge. / Give a case id or --all, not both.');
  const dryRun = Boolean(values['dry-run']);
  const file = values.to.endsWith('.rules') ? programmeFile(values.to) : undefined;
  if (file && !dryRun) throw new UsageError('Sager flyttes kun til udgivne versioner: foreslå filen med vugge rules publish, eller brug --dry-run for at se virkningen. / Cases move only to published versions.');
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw new UsageError(`--version skal være et helt tal fra 1 (fik '${values.version}'). / --version must be a whole number from 1.`);
  const by = dryRun ? '' : registeredBy(await loadCliDirectory(), values.by);
  return async ({ client, config }) => {
    const { next, reference } = file ? { next: file, reference: { programmeId: file.id, version: 1, hash: file.version } } : await publishedVersion(client, config.taskQueue, values.to!, version);
    const outcomes = await migrateCases(OPERATOR, client, { caseId: positionals[0], next, reference, dryRun, by }, printOutcome);
    if (!outcomes.length) {
      console.log(`Ingen kørende sager på ${next.id} mangler version ${next.version.slice(0, 12)}.`);
      return 0;
    }
    if (dryRun) console.log('\nTørkørsel: intet er ændret. Kør uden --dry-run for at flytte sagerne.');
    return outcomes.some((o) => 'failure' in o) ? 1 : 0;
  };
}
