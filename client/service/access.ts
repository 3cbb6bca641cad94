/**
 * Who may see and do what — the one place Vugge decides it, for the web app and the service layer
 * alike. Decisions come from the staff directory and a case's unit and team only:
 *
 * - a person on a case's team sees and changes that case;
 * - a team leader sees and changes every case of the unit(s) that name them as team leader;
 * - a department leader sees and changes every case of the units that name them among their leaders;
 * - only a leader of a case's unit (team or department leader) acknowledges its escalations;
 * - a person with the role `administrator` uses the rules studio;
 * - a new case is opened in a unit by its caseworkers (people of the unit who lead no unit and are
 *   more than administrators) and by its team leader; department leaders oversee and do not open
 *   cases, and nobody opens a case in another unit (`openingUnits`);
 * - nobody anything else, and a person the directory does not know nothing at all.
 *
 * The command line is run by the operator (who holds Vugge's Temporal credentials and so could do
 * everything anyway): it acts with the operator's own authority, and says so in its help. The
 * person given with `--by` is recorded as who registered, not checked for access.
 */
import type { StaffDirectory } from '../../activities/staff/schema.js';

/** A person of the staff directory acting, e.g. signed in on the web: their staff id and the directory. */
export interface Actor {
  staffId: string;
  directory: StaffDirectory;
}

/** The operator at the command line, acting with their own authority. */
export interface Operator {
  operator: true;
}

export const OPERATOR: Operator = { operator: true };

/** Whoever calls a service function. */
export type Acting = Actor | Operator;

export function isOperator(acting: Acting): acting is Operator {
  return 'operator' in acting && acting.operator === true;
}

/** The role that opens the rules studio (the staff directory's own role name). */
const ADMINISTRATOR_ROLE = 'administrator';

/** What access needs to know about a case: where it belongs and who is on its team. */
export interface CaseScope {
  unit: string;
  team: Record<string, string>;
}

export type Action = 'see_case' | 'change_case' | 'acknowledge_escalation' | 'open_case' | 'see_overdue' | 'use_rules_studio';

/** Why a person may act on a case; `undefined` when they may not. */
export type Ground = 'team' | 'team_leader' | 'department_leader';

/** The units a person leads: as team leader, and as one of the unit's department leaders. */
export function ledUnits(directory: StaffDirectory, staffId: string): { teamLeader: string[]; departmentLeader: string[]; all: string[] } {
  if (!directory.person(staffId)) return { teamLeader: [], departmentLeader: [], all: [] };
  const teamLeader = directory.units.filter((u) => u.teamLeader === staffId).map((u) => u.id);
  const departmentLeader = directory.units.filter((u) => Object.values(u.leaders).includes(staffId)).map((u) => u.id);
  return { teamLeader, departmentLeader, all: [...new Set([...teamLeader, ...departmentLeader])].sort() };
}

/**
 * The units a person may open new cases in: their own unit when they work cases there (they lead
 * no unit and hold a role besides administrator), and every unit they are team leader of.
 */
export function openingUnits(directory: StaffDirectory, staffId: string): string[] {
  const person = directory.person(staffId);
  if (!person) return [];
  const led = ledUnits(directory, staffId);
  const worksCases = led.all.length === 0 && person.roles.some((r) => r !== ADMINISTRATOR_ROLE) && directory.unit(person.unit) !== undefined;
  return [...new Set([...(worksCases ? [person.unit] : []), ...led.teamLeader])].sort();
}

/** On what ground the person may see and change the case, if any. */
export function caseGround(directory: StaffDirectory, staffId: string, scope: CaseScope): Ground | undefined {
  if (!directory.person(staffId)) return undefined;
  if (Object.values(scope.team).includes(staffId)) return 'team';
  const led = ledUnits(directory, staffId);
  if (led.teamLeader.includes(scope.unit)) return 'team_leader';
  if (led.departmentLeader.includes(scope.unit)) return 'department_leader';
  return undefined;
}

/** The one question every route and service function asks. */
export function may(directory: StaffDirectory, staffId: string, action: Action, scope?: CaseScope): boolean {
  const person = directory.person(staffId);
  if (!person) return false;
  switch (action) {
    case 'see_case':
    case 'change_case':
      return scope !== undefined && caseGround(directory, staffId, scope) !== undefined;
    case 'acknowledge_escalation':
      return scope !== undefined && ledUnits(directory, staffId).all.includes(scope.unit);
    case 'open_case':
      return scope !== undefined && openingUnits(directory, staffId).includes(scope.unit);
    case 'see_overdue':
      return ledUnits(directory, staffId).all.length > 0;
    case 'use_rules_studio':
      return person.roles.includes(ADMINISTRATOR_ROLE);
  }
}

/** Refused: the person may not do this. Carries nothing about the case, so a refusal leaks nothing. */
export class AccessDenied extends Error {
  override name = 'AccessDenied';
  constructor(readonly action: Action) {
    super(`access denied: ${action}`);
  }
}

export function requireAccess(directory: StaffDirectory, staffId: string, action: Action, scope?: CaseScope): void {
  if (!may(directory, staffId, action, scope)) throw new AccessDenied(action);
}

/**
 * The check for an action on an existing case, whose scope has to be asked for: the operator may
 * at once; a person the directory does not know is refused before the case is asked anything.
 */
export async function requireActingOnCase(acting: Acting, action: 'see_case' | 'change_case' | 'acknowledge_escalation', scopeOf: () => Promise<CaseScope>): Promise<void> {
  if (isOperator(acting)) return;
  if (!acting.directory.person(acting.staffId)) throw new AccessDenied(action);
  requireAccess(acting.directory, acting.staffId, action, await scopeOf());
}

/** The check every service function makes once: the operator may, a person as `may` decides. */
export function requireActing(acting: Acting, action: Action, scope?: CaseScope): void {
  if (!isOperator(acting)) requireAccess(acting.directory, acting.staffId, action, scope);
}
