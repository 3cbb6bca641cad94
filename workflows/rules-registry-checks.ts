/**
 * The rules registry's refusals: pure functions of (state, input), run by the update validators
 * (nothing reaches history) and again by the handlers after they have asked the staff directory.
 */
import { firstProblem } from '../dsl/contract-core.js';
import type { Schema } from '../dsl/schema.js';
import { reject } from './case-reject.js';
import type { Approval, MigrationOrder, RegistryState, Rejection, RulesVersion } from './rules-registry-messages.js';

/** The input parsed by its schema, or refused with the first problem named. */
export function parsed<T>(schema: Schema<T>, input: unknown, da: string, en: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problem = firstProblem(result.error);
  return reject({ code: problem.code, da: `${da} er ugyldig. ${problem.da}`, en: `${en} is invalid. ${problem.en}` });
}

function versionOf(state: RegistryState, n: number): RulesVersion {
  const v = state.versions.find((x) => x.version === n);
  if (!v) {
    reject({ code: 'rules.no_such_version', da: `Programmet '${state.programmeId}' har ingen version ${n}.`, en: `The programme '${state.programmeId}' has no version ${n}.` });
  }
  return v;
}

/** A proposal still waiting for a decision; a published or rejected version is never changed. */
export function pendingVersion(state: RegistryState, n: number): RulesVersion {
  const v = versionOf(state, n);
  if (v.status === 'published') {
    reject({ code: 'rules.already_published', da: `Version ${n} er allerede udgivet og kan ikke ændres.`, en: `Version ${n} is already published and cannot be changed.` });
  }
  if (v.status === 'rejected') {
    reject({ code: 'rules.already_rejected', da: `Version ${n} er allerede afvist (${v.reason ?? ''}).`, en: `Version ${n} has already been rejected (${v.reason ?? ''}).` });
  }
  return v;
}

export function checkApproval(state: RegistryState, approval: Approval): void {
  const v = pendingVersion(state, approval.version);
  if (v.author === approval.by) {
    reject({
      code: 'rules.self_approval',
      da: 'Du har selv foreslået denne version; en anden administrator skal godkende den.',
      en: 'You proposed this version yourself; another administrator must approve it.',
    });
  }
  if (!v.compiled.ok) {
    reject({
      code: 'rules.does_not_compile',
      da: `Version ${v.version} har ${v.compiled.errors.length} fejl og kan ikke udgives; afvis den, og foreslå en rettet version.`,
      en: `Version ${v.version} has ${v.compiled.errors.length} errors and cannot be published; reject it and propose a corrected version.`,
    });
  }
}

export function checkRejection(state: RegistryState, rejection: Rejection): void {
  pendingVersion(state, rejection.version);
}

/** Cases move only to the version published last. */
export function checkMigrationOrder(state: RegistryState, order: MigrationOrder): RulesVersion {
  const v = versionOf(state, order.version);
  if (v.status !== 'published' || state.current !== v.version) {
    reject({
      code: 'rules.not_current',
      da: `Version ${order.version} er ikke programmets gældende version${state.current ? ` (${state.current})` : ''}; sager flyttes kun til den gældende.`,
      en: `Version ${order.version} is not the programme's current version${state.current ? ` (${state.current})` : ''}; cases move only to the current one.`,
    });
  }
  return v;
}
