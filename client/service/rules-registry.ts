/**
 * The rules registry for the service layer: one registry workflow per programme, started on first
 * use with the bundled `rules/<programme>.rules` as version 1. Only administrators (access.ts
 * `use_rules_studio`) propose, approve, reject and migrate; the person recorded is the signed-in
 * one (web) or the operator's `--by` (CLI), and the registry checks them against the directory
 * again. Every decision is in the registry's history; with a database, also in the audit log.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { compile } from '../../dsl/compile/compile.js';
import type { Programme } from '../../dsl/compile/model.js';
import { appendAudit, type AuditEntry } from '../../activities/db/audit.js';
import type { Database } from '../../activities/db/index.js';
import {
  approveRulesUpdate,
  casesNotOnVersion,
  currentVersionQuery,
  migrateCasesUpdate,
  migrationsQuery,
  proposeRulesUpdate,
  registryId,
  rejectRulesUpdate,
  versionQuery,
  versionsQuery,
  type MigrationCases,
  type MigrationRecord,
  type RulesVersion,
  type VersionSummary,
} from '../../workflows/rules-registry-messages.js';
import type { rulesRegistryWorkflow } from '../../workflows/rules-registry.js';
import { migrationProgressQuery, type MigrationProgress } from '../../workflows/migration-batch.js';
import type { ProgrammeSource } from './new-case.js';
import { isOperator, requireActing, type Acting, type Actor, type Operator } from './access.js';

/** A signed-in administrator, or the operator naming who acts (`--by`, checked against the directory). */
export type RulesActing = Actor | (Operator & { by: string });

export interface CurrentVersion {
  version: number;
  source: string;
  hash: string;
  model: Programme;
}

/**
 * The registry's current published programmes for *Ny sag*: read from a copy that `refresh` renews
 * (opening a case refreshes first, so a case opens on what is published at that moment).
 */
export function publishedProgrammeSource(registry: RegistryService, initial: readonly Programme[]): ProgrammeSource {
  let programmes = initial;
  return {
    list: () => programmes,
    async refresh() {
      programmes = await registry.publishedProgrammes();
    },
  };
}

export interface ProgrammeOverview {
  id: string;
  title: string;
  current?: VersionSummary;
  pending: VersionSummary[];
}

/** Programme id → the bundled rules text it starts with, from the rules folder. */
export function bundledSources(dir = new URL('../../rules', import.meta.url).pathname): Map<string, string> {
  const sources = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules')).sort()) {
    const source = readFileSync(join(dir, file), 'utf8');
    const result = compile(source);
    if (result.ok) sources.set(result.programme.id, source);
  }
  return sources;
}

/** The programme is not one of the bundled ones, so it has no registry. */
export class UnknownProgramme extends Error {
  override name = 'UnknownProgramme';
  constructor(readonly programmeId: string) {
    super(`Programmet '${programmeId}' findes ikke. / The programme '${programmeId}' does not exist.`);
  }
}

export interface RegistryServiceOptions {
  client: Client;
  taskQueue: string;
  /** Default: the bundled rules folder. */
  bundled?: Map<string, string>;
  /** Where audit rows go, when Vugge's database is at hand. */
  database?: Database;
  source?: AuditEntry['source'];
}

export type RegistryService = ReturnType<typeof createRegistryService>;

export function createRegistryService(options: RegistryServiceOptions) {
  const { client, taskQueue } = options;
  const bundled = options.bundled ?? bundledSources();
  const started = new Set<string>();

  /** The programme's registry, started with its bundled rules when it is not running yet. */
  async function registry(programmeId: string): Promise<WorkflowHandle<typeof rulesRegistryWorkflow>> {
    const bundledSource = bundled.get(programmeId);
    if (bundledSource === undefined) throw new UnknownProgramme(programmeId);
    const handle = client.workflow.getHandle<typeof rulesRegistryWorkflow>(registryId(programmeId));
    if (started.has(programmeId)) return handle;
    try {
      await client.workflow.start('rulesRegistryWorkflow', { workflowId: registryId(programmeId), taskQueue, args: [{ programmeId, bundledSource }], workflowIdConflictPolicy: 'USE_EXISTING' });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    // A registry just started compiles its first version before it answers with one.
    for (let i = 0; i < 100 && !(await handle.query(currentVersionQuery)); i++) await new Promise((r) => setTimeout(r, 100));
    started.add(programmeId);
    return handle;
  }

  function byOf(acting: RulesActing): string {
    requireActing(acting, 'use_rules_studio');
    return isOperator(acting) ? acting.by : acting.staffId;
  }

  async function audit(by: string, action: string, details: AuditEntry['details']): Promise<void> {
    if (!options.database) return;
    await appendAudit(options.database, { actor: by, action, source: options.source ?? 'web', details });
  }

  async function currentVersion(programmeId: string): Promise<CurrentVersion> {
    const v = await (await registry(programmeId)).query(currentVersionQuery);
    if (!v?.compiled.ok) throw new UnknownProgramme(programmeId);
    return { version: v.version, source: v.source, hash: v.compiled.hash, model: v.compiled.programme };
  }

  return {
    programmeIds: (): string[] => [...bundled.keys()],
    currentVersion,

    /** The current published model of every programme (what new cases open on). */
    async publishedProgrammes(): Promise<Programme[]> {
      return Promise.all([...bundled.keys()].map(async (id) => (await currentVersion(id)).model));
    },

    async overview(acting: Acting): Promise<ProgrammeOverview[]> {
      requireActing(acting, 'use_rules_studio');
      return Promise.all(
        [...bundled.keys()].map(async (id) => {
          const handle = await registry(id);
          const [versions, current] = await Promise.all([handle.query(versionsQuery), handle.query(currentVersionQuery)]);
          return {
            id,
            title: current?.compiled.ok ? current.compiled.programme.title : id,
            current: versions.find((v) => v.version === current?.version),
            pending: versions.filter((v) => v.status === 'pending'),
          };
        }),
      );
    },

    async versions(acting: Acting, programmeId: string): Promise<VersionSummary[]> {
      requireActing(acting, 'use_rules_studio');
      return (await registry(programmeId)).query(versionsQuery);
    },

    async version(acting: Acting, programmeId: string, version: number): Promise<{ version?: RulesVersion; current?: RulesVersion; migrations: MigrationRecord[] }> {
      requireActing(acting, 'use_rules_studio');
      const handle = await registry(programmeId);
      const [v, current, migrations] = await Promise.all([handle.query(versionQuery, version), handle.query(currentVersionQuery), handle.query(migrationsQuery)]);
      return { version: v, current, migrations };
    },

    async propose(acting: RulesActing, programmeId: string, proposal: { source: string; message: string }): Promise<VersionSummary> {
      const by = byOf(acting);
      const result = await (await registry(programmeId)).executeUpdate(proposeRulesUpdate, { args: [{ ...proposal, by }] });
      await audit(by, 'rules.propose', { programme: programmeId, version: result.version, ...(result.hash ? { hash: result.hash } : {}) });
      return result;
    },

    async approve(acting: RulesActing, programmeId: string, version: number): Promise<VersionSummary> {
      const by = byOf(acting);
      const result = await (await registry(programmeId)).executeUpdate(approveRulesUpdate, { args: [{ version, by }] });
      await audit(by, 'rules.approve', { programme: programmeId, version, hash: result.hash ?? null });
      return result;
    },

    async reject(acting: RulesActing, programmeId: string, version: number, reason: string): Promise<VersionSummary> {
      const by = byOf(acting);
      const result = await (await registry(programmeId)).executeUpdate(rejectRulesUpdate, { args: [{ version, by, reason }] });
      await audit(by, 'rules.reject', { programme: programmeId, version });
      return result;
    },

    /** Starts a durable batch moving the cases (every running case, or the chosen ones) to the current version. */
    async migrate(acting: RulesActing, programmeId: string, version: number, cases: MigrationCases): Promise<MigrationRecord> {
      const by = byOf(acting);
      const record = await (await registry(programmeId)).executeUpdate(migrateCasesUpdate, { args: [{ version, by, cases }] });
      await audit(by, 'rules.migrate', { programme: programmeId, version, batch: record.batchId, cases: cases === 'all' ? 'all' : cases.slice(0, 50) });
      return record;
    },

    async migrationProgress(acting: Acting, batchId: string): Promise<MigrationProgress> {
      requireActing(acting, 'use_rules_studio');
      return client.workflow.getHandle(batchId).query(migrationProgressQuery);
    },

    /** The running cases of the programme not on the version, to choose from. */
    async runningCases(acting: Acting, programmeId: string, hash: string): Promise<string[]> {
      requireActing(acting, 'use_rules_studio');
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: casesNotOnVersion(programmeId, hash) })) ids.push(wf.workflowId);
      return ids.sort();
    },
  };
}
