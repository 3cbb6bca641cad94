/**
 * The rules registry for operators: `vugge rules publish | approve | reject | versions | migrate |
 * migration`. They act with the operator's own authority as the person given with `--by` (or
 * VUGGE_STAFF_ID), who must be an administrator of the staff directory; the registry checks again.
 */
import { readFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { compile } from '../../dsl/compile/compile.js';
import { CaseId, sentence } from '../../dsl/contract.js';
import { ADMINISTRATOR_ROLE } from '../../activities/staff/schema.js';
import { openVuggeDatabase } from '../../activities/db/index.js';
import { OPERATOR } from '../service/access.js';
import { createAuditTrail } from '../service/audit.js';
import { createRegistryService, UnknownProgramme, type RegistryService } from '../service/rules-registry.js';
import { failureSentence } from '../service/temporal-client.js';
import type { VersionSummary } from '../../workflows/rules-registry-messages.js';
import { loadCliDirectory, registeredBy } from './directory.js';
import { parseOptions, UsageError, type Send } from './options.js';
import { checkThenSend } from './send.js';

const registryUsage = 'Brug / usage: vugge rules --help';

/** The operator acting as an administrator of the directory. */
async function administrator(by: string | undefined): Promise<{ operator: true; by: string }> {
  const directory = await loadCliDirectory();
  const id = registeredBy(directory, by);
  if (!directory.directory.person(id)?.roles.includes(ADMINISTRATOR_ROLE)) {
    throw new UsageError(`${id} er ikke administrator i ${directory.file}; kun administratorer ændrer reglerne. / ${id} is not an administrator.`);
  }
  return { ...OPERATOR, by: id };
}

function positiveVersion(text: string | undefined): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n < 1) throw new UsageError(`Versionen skal være et helt tal fra 1, fx 2 (fik '${text ?? ''}'). / The version must be a whole number from 1.`);
  return n;
}

/**
 * Runs `step` against the registry; a refusal or an unknown programme is a sentence and exit 1. A
 * step that changes the rules is written to the audit log first (Vugge's database, source `cli`).
 */
async function registryStep(vugge: { client: Client; config: { taskQueue: string } }, step: (registry: RegistryService) => Promise<number>, options: { changes?: boolean } = {}): Promise<number> {
  const db = options.changes ? await openVuggeDatabase() : undefined;
  try {
    return await step(createRegistryService({ client: vugge.client, taskQueue: vugge.config.taskQueue, ...(db ? { audit: createAuditTrail(db, 'cli') } : {}) }));
  } catch (err) {
    if (err instanceof UnknownProgramme) throw new UsageError(err.message);
    console.error(failureSentence(err));
    return 1;
  } finally {
    await db?.close();
  }
}

const line = (v: VersionSummary) =>
  [`${v.version}`, v.status === 'published' ? 'udgivet' : v.status === 'pending' ? 'forslag' : 'afvist', v.hash ?? `${v.errors} fejl`, v.author, v.approver ?? v.rejectedBy ?? '', v.publishedAt ?? v.rejectedAt ?? v.proposedAt, v.message].join('\t');

async function preparePublish(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { message: { type: 'string' }, by: { type: 'string' } }, registryUsage);
  const file = positionals[0];
  if (!file) throw new UsageError('Angiv regelfilen, fx: vugge rules publish rules/spaedbarnsindsatsen.rules --message "…". / Give the rules file.');
  if (!values.message?.trim()) throw new UsageError('Skriv hvad der er ændret med --message. / Say what changed with --message.');
  const source = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`Kan ikke læse reglerne '${file}'; tjek stien. / Cannot read the rules file '${file}'.`);
  });
  const compiled = compile(source);
  if (!compiled.ok) throw new UsageError(`${file} kompilerer ikke; ret fejlene (vugge rules check ${file}) før du foreslår den. / ${file} does not compile.`);
  const acting = await administrator(values.by);
  return (vugge) =>
    registryStep(vugge, async (registry) => {
      const v = await registry.propose(acting, compiled.programme.id, { source, message: values.message! });
      console.log(`Version ${v.version} af ${compiled.programme.id} er foreslået (${v.hash}); en anden administrator godkender med: vugge rules approve ${compiled.programme.id} ${v.version}`);
      return 0;
    }, { changes: true });
}

async function prepareDecision(args: string[], decision: 'approve' | 'reject'): Promise<Send> {
  const { values, positionals } = parseOptions(args, { reason: { type: 'string' }, by: { type: 'string' } }, registryUsage);
  const [programmeId, versionText] = positionals;
  if (!programmeId) throw new UsageError(`Angiv program og version, fx: vugge rules ${decision} spaedbarnsindsatsen 2. / Give the programme and version.`);
  const version = positiveVersion(versionText);
  if (decision === 'reject' && !values.reason?.trim()) throw new UsageError('Skriv hvorfor med --reason. / Say why with --reason.');
  const acting = await administrator(values.by);
  return (vugge) =>
    registryStep(vugge, async (registry) => {
      if (decision === 'approve') {
        const v = await registry.approve(acting, programmeId, version);
        console.log(`Version ${v.version} af ${programmeId} er udgivet (${v.hash}); nye sager oprettes på den.`);
      } else {
        await registry.reject(acting, programmeId, version, values.reason!);
        console.log(`Version ${version} af ${programmeId} er afvist.`);
      }
      return 0;
    }, { changes: true });
}

async function prepareVersions(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, registryUsage);
  const programmeId = positionals[0];
  if (!programmeId) throw new UsageError('Angiv programmet, fx: vugge rules versions spaedbarnsindsatsen. / Give the programme.');
  return (vugge) =>
    registryStep(vugge, async (registry) => {
      const versions = await registry.versions(OPERATOR, programmeId);
      if (values.json) console.log(JSON.stringify(versions, null, 2));
      else console.log(['version\tstatus\thash\tforeslået af\tbesluttet af\ttid\tbesked', ...versions.map(line)].join('\n'));
      return 0;
    });
}

async function prepareMigrateBatch(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { all: { type: 'boolean' }, cases: { type: 'string' }, by: { type: 'string' } }, registryUsage);
  const [programmeId, versionText] = positionals;
  if (!programmeId) throw new UsageError('Angiv program og version, fx: vugge rules migrate spaedbarnsindsatsen 2 --all. / Give the programme and version.');
  const version = positiveVersion(versionText);
  if (Boolean(values.all) === Boolean(values.cases)) throw new UsageError('Angiv enten --all eller --cases SAG,SAG… / Give either --all or --cases CASE,CASE…');
  const cases = values.all ? ('all' as const) : values.cases!.split(',').map((c) => c.trim()).filter(Boolean);
  if (cases !== 'all') {
    for (const c of cases) {
      const parsed = CaseId.safeParse(c);
      if (!parsed.success) throw new UsageError(`--cases: ${sentence({ code: 'case.id', da: `'${c}' er ikke et sags-id`, en: `'${c}' is not a case id` })}`);
    }
  }
  const acting = await administrator(values.by);
  return (vugge) =>
    registryStep(vugge, async (registry) => {
      const record = await registry.migrate(acting, programmeId, version, cases);
      console.log(`Flytningen ${record.batchId} er startet; følg den med: vugge rules migration ${record.batchId}`);
      return 0;
    }, { changes: true });
}

async function prepareProgress(args: string[]): Promise<Send> {
  const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, registryUsage);
  const batchId = positionals[0];
  if (!batchId?.startsWith('rules-migration/')) throw new UsageError('Angiv kørslen, fx: vugge rules migration rules-migration/spaedbarnsindsatsen/1. / Give the batch id.');
  return (vugge) =>
    registryStep(vugge, async (registry) => {
      const p = await registry.migrationProgress(OPERATOR, batchId);
      if (values.json) {
        console.log(JSON.stringify(p, null, 2));
        return 0;
      }
      const failed = p.results.filter((r) => 'failed' in r);
      console.log(`${batchId}: ${p.results.length - failed.length} flyttet, ${failed.length} fejlet, ${p.remaining?.length ?? '?'} tilbage${p.finishedAt ? ' — færdig' : ''}.`);
      for (const r of p.results) {
        console.log('failed' in r ? `  ${r.caseId}: ${r.failed}` : `  ${r.caseId}: ${r.moved.from.slice(0, 12)} → ${r.moved.to.slice(0, 12)}, ${r.changes.moved} trin flyttet, ${r.changes.added} nye, ${r.changes.dropped} bortfaldet, ${r.changes.newlyOverdue} bliver forsinket`);
      }
      return 0;
    });
}

const commands: Record<string, (args: string[]) => Promise<Send>> = {
  publish: preparePublish,
  approve: (args) => prepareDecision(args, 'approve'),
  reject: (args) => prepareDecision(args, 'reject'),
  versions: prepareVersions,
  migrate: prepareMigrateBatch,
  migration: prepareProgress,
};

export function runRegistry(sub: string, args: string[]): Promise<number> {
  return checkThenSend(() => commands[sub]!(args));
}
