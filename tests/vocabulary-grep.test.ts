/**
 * The rules are the only source of domain words: no role, event or step id of any programme in
 * rules/ is written in workflows/ or activities/. The ids the engine assumed before programmes
 * declared their vocabulary live in one compatibility function, `legacyVocabulary` in
 * dsl/compile/vocabulary.ts, outside the folders searched here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../dsl/compile/compile.js';

const SEARCHED = ['workflows', 'activities'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mts|js)$/.test(name) ? [path] : [];
  });
}

/** Code without its comments: a comment may explain a domain word, code may not name one. */
export function codeOf(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function programmeIds(): { roles: Set<string>; names: Set<string> } {
  const roles = new Set<string>();
  const names = new Set<string>();
  for (const file of readdirSync('rules').filter((f) => f.endsWith('.rules'))) {
    const result = compile(readFileSync(join('rules', file), 'utf8'));
    if (!result.ok) throw new Error(`${file} does not compile`);
    for (const r of result.programme.roles) roles.add(r.id);
    for (const e of result.programme.events) names.add(e.id);
    for (const s of result.programme.steps) names.add(s.id);
  }
  return { roles, names };
}

/** Where the ids appear: role ids as words anywhere in code, event and step ids as string literals. */
export function findIds(code: string, roles: Iterable<string>, names: Iterable<string>): string[] {
  const found: string[] = [];
  for (const id of roles) if (new RegExp(`(?<![\\w-])${id}(?![\\w-])`).test(code)) found.push(id);
  for (const id of names) if (new RegExp(`(['"\`])${id}\\1`).test(code)) found.push(id);
  return found;
}

describe('no programme vocabulary in workflows/ and activities/', () => {
  it('finds an id where one is written (the check can fail)', () => {
    expect(findIds(codeOf("const BIRTH = 'birth'; // teamleder\nroles: ['teamleder']"), ['teamleder'], ['birth'])).toEqual(['teamleder', 'birth']);
    expect(findIds(codeOf('/* teamleder */ const birthDate = x; // the birth'), ['teamleder'], ['birth'])).toEqual([]);
  });

  it('names no role, event or step id of any programme in rules/', () => {
    const { roles, names } = programmeIds();
    expect(roles.has('teamleder') && names.has('birth') && names.has('screening')).toBe(true);
    const hits = SEARCHED.flatMap((dir) => files(dir)).flatMap((file) => findIds(codeOf(readFileSync(file, 'utf8')), roles, names).map((id) => `${file}: ${id}`));
    expect(hits).toEqual([]);
  });
});
