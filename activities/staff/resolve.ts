/**
 * Roles → people. Leader roles come from the case's unit — a role the unit names under `leaders`,
 * or the role its team leader holds; every other role from the case's own team (role id → staff
 * id). A role nobody fills is reported, not guessed.
 */
import type { Person, StaffDirectory, Unit } from './schema.js';

export interface ResolveRolesInput {
  toRoles: string[];
  team: Record<string, string>;
  unit: string;
}

export interface Recipient {
  role: string;
  person: Person;
}

export interface ResolvedRoles {
  /** One entry per person (a person holding two of the roles is mailed once, under the first). */
  recipients: Recipient[];
  /** Roles that no one in the directory fills for this case, with the reason. */
  missing: { role: string; reason: 'not_on_team' | 'not_in_directory' | 'unknown_unit' }[];
}

/** The unit's holder of a leader role: named under `leaders`, or its team leader holding the role. */
function unitLeader(directory: StaffDirectory, unit: Unit, role: string): string | undefined {
  const named = unit.leaders[role];
  if (named) return named;
  return directory.person(unit.teamLeader)?.roles.includes(role) ? unit.teamLeader : undefined;
}

export function resolveRoles(directory: StaffDirectory, input: ResolveRolesInput): ResolvedRoles {
  const unit = directory.unit(input.unit);
  const recipients: Recipient[] = [];
  const missing: ResolvedRoles['missing'] = [];
  const seen = new Set<string>();
  for (const role of input.toRoles) {
    const leader = unit && unitLeader(directory, unit, role);
    const staffId = leader ?? input.team[role];
    if (!staffId) {
      missing.push({ role, reason: unit || input.team[role] !== undefined ? 'not_on_team' : 'unknown_unit' });
      continue;
    }
    const person = directory.person(staffId);
    if (!person) {
      missing.push({ role, reason: 'not_in_directory' });
      continue;
    }
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    recipients.push({ role, person });
  }
  return { recipients, missing };
}

/** What the `resolveRoles` activity returns: staff ids and roles only, no addresses or names. */
export interface ResolvedRoleIds {
  recipients: { role: string; staffId: string }[];
  missing: ResolvedRoles['missing'];
  /** Every filled role → its staff id, also when one person holds several (recipients lists them once). */
  byRole: Record<string, string>;
}

export function resolveRoleIds(directory: StaffDirectory, input: ResolveRolesInput): ResolvedRoleIds {
  const { recipients, missing } = resolveRoles(directory, input);
  const byRole: Record<string, string> = {};
  for (const role of input.toRoles) {
    const one = resolveRoles(directory, { ...input, toRoles: [role] }).recipients[0];
    if (one) byRole[role] = one.person.id;
  }
  return { recipients: recipients.map((r) => ({ role: r.role, staffId: r.person.id })), missing, byRole };
}
