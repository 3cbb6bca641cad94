/**
 * Moving a case to another version of its programme. The validator (no history when it refuses)
 * checks the model and the rules registry's reference: the case's own programme, and a model whose
 * content hash is the published one. The handler then asks the registry, through a local activity
 * recorded in history, whether that version is published and whether the person is an
 * administrator of the staff directory.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import { Programme } from '../dsl/compile/model-schema.js';
import { s } from '../dsl/schema.js';
import { canonicalJson, fnv1a64 } from '../dsl/compile/hash.js';
import { firstProblem, StaffId } from '../dsl/contract-core.js';
import type { RegistryActivities } from '../activities/rules-registry.js';
import { reject } from './case-reject.js';
import type { MigrateRequest } from './case-messages.js';
import type { CaseState } from './case-state.js';
import { RulesReference } from './rules-registry-messages.js';

const { checkMigration } = proxyLocalActivities<Pick<RegistryActivities, 'checkMigration'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 3 },
});

export interface MigrationChecks {
  /**
   * The move must carry the registry's reference to a version of the case's own programme whose hash
   * is the model's own (every new migration). Off only when replaying a move recorded before it.
   */
  reference: boolean;
}

/** Checks a move to another version of the case's programme; returns the new model. */
export function validateMigration(state: CaseState, input: unknown, checks: MigrationChecks = { reference: true }): Programme {
  const parsed = Programme.safeParse((input as { programme?: unknown } | null)?.programme);
  if (!parsed.success) {
    const problem = firstProblem(parsed.error);
    reject({
      code: 'migration.invalid',
      da: `Den nye regelversion er ikke et gyldigt kompileret program (${problem.da}); kompilér reglerne igen.`,
      en: `The new rules version is not a valid compiled programme (${problem.en}); compile the rules again.`,
    });
  }
  const next = parsed.data;
  if (next.id !== state.programme.id) {
    reject({
      code: 'migration.other_programme',
      da: `Sagen kører på programmet '${state.programme.id}' og kan ikke flyttes til '${next.id}'; vælg en version af samme program.`,
      en: `The case runs '${state.programme.id}' and cannot move to '${next.id}'; choose a version of the same programme.`,
    });
  }
  if (checks.reference) checkReference(state, input, next);
  if (next.version === state.programme.version) {
    const short = next.version.slice(0, 12);
    reject({ code: 'migration.same_version', da: `Sagen kører allerede på version ${short}.`, en: `The case already runs version ${short}.` });
  }
  return next;
}

const MigrationSigned = s.object({ by: StaffId, reference: RulesReference });

/** The registry's reference names the case's programme and the model's own hash; the model is untouched. */
function checkReference(state: CaseState, input: unknown, next: Programme): void {
  const signed = MigrationSigned.safeParse(input);
  if (!signed.success) {
    reject({
      code: 'migration.unpublished',
      da: 'Sager kan kun flyttes til en udgivet version fra regelregistret; udgiv reglerne med vugge rules publish, og få dem godkendt.',
      en: 'Cases can only move to a published version from the rules registry; publish the rules with vugge rules publish and have them approved.',
    });
  }
  const { reference } = signed.data;
  if (reference.programmeId !== state.programme.id) {
    reject({
      code: 'migration.other_programme',
      da: `Sagen kører på programmet '${state.programme.id}' og kan ikke flyttes til en version af '${reference.programmeId}'; vælg en version af samme program.`,
      en: `The case runs '${state.programme.id}' and cannot move to a version of '${reference.programmeId}'; choose a version of the same programme.`,
    });
  }
  const { version: _version, ...content } = next;
  if (fnv1a64(canonicalJson(content)) !== next.version || next.version !== reference.hash) {
    reject({
      code: 'migration.tampered',
      da: `Regelversion ${reference.version} passer ikke til det udgivne indhold; sagen er ikke flyttet.`,
      en: `Rules version ${reference.version} does not match the published content; the case was not moved.`,
    });
  }
}

/** Resolves when the registry has published the version and `by` is an administrator; otherwise the case is unchanged. */
export async function checkMigrationAllowed(request: MigrateRequest): Promise<void> {
  let check: { administrator: boolean; published: boolean };
  try {
    check = await checkMigration({ ...request.reference, by: request.by });
  } catch {
    reject({
      code: 'migration.lookup_failed',
      da: 'Regelregistret eller medarbejderkartoteket kunne ikke slås op, så sagen er ikke flyttet; prøv igen om lidt.',
      en: 'The rules registry or the staff directory could not be looked up, so the case was not moved; try again shortly.',
    });
  }
  if (!check.administrator) {
    reject({
      code: 'migration.not_administrator',
      da: `${request.by} er ikke administrator i medarbejderkartoteket; kun en administrator kan flytte sager til nye regler.`,
      en: `${request.by} is not an administrator in the staff directory; only an administrator can move cases to new rules.`,
    });
  }
  if (!check.published) {
    reject({
      code: 'migration.unpublished',
      da: `Version ${request.reference.version} af '${request.reference.programmeId}' er ikke udgivet i regelregistret; sagen er ikke flyttet.`,
      en: `Version ${request.reference.version} of '${request.reference.programmeId}' is not published in the rules registry; the case was not moved.`,
    });
  }
}
