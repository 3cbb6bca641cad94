/**
 * The compiled programme as zod schemas, for the compiler, the CLI and the tests: each is made from
 * the one definition in `model-schema.ts` (read that file for what every field means), which the case
 * workflow checks against without zod.
 */
import * as model from './model-schema.js';
import { toZod } from '../schema-zod.js';

export type IsoDate = model.IsoDate;
export type Duration = model.Duration;
export type Anchor = model.Anchor;
export type Point = model.Point;
export type When = model.When;
export type Condition = model.Condition;
export type Recurrence = model.Recurrence;
export type Reminder = model.Reminder;
export type EscalationLevel = model.EscalationLevel;
export type StepKind = model.StepKind;
export type Step = model.Step;
export type Phase = model.Phase;
export type VisitNorm = model.VisitNorm;
export type Vocabulary = model.Vocabulary;
export type Programme = model.Programme;

export const IsoDate = toZod(model.IsoDate);
export const Id = toZod(model.Id);
export const Duration = toZod(model.Duration);
export const Anchor = toZod(model.Anchor);
export const Point = toZod(model.Point);
export const When = toZod(model.When);
export const Condition = toZod(model.Condition);
export const Until = toZod(model.Until);
export const Recurrence = toZod(model.Recurrence);
export const Reminder = toZod(model.Reminder);
export const EscalationLevel = toZod(model.EscalationLevel);
export const Precondition = toZod(model.Precondition);
export const StepKind = toZod(model.StepKind);
export const Step = toZod(model.Step);
export const Phase = toZod(model.Phase);
export const VisitNorm = toZod(model.VisitNorm);
export const Vocabulary = toZod(model.Vocabulary);
export const Programme = toZod(model.Programme);
