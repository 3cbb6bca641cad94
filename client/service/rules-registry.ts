/**
 * The rules registry for the service layer: one registry workflow per programme, started on first
 * use with the bundled `rules/<programme>.rules` as version 1. Only administrators (access.ts
 * `use_rules_studio`) propose, approve, reject and migrate; the person recorded is the signed-in
 * one (web) or the operator's `--by` (CLI), and the registry checks them against the directory
 * again. Every decision is in the registry's history; with a database, also in the audit log.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { compile } from '../../dsl/compile/compile.js';
import type { Programme } from '../../dsl/compile/model.js';
import { audited, noAuditTrail, type AuditTrail } from './audit.js';
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

/** What an audit row says of a proposed text: the start of its sha256, an id without the text itself. */
export function sourceDigest(source: string): string {
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
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
  /**
   * The audit log of the face calling (web or CLI): every proposal, decision and migration order is
   * written there before the registry is asked. Default: nothing written (tests of other things).
   */
  audit?: AuditTrail;
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

  const trail = options.audit ?? noAuditTrail;

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
      const handle = await registry(programmeId);
      // A browser posts a textarea's lines with CRLF, a file may have them too: one kind of line end, so the diff shows only what changed.
      const source = proposal.source.replace(/\r\n?/g, '\n');
      // The registry numbers the version; the row names the text proposed by its digest.
      return audited(trail, { actor: by, action: 'rules.propose', details: { programme: programmeId, sourceDigest: sourceDigest(source) } }, () =>
        handle.executeUpdate(proposeRulesUpdate, { args: [{ ...proposal, source, by }] }),
      );
    },

    async approve(acting: RulesActing, programmeId: string, version: number): Promise<VersionSummary> {
      const by = byOf(acting);
      const handle = await registry(programmeId);
      return audited(trail, { actor: by, action: 'rules.approve', details: { programme: programmeId, version } }, () => handle.executeUpdate(approveRulesUpdate, { args: [{ version, by }] }));
    },

    async reject(acting: RulesActing, programmeId: string, version: number, reason: string): Promise<VersionSummary> {
      const by = byOf(acting);
      const handle = await registry(programmeId);
      return audited(trail, { actor: by, action: 'rules.reject', details: { programme: programmeId, version } }, () => handle.executeUpdate(rejectRulesUpdate, { args: [{ version, by, reason }] }));
    },

    /** Starts a durable batch moving the cases (every running case, or the chosen ones) to the current version. */
    async migrate(acting: RulesActing, programmeId: string, version: number, cases: MigrationCases): Promise<MigrationRecord> {
      const by = byOf(acting);
      const handle = await registry(programmeId);
      // Each case the batch moves gets its own row (activities/rules-registry.ts), with this source.
      const source = trail.source;
      return audited(trail, { actor: by, action: 'rules.migrate', details: { programme: programmeId, version, cases: cases === 'all' ? 'all' : cases.slice(0, 50) } }, () =>
        handle.executeUpdate(migrateCasesUpdate, { args: [{ version, by, cases, ...(source ? { source } : {}) }] }),
      );
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
