/**
 * The staff directory's shape: people, and units with their team leader and the three department
 * leaders. Only what a notification needs — staff ids, work e-mail, roles and preferences; no
 * family data ever lives here.
 */
import { z } from 'zod';
import { StaffId } from '../../dsl/contract.js';

/** Roles of people who use Vugge (the midwife is outside the municipality and gets no mail). */
export const caseworkerRoles = ['socialraadgiver', 'sundhedsplejerske', 'familieterapeut'] as const;
export const departmentLeaderRoles = ['leder_bfr', 'leder_familiecenter', 'leder_sundhedspleje'] as const;
export const leaderRoles = ['teamleder', ...departmentLeaderRoles] as const;
export const knownRoles: readonly string[] = [...caseworkerRoles, ...leaderRoles, 'administrator'];

export type DepartmentLeaderRole = (typeof departmentLeaderRoles)[number];


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
  teamLeader: StaffId,
  leaders: z.strictObject({ leder_bfr: StaffId, leder_familiecenter: StaffId, leder_sundhedspleje: StaffId }),
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
