/**
 * The rules registry's messages and records, shared by the registry workflow, the migration batch
 * and their clients (service layer, CLI, web app, tests). One registry per programme, workflow id
 * `rules-registry/<programmeId>`; its versions are numbered 1, 2, 3 … in the order they were
 * proposed, and a published version never changes again.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { CaseId, StaffId } from '../dsl/contract.js';
import type { Programme } from '../dsl/compile/model.js';
import type { RulesError } from '../dsl/errors.js';

export const REGISTRY_PREFIX = 'rules-registry/';
export const registryId = (programmeId: string): string => `${REGISTRY_PREFIX}${programmeId}`;
export const migrationBatchId = (programmeId: string, n: number): string => `rules-migration/${programmeId}/${n}`;

/** The visibility query for a programme's running cases not yet on the version with this hash. */
export function casesNotOnVersion(programmeId: string, hash: string): string {
  return `VuggeProgramme = '${programmeId}' AND VuggeRulesVersion != '${hash}' AND ExecutionStatus = 'Running'`;
}

/** Who stands behind the bundled rules a registry starts with. */
export const SYSTEM_AUTHOR = 'system';

/** The compiler's answer for a proposal, recorded in history by the activity that compiled it. */
export type CompiledRules = { ok: true; hash: string; programme: Programme } | { ok: false; errors: RulesError[] };

export type VersionStatus = 'pending' | 'published' | 'rejected';

export interface RulesVersion {
  version: number;
  source: string;
  message: string;
  author: string;
  proposedAt: string;
  status: VersionStatus;
  compiled: CompiledRules;
  approver?: string;
  publishedAt?: string;
  rejectedBy?: string;
  rejectedAt?: string;
  reason?: string;
}

/** What a case is told about the version it is moved to, and checks with the registry. */
export const RulesReference = z.strictObject({
  programmeId: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  version: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});
export type RulesReference = z.infer<typeof RulesReference>;

/** Which running cases a migration moves: every case of the programme, or the ones chosen. */
export const MigrationCases = z.union([z.literal('all'), z.array(CaseId).min(1).max(10_000)]);
export type MigrationCases = z.infer<typeof MigrationCases>;

export interface MigrationRecord {
  batchId: string;
  version: number;
  by: string;
  at: string;
  cases: MigrationCases;
}

export interface RegistryState {
  programmeId: string;
  versions: RulesVersion[];
  /** The version cases open on: the one published last. */
  current?: number;
  migrations: MigrationRecord[];
}

export interface RegistryOptions {
  /** Continue as new past this many history events (default 2,000). */
  maxHistoryEvents?: number;
}

export type RegistryInput = ({ programmeId: string; bundledSource: string } | { continued: RegistryState }) & RegistryOptions;

const Message = z.string().trim().min(1).max(500);

export const Proposal = z.strictObject({ source: z.string().min(1).max(200_000), message: Message, by: StaffId });
export type Proposal = z.infer<typeof Proposal>;
export const Approval = z.strictObject({ version: z.number().int().positive(), by: StaffId });
export type Approval = z.infer<typeof Approval>;
export const Rejection = z.strictObject({ version: z.number().int().positive(), by: StaffId, reason: Message });
export type Rejection = z.infer<typeof Rejection>;
export const MigrationOrder = z.strictObject({ version: z.number().int().positive(), by: StaffId, cases: MigrationCases });
export type MigrationOrder = z.infer<typeof MigrationOrder>;

/** A version without its source and model: what lists show. */
export type VersionSummary = Omit<RulesVersion, 'source' | 'compiled'> & { hash?: string; errors: number };

export const proposeRulesUpdate = defineUpdate<VersionSummary, [Proposal]>('proposeRules');
export const approveRulesUpdate = defineUpdate<VersionSummary, [Approval]>('approveRules');
export const rejectRulesUpdate = defineUpdate<VersionSummary, [Rejection]>('rejectRules');
/** Starts a migration batch of the current version (a child workflow that outlives the registry run). */
export const migrateCasesUpdate = defineUpdate<MigrationRecord, [MigrationOrder]>('migrateCases');

export const versionsQuery = defineQuery<VersionSummary[]>('versions');
/** One version with its source and compiled model. */
export const versionQuery = defineQuery<RulesVersion | undefined, [number]>('version');
export const currentVersionQuery = defineQuery<RulesVersion | undefined>('currentVersion');
/** Whether `version` is published with this model hash: what a case asks before it moves. */
export const publishedQuery = defineQuery<boolean, [{ version: number; hash: string }]>('published');
export const migrationsQuery = defineQuery<MigrationRecord[]>('migrations');

export function summaryOf(v: RulesVersion): VersionSummary {
  const { source: _source, compiled, ...rest } = v;
  return { ...rest, ...(compiled.ok ? { hash: compiled.hash } : {}), errors: compiled.ok ? 0 : compiled.errors.length };
}
