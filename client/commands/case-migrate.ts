/**
 * `vugge case migrate CASE|--all --to FILE.rules [--dry-run]` — moves running cases to a new
 * compiled version of their programme. The dry run asks each case for its facts and plans both
 * versions here, so nothing changes until the person has seen what would move.
 */
import type { Client } from '@temporalio/client';
import { diffPlans, isEmptyDiff, type PlanDiff } from '../../dsl/plan/index.js';
import type { Programme } from '../../dsl/compile/model.js';
import { plan } from '../../dsl/plan/index.js';
import { migrateUpdate, programmeQuery, snapshotQuery } from '../../workflows/case-messages.js';
import { failureSentence } from '../temporal-client.js';
import { loadCliDirectory } from '../directory.js';
import { parseOptions, UsageError } from '../options.js';
import { loadProgrammeFile, registeredBy, type Send } from './case.js';
import { showDate } from '../format.js';

const USAGE = 'Brug / usage: vugge case migrate SAG|--all --to FIL.rules [--dry-run] [--by MEDARBEJDER]';

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

async function casesToMove(client: Client, caseId: string | undefined, all: boolean, programmeId: string, version: string): Promise<string[]> {
  if (caseId && !all) return [caseId];
  const ids: string[] = [];
  const query = `VuggeProgramme = '${programmeId}' AND VuggeRulesVersion != '${version}' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

/** Checks the command line and compiles the new rules; the returned step moves the cases. */
export async function prepareMigrate(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { to: { type: 'string' }, all: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, by: { type: 'string' } }, USAGE);
  if (!values.to) throw new UsageError('Angiv den nye regelversion med --to FIL.rules. / Give the new rules with --to FILE.rules.');
  if (!positionals[0] && !values.all) throw new UsageError('Angiv en sag eller --all. / Give a case id or --all.');
  if (positionals[0] && values.all) throw new UsageError('Angiv enten en sag eller --all, ikke begge. / Give a case id or --all, not both.');
  const next = loadProgrammeFile(values.to);
  const dryRun = Boolean(values['dry-run']);
  const by = dryRun ? '' : registeredBy(await loadCliDirectory(), values.by);
  return ({ client }) => migrate(client, { caseId: positionals[0], all: Boolean(values.all), next, dryRun, by });
}

async function migrate(client: Client, { caseId: only, all, next, dryRun, by }: { caseId?: string; all: boolean; next: Programme; dryRun: boolean; by: string }): Promise<number> {
  const ids = await casesToMove(client, only, all, next.id, next.version);
  if (!ids.length) {
    console.log(`Ingen kørende sager på ${next.id} mangler version ${next.version.slice(0, 12)}.`);
    return 0;
  }
  const now = new Date().toISOString();
  let failures = 0;
  for (const [i, caseId] of ids.entries()) {
    const prefix = `[${i + 1}/${ids.length}] ${caseId}`;
    const handle = client.workflow.getHandle(caseId);
    try {
      if (dryRun) {
        const [snapshot, current] = await Promise.all([handle.query(snapshotQuery), handle.query(programmeQuery)]);
        if (current.id !== next.id) throw new Error(`sagen kører på '${current.id}', ikke '${next.id}' / the case runs '${current.id}'`);
        const d = diffPlans(plan(current, snapshot.facts, now), plan(next, snapshot.facts, now));
        console.log(`${prefix}: ${isEmptyDiff(d) ? 'ingen ændringer' : 'ville ændre:'}`);
        for (const line of describeDiff(d)) console.log(line);
      } else {
        const moved = await handle.executeUpdate(migrateUpdate, { args: [{ programme: next, by }] });
        console.log(`${prefix}: flyttet fra version ${moved.from.slice(0, 12)} til ${moved.to.slice(0, 12)}.`);
      }
    } catch (err) {
      failures++;
      console.error(`${prefix}: ${failureSentence(err, undefined, caseId)}`);
    }
  }
  if (dryRun) console.log('\nTørkørsel: intet er ændret. Kør uden --dry-run for at flytte sagerne.');
  return failures ? 1 : 0;
}
