/**
 * The rules registry's messages and records, shared by the registry workflow, the migration batch
 * and their clients (service layer, CLI, web app, tests). One registry per programme, workflow id
 * `rules-registry/<programmeId>`; its versions are numbered 1, 2, 3 … in the order they were
 * proposed, and a published version never changes again.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { CaseId, StaffId } from '../dsl/contract-core.js';
import { s, type Infer } from '../dsl/schema.js';
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
export const RulesReference = s.object({
  programmeId: s.string().regex(/^[a-z][a-z0-9_-]*$/),
  version: s.number().int().positive(),
  hash: s.string().regex(/^[0-9a-f]{16}$/),
});
export type RulesReference = Infer<typeof RulesReference>;

/** Which running cases a migration moves: every case of the programme, or the ones chosen. */
const MAX_CHOSEN_CASES = 10_000;
export const MigrationCases = s.union([
  s.literal('all'),
  s.array(CaseId)
    .min(1)
    .check((ids) =>
      ids.length > MAX_CHOSEN_CASES
        ? { code: 'migration.too_many_cases', da: `Vælg højst ${MAX_CHOSEN_CASES} sager ad gangen.`, en: `Choose at most ${MAX_CHOSEN_CASES} cases at a time.` }
        : undefined,
    ),
]);
export type MigrationCases = Infer<typeof MigrationCases>;

/** Where a migration was ordered: the web app or the command line (their audit rows say so). */
export const OrderSource = s.union([s.literal('web'), s.literal('cli')]);
export type OrderSource = Infer<typeof OrderSource>;

export interface MigrationRecord {
  batchId: string;
  version: number;
  by: string;
  at: string;
  cases: MigrationCases;
  /** Absent on orders from before it was recorded. */
  source?: OrderSource;
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

/** A length check as the contract words it: «tekst» must have from `min` to `max` characters (spaces around it not counted). */
const lengthBetween = (field: { da: string; en: string }, min: number, max: number) => (value: string) => {
  const length = value.trim().length;
  return length < min || length > max
    ? { code: 'text.length', da: `${field.da} skal være ${min}–${max} tegn.`, en: `${field.en} must be ${min}–${max} characters.` }
    : undefined;
};
const Message = s.string().check(lengthBetween({ da: 'Beskeden', en: 'The message' }, 1, 500));
const Version = s.number().int().positive();

export const Proposal = s.object({ source: s.string().check(lengthBetween({ da: 'Reglerne', en: 'The rules' }, 1, 200_000)), message: Message, by: StaffId });
export type Proposal = Infer<typeof Proposal>;
export const Approval = s.object({ version: Version, by: StaffId });
export type Approval = Infer<typeof Approval>;
export const Rejection = s.object({ version: Version, by: StaffId, reason: Message });
export type Rejection = Infer<typeof Rejection>;
export const MigrationOrder = s.object({ version: Version, by: StaffId, cases: MigrationCases, source: OrderSource.optional() });
export type MigrationOrder = Infer<typeof MigrationOrder>;

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
