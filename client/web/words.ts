/**
 * Domain words for a page, in the person's language, from the compiled programme: step, event,
 * role and phase titles. English falls back to the programme's Danish title when the rules give
 * none; an id the programme does not know is shown as it is.
 */
import type { Programme } from '../../dsl/compile/model.js';
import type { StaffDirectory } from '../../activities/staff/schema.js';
import type { Lang } from './texts.js';

type Titled = { id: string; title: string; titleEn?: string };

function titleOf(items: readonly Titled[], id: string, lang: Lang): string | undefined {
  const found = items.find((i) => i.id === id);
  return found && (lang === 'en' ? (found.titleEn ?? found.title) : found.title);
}

export function stepTitle(programme: Programme | undefined, stepId: string, lang: Lang, fallback = stepId): string {
  return (programme && titleOf(programme.steps, stepId, lang)) ?? fallback;
}

/** An `occurred` event names a lifecycle event or a step done. */
export function eventOrStepTitle(programme: Programme, id: string, lang: Lang): string {
  return titleOf(programme.events, id, lang) ?? stepTitle(programme, id, lang);
}

/** A role's title from the first programme that declares it. */
export function roleTitle(programmes: readonly Programme[], roleId: string, lang: Lang): string {
  for (const p of programmes) {
    const title = titleOf(p.roles, roleId, lang);
    if (title) return title;
  }
  return roleId;
}

export function phaseTitle(programme: Programme, phase: number): string | undefined {
  return programme.phases.find((p) => p.number === phase)?.title;
}

export function personName(directory: StaffDirectory, staffId: string): string {
  return directory.person(staffId)?.name ?? staffId;
}

export function unitName(directory: StaffDirectory, unitId: string): string {
  return directory.unit(unitId)?.name ?? unitId;
}
