/**
 * The rules registry of one programme as one long-running workflow (`rules-registry/<programmeId>`).
 * It starts with the bundled rules as version 1 (author `system`); administrators propose new
 * sources, and a different administrator approves or rejects each proposal. Published versions
 * never change. Its history is the audit trail: who proposed, who approved or rejected, and which
 * migrations were started. The compiler and the staff directory are asked through activities.
 */
import { ParentClosePolicy, condition, continueAsNew, allHandlersFinished, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { RegistryActivities } from '../activities/rules-registry.js';
import { reject } from './case-reject.js';
import { migrationBatchWorkflow } from './migration-batch.js';
import {
  Approval,
  approveRulesUpdate,
  currentVersionQuery,
  migrateCasesUpdate,
  migrationBatchId,
  MigrationOrder,
  migrationsQuery,
  Proposal,
  proposeRulesUpdate,
  publishedQuery,
  Rejection,
  rejectRulesUpdate,
  summaryOf,
  SYSTEM_AUTHOR,
  versionQuery,
  versionsQuery,
  type RegistryInput,
  type RegistryState,
  type RulesVersion,
} from './rules-registry-messages.js';
import { checkApproval, checkMigrationOrder, checkRejection, parsed, pendingVersion } from './rules-registry-checks.js';

const { compileRules, staffIsAdministrator } = proxyActivities<Pick<RegistryActivities, 'compileRules' | 'staffIsAdministrator'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const DEFAULT_MAX_HISTORY_EVENTS = 2_000;
const nowIso = () => new Date(Date.now()).toISOString();

export async function rulesRegistryWorkflow(input: RegistryInput): Promise<never> {
  const state: RegistryState = 'continued' in input ? input.continued : { programmeId: input.programmeId, versions: [], migrations: [] };
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  let booted = state.versions.length > 0;

  /** The person must be an administrator of the staff directory now, not only when the form was shown. */
  async function requireAdministrator(by: string): Promise<void> {
    await condition(() => booted);
    if (!(await staffIsAdministrator(by))) {
      reject({
        code: 'rules.not_administrator',
        da: `${by} er ikke administrator i medarbejderkartoteket og kan ikke ændre reglerne.`,
        en: `${by} is not an administrator in the staff directory and cannot change the rules.`,
      });
    }
  }

  setHandler(
    proposeRulesUpdate,
    async (proposal) => {
      await requireAdministrator(proposal.by);
      const compiled = await compileRules(proposal.source);
      if (compiled.ok && compiled.programme.id !== state.programmeId) {
        reject({
          code: 'rules.other_programme',
          da: `Reglerne er til programmet '${compiled.programme.id}', ikke '${state.programmeId}'; foreslå dem under deres eget program.`,
          en: `The rules are for the programme '${compiled.programme.id}', not '${state.programmeId}'; propose them under their own programme.`,
        });
      }
      const current = currentOf(state);
      if (compiled.ok && current?.compiled.ok && current.compiled.hash === compiled.hash) {
        reject({ code: 'rules.unchanged', da: `Forslaget er det samme som den gældende version ${current.version}.`, en: `The proposal is the same as the current version ${current.version}.` });
      }
      const version: RulesVersion = {
        version: state.versions.length + 1,
        source: proposal.source,
        message: proposal.message.trim(),
        author: proposal.by,
        proposedAt: nowIso(),
        status: 'pending',
        compiled,
      };
      state.versions.push(version);
      return summaryOf(version);
    },
    { validator: (proposal) => void parsed(Proposal, proposal, 'Forslaget', 'The proposal') },
  );

  setHandler(
    approveRulesUpdate,
    async (approval) => {
      await requireAdministrator(approval.by);
      // Another update may have decided the proposal while the directory answered.
      checkApproval(state, approval);
      const v = pendingVersion(state, approval.version);
      v.status = 'published';
      v.approver = approval.by;
      v.publishedAt = nowIso();
      state.current = v.version;
      return summaryOf(v);
    },
    { validator: (approval) => checkApproval(state, parsed(Approval, approval, 'Godkendelsen', 'The approval')) },
  );

  setHandler(
    rejectRulesUpdate,
    async (rejection) => {
      await requireAdministrator(rejection.by);
      checkRejection(state, rejection);
      const v = pendingVersion(state, rejection.version);
      v.status = 'rejected';
      v.rejectedBy = rejection.by;
      v.rejectedAt = nowIso();
      v.reason = rejection.reason.trim();
      return summaryOf(v);
    },
    { validator: (rejection) => checkRejection(state, parsed(Rejection, rejection, 'Afvisningen', 'The rejection')) },
  );

  setHandler(
    migrateCasesUpdate,
    async (order) => {
      await requireAdministrator(order.by);
      const v = checkMigrationOrder(state, order);
      if (!v.compiled.ok) throw new Error('a published version always compiles');
      const batchId = migrationBatchId(state.programmeId, state.migrations.length + 1);
      const source = order.source ? { source: order.source } : {};
      const record = { batchId, version: v.version, by: order.by, at: nowIso(), cases: order.cases, ...source };
      state.migrations.push(record);
      await startChild(migrationBatchWorkflow, {
        workflowId: batchId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [{ batchId, reference: { programmeId: state.programmeId, version: v.version, hash: v.compiled.hash }, programme: v.compiled.programme, by: order.by, cases: order.cases, ...source }],
      });
      return record;
    },
    { validator: (order) => void checkMigrationOrder(state, parsed(MigrationOrder, order, 'Migreringen', 'The migration')) },
  );

  setHandler(versionsQuery, () => state.versions.map(summaryOf));
  setHandler(versionQuery, (n) => state.versions.find((v) => v.version === n));
  setHandler(currentVersionQuery, () => currentOf(state));
  setHandler(publishedQuery, ({ version, hash }) => state.versions.some((v) => v.version === version && v.status === 'published' && v.compiled.ok && v.compiled.hash === hash));
  setHandler(migrationsQuery, () => state.migrations);

  if (!booted && 'bundledSource' in input) {
    const compiled = await compileRules(input.bundledSource);
    const at = nowIso();
    state.versions.push({ version: 1, source: input.bundledSource, message: 'Reglerne, som Vugge leveres med.', author: SYSTEM_AUTHOR, proposedAt: at, status: 'published', compiled, approver: SYSTEM_AUTHOR, publishedAt: at });
    if (compiled.ok) state.current = 1;
    booted = true;
  }

  // The registry never ends; it starts a new run, carrying its versions, before its history grows large.
  await condition(() => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxHistoryEvents);
  await condition(allHandlersFinished);
  return continueAsNew<typeof rulesRegistryWorkflow>({ continued: state, maxHistoryEvents: input.maxHistoryEvents });
}

export function currentOf(state: RegistryState): RulesVersion | undefined {
  return state.current === undefined ? undefined : state.versions.find((v) => v.version === state.current);
}
