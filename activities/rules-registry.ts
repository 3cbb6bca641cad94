/**
 * What the rules registry, the migration batch and a migrating case ask of the world: the compiler
 * (an activity, so a proposal's model is recorded in history and a later compiler cannot change a
 * published version on replay), the staff directory (is this person an administrator?), the
 * registry itself (is this version published with this hash?) and the cases to move. The Temporal
 * client is the worker's own, from the activity context.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { compile } from '../dsl/compile/compile.js';
import type { Programme } from '../dsl/compile/model.js';
import { messageOf, sentence } from '../dsl/contract.js';
import { diffPlans, plan } from '../dsl/plan/index.js';
import { ADMINISTRATOR_ROLE, type StaffDirectory } from './staff/schema.js';
import { loadStaffDirectory } from './staff/load.js';
import { migrateUpdate, programmeQuery, snapshotQuery } from '../workflows/case-messages.js';
import { casesNotOnVersion, publishedQuery, registryId, type CompiledRules, type OrderSource, type RulesReference } from '../workflows/rules-registry-messages.js';
import { appendAuditIn, type AuditEntry } from './db/audit.js';
import type { Database } from './db/driver.js';

export interface MigrationCheck {
  administrator: boolean;
  published: boolean;
}

/** What became of one case in a migration batch. */
export type CaseMigration =
  | { caseId: string; moved: { from: string; to: string }; changes: { moved: number; added: number; dropped: number; newlyOverdue: number } }
  | { caseId: string; failed: string };

export interface MigrateCaseInput {
  batchId: string;
  caseId: string;
  programme: Programme;
  reference: RulesReference;
  by: string;
  /** Where the migration was ordered (web or CLI); absent on batches from before it was recorded. */
  source?: OrderSource;
}

export interface RegistryDeps {
  /** The staff directory, asked each time (default: VUGGE_STAFF_FILE, else the example directory). */
  directory?: () => Promise<StaffDirectory>;
  /** The Temporal client; default the worker's, from the activity context. */
  client?: () => Client;
  /** Vugge's database: each case a batch moves (or fails to) gets an audit row. Without it, none. */
  database?: Database;
}

/**
 * Appends the row unless the batch already wrote one for the case: a migrateCase retried after a
 * crash answers again but is recorded once. The chain head is locked first, as appendCaseEvents does.
 */
async function auditOnce(db: Database, entry: AuditEntry & { caseId: string; details: { batch: string } }): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT last_id FROM audit_head FOR UPDATE');
    const [present] = await tx.query(`SELECT 1 FROM audit_log WHERE case_id = $1 AND action = $2 AND details->>'batch' = $3`, [entry.caseId, entry.action, entry.details.batch]);
    if (!present) await appendAuditIn(tx, entry);
  });
}

const ownClient = (): Client => Context.current().client;

export function createRegistryActivities(deps: RegistryDeps = {}) {
  let loaded: Promise<StaffDirectory> | undefined;
  const directory = deps.directory ?? (() => (loaded ??= loadStaffDirectory(process.env.VUGGE_STAFF_FILE || 'config/staff.example.yaml')));
  const client = deps.client ?? ownClient;

  async function staffIsAdministrator(staffId: string): Promise<boolean> {
    return (await directory()).person(staffId)?.roles.includes(ADMINISTRATOR_ROLE) ?? false;
  }

  return {
    async compileRules(source: string): Promise<CompiledRules> {
      const result = compile(source);
      return result.ok ? { ok: true, hash: result.programme.version, programme: result.programme } : { ok: false, errors: result.errors };
    },

    staffIsAdministrator,

    /** Asks the programme's registry whether the version is published with the hash, and the directory about `by`. */
    async checkMigration(input: RulesReference & { by: string }): Promise<MigrationCheck> {
      const handle = client().workflow.getHandle(registryId(input.programmeId));
      const [administrator, published] = await Promise.all([
        staffIsAdministrator(input.by),
        handle.query(publishedQuery, { version: input.version, hash: input.hash }).catch(() => false),
      ]);
      return { administrator, published };
    },

    /** The running cases of the programme not yet on the version (visibility). */
    async listCasesToMigrate(input: { programmeId: string; hash: string }): Promise<string[]> {
      const ids: string[] = [];
      for await (const wf of client().workflow.list({ query: casesNotOnVersion(input.programmeId, input.hash) })) ids.push(wf.workflowId);
      return ids.sort();
    },

    /** Moves one case and writes its audit row (once, whatever the retries). */
    async migrateCase(input: MigrateCaseInput): Promise<CaseMigration> {
      const result = await moveCase(input);
      if (deps.database) {
        const { programmeId: programme, version } = input.reference;
        const details = { batch: input.batchId, programme, version, ...('moved' in result ? { from: result.moved.from, to: result.moved.to } : {}) };
        await auditOnce(deps.database, { actor: input.by, action: 'moved' in result ? 'rules.case_migrated' : 'rules.case_not_migrated', caseId: input.caseId, source: input.source ?? 'workflow', details });
      }
      return result;
    },
  };

  /**
   * Sends the migrate update once: the update id is the batch's and the case's, so a retry after a
   * crash gets the first answer back instead of moving the case again.
   */
  async function moveCase(input: MigrateCaseInput): Promise<CaseMigration> {
    const handle = client().workflow.getHandle(input.caseId);
    const running = await handle.describe().then(
      (d) => d.status.name === 'RUNNING',
      (err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return false;
        throw err;
      },
    );
    if (!running) return { caseId: input.caseId, failed: 'Sagen findes ikke eller er afsluttet. / The case does not exist or has ended.' };
    try {
      const [snapshot, before] = await Promise.all([handle.query(snapshotQuery), handle.query(programmeQuery)]);
      const now = new Date().toISOString();
      const d = diffPlans(plan(before, snapshot.facts, now), plan(input.programme, snapshot.facts, now));
      const moved = await handle.executeUpdate(migrateUpdate, {
        args: [{ programme: input.programme, by: input.by, reference: input.reference }],
        updateId: `${input.batchId}/${input.caseId}`,
      });
      return { caseId: input.caseId, moved, changes: { moved: d.moved.length, added: d.added.length, dropped: d.dropped.length, newlyOverdue: d.newlyOverdue.length } };
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal) return { caseId: input.caseId, failed: refusal };
      throw err;
    }
  }
}

export type RegistryActivities = ReturnType<typeof createRegistryActivities>;

/** A case's refusal as one sentence; anything else (the server away) is retried. */
function refusalOf(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const message = messageOf(err.cause.details);
    return message ? sentence(message) : err.cause.message;
  }
  return undefined;
}
