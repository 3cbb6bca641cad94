/**
 * *Ny sag*: a signed-in person opens a case for a programme in a unit they may open cases in
 * (access.ts `openingUnits`), with a team of that unit's people from the staff directory. The case
 * id is chosen here — K-YYYY-NNNN, the first unused — and never typed, so no CPR number can become
 * one; the municipality is the unit's and the person who opened the case is the signed-in person.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Message } from '../../dsl/contract.js';
import { describeIssue } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import { vocabularyOf } from '../../dsl/plan/index.js';
import type { Person, Unit } from '../../activities/staff/schema.js';
import { CaseStartFields } from '../../workflows/case-input.js';
import { AccessDenied, openingUnits, requireAccess, type Actor } from './access.js';
import { CaseExists, openCase } from './case-changes.js';
import { ZONE } from './cases.js';

/** The first of K-YYYY-0001, K-YYYY-0002 … for which `exists` says no. */
export async function firstFreeCaseId(exists: (caseId: string) => Promise<boolean>, year: number): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const id = `K-${year}-${String(n).padStart(4, '0')}`;
    if (!(await exists(id))) return id;
  }
  return `K-${year}-${Date.now() % 10_000}`;
}

/** Whether a case with this id exists, running or closed (a new case gets an id of its own). */
export function caseExists(client: Client): (caseId: string) => Promise<boolean> {
  return async (caseId) => {
    try {
      await client.workflow.getHandle(caseId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
}

/**
 * Ids taken in `year`: what visibility lists is taken for sure; an id it does not list is asked
 * directly (visibility lags a moment behind a case just opened).
 */
async function takenIn(client: Client, year: number): Promise<(caseId: string) => Promise<boolean>> {
  const listed = new Set<string>();
  for await (const wf of client.workflow.list({ query: `WorkflowId STARTS_WITH 'K-${year}-'` })) listed.add(wf.workflowId);
  const asked = caseExists(client);
  return async (caseId) => listed.has(caseId) || asked(caseId);
}

/** What a person filled in; every value is checked here, none is trusted. */
export interface NewCaseRequest {
  programme?: string;
  unit?: string;
  /** Role id → staff id, for the programme's caseworker roles. */
  team: Record<string, string | undefined>;
  notified?: string;
  dueDate?: string;
}

/** Field names a rejection belongs to: programme, unit, notified, dueDate, or `team.<role>`. */
export type NewCaseErrors = Record<string, Message>;

export interface NewCaseChoices {
  programmes: readonly Programme[];
  /** The units the person may open cases in, each with its people. */
  units: { unit: Unit; people: readonly Person[] }[];
}

export interface NewCaseService {
  /** What the person may choose from; refused (AccessDenied) when they may open cases in no unit. */
  choices(actor: Actor): NewCaseChoices;
  /** Opens the case, or says per field what to fix; a unit the person may not choose is refused. */
  open(actor: Actor, request: NewCaseRequest, today?: string): Promise<{ caseId: string } | { errors: NewCaseErrors }>;
}

/** The team roles of a programme a person fills when opening a case. */
export function teamRolesOf(programme: Programme): string[] {
  return vocabularyOf(programme).caseworkers;
}

const choose = (da: string, en: string): Message => ({ code: 'input.required', da, en });

function teamErrors(actor: Actor, programme: Programme, unit: string, team: NewCaseRequest['team']): { team: Record<string, string>; errors: NewCaseErrors } {
  const errors: NewCaseErrors = {};
  const chosen: Record<string, string> = {};
  const roles = teamRolesOf(programme);
  for (const role of roles) {
    const staffId = team[role]?.trim();
    if (!staffId) continue;
    const person = actor.directory.person(staffId);
    if (!person || person.unit !== unit || !person.roles.includes(role)) {
      errors[`team.${role}`] = { code: 'team.not_in_unit', da: 'Vælg en medarbejder fra enheden, som har denne rolle.', en: 'Choose a staff member of the unit who holds this role.' };
    } else chosen[role] = staffId;
  }
  const first = `team.${roles[0] ?? ''}`;
  if (Object.keys(errors).length === 0 && Object.keys(chosen).length === 0) {
    errors[first] = choose('Vælg mindst én medarbejder til sagens team.', 'Choose at least one staff member for the case’s team.');
  } else if (Object.keys(errors).length === 0 && !Object.values(chosen).includes(actor.staffId) && actor.directory.unit(unit)?.teamLeader !== actor.staffId) {
    // A caseworker sees only cases whose team they are on: opening one without oneself would lock one out.
    const own = roles.find((r) => actor.directory.person(actor.staffId)?.roles.includes(r));
    errors[own ? `team.${own}` : first] = { code: 'team.without_opener', da: 'Sæt dig selv på teamet: du kan kun se de sager, du er på.', en: 'Put yourself on the team: you can only see the cases you are on.' };
  }
  return { team: chosen, errors };
}

/** Programmes new cases open on: the rules registry's current published versions, kept fresh by `refresh`. */
export interface ProgrammeSource {
  list(): readonly Programme[];
  refresh(): Promise<void>;
}

export function createNewCaseService(options: { client: Client; taskQueue: string; programmes: readonly Programme[] | ProgrammeSource }): NewCaseService {
  const { client, taskQueue } = options;
  const source: ProgrammeSource = 'list' in options.programmes ? options.programmes : { list: () => options.programmes as readonly Programme[], refresh: async () => undefined };

  function choices(actor: Actor): NewCaseChoices {
    const units = openingUnits(actor.directory, actor.staffId);
    if (units.length === 0) throw new AccessDenied('open_case');
    return {
      programmes: source.list(),
      units: units.flatMap((id) => {
        const unit = actor.directory.unit(id);
        return unit ? [{ unit, people: actor.directory.staff.filter((p) => p.unit === id) }] : [];
      }),
    };
  }

  return {
    choices,

    async open(actor, request, today = DateTime.now().setZone(ZONE).toISODate()!) {
      choices(actor);
      const unit = request.unit?.trim() ?? '';
      // A unit the person may not open cases in is refused outright, before anything is checked or sent.
      if (unit) requireAccess(actor.directory, actor.staffId, 'open_case', { unit, team: {} });
      const errors: NewCaseErrors = {};
      // A case opens on the version published now, even if it was approved a moment ago.
      await source.refresh();
      const programme = source.list().find((p) => p.id === request.programme);
      if (!programme) errors.programme = choose('Vælg et forløb.', 'Choose a programme.');
      if (!unit) errors.unit = choose('Vælg en enhed.', 'Choose a unit.');
      const team = programme && unit ? teamErrors(actor, programme, unit, request.team) : { team: {}, errors: {} };
      Object.assign(errors, team.errors);
      const notified = request.notified?.trim() || undefined;
      const fields = CaseStartFields.safeParse({
        caseId: `K-${today.slice(0, 4)}-0000`,
        unit: unit || 'x',
        municipality: actor.directory.unit(unit)?.municipality ?? 'x',
        team: team.team,
        notified,
        dueDate: request.dueDate?.trim() || undefined,
        openedBy: actor.staffId,
      });
      if (!fields.success) {
        for (const issue of fields.error.issues) {
          const field = issue.path[0] === 'dueDate' ? 'dueDate' : issue.path[0] === 'notified' ? 'notified' : undefined;
          if (field) errors[field] ??= notified === undefined && field === 'notified' ? choose('Skriv datoen, underretningen kom.', 'Write the date the notification arrived.') : describeIssue(issue);
        }
      } else if (fields.data.notified > today) {
        errors.notified ??= { code: 'date.future', da: `Underretningsdatoen ${fields.data.notified} ligger efter i dag (${today}); skriv den dag, underretningen kom.`, en: `The notification date ${fields.data.notified} is after today (${today}); write the day the notification arrived.` };
      }
      if (Object.keys(errors).length > 0 || !fields.success || !programme) return { errors };

      const year = Number(today.slice(0, 4));
      // Two people opening a case at the same moment: the one who loses the id takes the next.
      for (let attempt = 0; attempt < 5; attempt++) {
        const caseId = await firstFreeCaseId(await takenIn(client, year), year);
        try {
          await openCase(actor, client, taskQueue, { ...fields.data, caseId }, programme);
          return { caseId };
        } catch (err) {
          if (!(err instanceof CaseExists)) throw err;
        }
      }
      throw new Error(`no free case id in ${year} after five attempts`);
    },
  };
}
