/**
 * Roles → people. Caseworker roles come from the case's own team (role id → staff id); leader
 * roles from the case's unit. A role nobody fills is reported, not guessed.
 */
import { departmentLeaderRoles, leaderRoles, type Person, type StaffDirectory } from './schema.js';

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

/** Escalation level 1 goes to the team leader, level 2 and above to the three department leaders. */
export function escalationRoles(level: number): string[] {
  return level <= 1 ? ['teamleder'] : [...departmentLeaderRoles];
}

export function resolveRoles(directory: StaffDirectory, input: ResolveRolesInput): ResolvedRoles {
  const unit = directory.unit(input.unit);
  const recipients: Recipient[] = [];
  const missing: ResolvedRoles['missing'] = [];
  const seen = new Set<string>();
  for (const role of input.toRoles) {
    let staffId: string | undefined;
    if ((leaderRoles as readonly string[]).includes(role)) {
      if (!unit) {
        missing.push({ role, reason: 'unknown_unit' });
        continue;
      }
      staffId = role === 'teamleder' ? unit.teamLeader : unit.leaders[role as keyof typeof unit.leaders];
    } else {
      staffId = input.team[role];
      if (!staffId) {
        missing.push({ role, reason: 'not_on_team' });
        continue;
      }
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
