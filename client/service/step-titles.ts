/**
 * Step titles for lists that read only the visibility store (`vugge overdue`): the overdue items
 * carry step ids, so the titles come from compiling the rules files the cases were opened with —
 * `rules/*.rules` of this checkout, or VUGGE_RULES_DIR. A step no file knows keeps its id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../dsl/compile/compile.js';
import type { Programme } from '../../dsl/compile/model.js';
import { preconditionStepId } from '../../dsl/plan/index.js';

const DEFAULT_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** Titles by step id (preconditions included) of one programme. */
function titlesOf(programme: Programme): Map<string, string> {
  const titles = new Map<string, string>();
  for (const step of programme.steps) {
    titles.set(step.id, step.title);
    for (const pre of step.preconditions ?? []) titles.set(preconditionStepId(step.id, pre.id), pre.title);
  }
  return titles;
}

/** Programme id → step titles, from every rules file in `dir` that compiles. */
export function loadStepTitles(dir = process.env.VUGGE_RULES_DIR || DEFAULT_RULES_DIR): Map<string, Map<string, string>> {
  const byProgramme = new Map<string, Map<string, string>>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.rules'));
  } catch {
    return byProgramme;
  }
  for (const file of files) {
    const result = compile(readFileSync(join(dir, file), 'utf8'));
    if (result.ok) byProgramme.set(result.programme.id, titlesOf(result.programme));
  }
  return byProgramme;
}
