/**
 * The staff directory's shape: people, and units with their team leader and the leaders they name
 * per role. Only what a notification needs — staff ids, work e-mail, roles and preferences; no
 * family data ever lives here. Role ids are the programmes' own (rules/*.rules); the directory
 * knows none by heart.
 */
import { z } from 'zod';
import { StaffId } from '../../dsl/contract.js';
import type { Programme } from '../../dsl/compile/model.js';
import { leaderRolesOf, vocabularyOf } from '../../dsl/plan/index.js';

/** The role that administers Vugge itself (rules, staff); not a programme role. */
export const ADMINISTRATOR_ROLE = 'administrator';

/** What the programmes say about roles, for checking a directory against them. */
export interface ProgrammeRoles {
  /** Every role id some programme declares, plus the administrator. */
  known: string[];
  /** The leader roles (team leader, department leaders) a unit fills. */
  leaders: string[];
  /** The department leader roles: each unit names who holds them under `leaders`. */
  departmentLeaders: string[];
}

export function programmeRoles(programmes: readonly Programme[]): ProgrammeRoles {
  const unique = (ids: string[]) => [...new Set(ids)];
  return {
    known: unique([...programmes.flatMap((p) => p.roles.map((r) => r.id)), ADMINISTRATOR_ROLE]),
    leaders: unique(programmes.flatMap((p) => leaderRolesOf(vocabularyOf(p)))),
    departmentLeaders: unique(programmes.flatMap((p) => vocabularyOf(p).departmentLeaders)),
  };
}


export const Person = z.strictObject({
  id: StaffId,
  name: z.string().min(1),
  email: z.email(),
  roles: z.array(z.string()).min(1),
  unit: z.string().min(1),
  language: z.enum(['da', 'en']).default('da'),
  /** 'digest': single reminders are collected into one morning e-mail. */
  reminders: z.enum(['single', 'digest']).default('single'),
});
export type Person = z.infer<typeof Person>;

export const Unit = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'expected a unit id of lower-case letters, digits, ., _ or -' }),
  name: z.string().min(1),
  municipality: z.string().min(1),
  /** Who leads the unit: holds the programmes' team-leader role for its cases. */
  teamLeader: StaffId,
  /** Leader role id (as the rules name it) → staff id: the department leaders over this unit. */
  leaders: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a role id from the rules' }), StaffId).default({}),
});
export type Unit = z.infer<typeof Unit>;

export const StaffFile = z.strictObject({
  units: z.array(Unit).min(1),
  staff: z.array(Person).min(1),
});
export type StaffFile = z.infer<typeof StaffFile>;

/** A validated directory with lookups. */
export interface StaffDirectory {
  readonly units: readonly Unit[];
  readonly staff: readonly Person[];
  person(staffId: string): Person | undefined;
  unit(unitId: string): Unit | undefined;
}

export function makeDirectory(file: StaffFile): StaffDirectory {
  const people = new Map(file.staff.map((p) => [p.id, p]));
  const units = new Map(file.units.map((u) => [u.id, u]));
  return {
    units: file.units,
    staff: file.staff,
    person: (id) => people.get(id),
    unit: (id) => units.get(id),
  };
}
