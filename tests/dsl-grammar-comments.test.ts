/** Each parse rule of the grammar carries its grammar comment (`rule := …`) right above it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The rules whose comment above them does not give their own grammar line. */
export function rulesWithoutGrammar(source: string): string[] {
  const missing: string[] = [];
  const rule = /\n((?:[ \t]*(?:\/\*\*|\*|\*\/).*\n)*)[ \t]*(?:public|private) \w+ = this\.RULE\('(\w+)'/g;
  for (const m of source.matchAll(rule)) {
    const [, comment, name] = m;
    if (!new RegExp(`\\b${name}\\s+:=`).test(comment ?? '')) missing.push(name!);
  }
  return missing;
}

describe('grammar comments', () => {
  it('are found missing where they are (the check can fail)', () => {
    const src = "\n  /** ids := ID */\n  private ids = this.RULE('ids', () => 1);\n  /** Something. */\n  private step = this.RULE('step', () => 1);\n";
    expect(rulesWithoutGrammar(src)).toEqual(['step']);
  });

  it('stand above every rule of dsl/language/grammar.ts', () => {
    const source = readFileSync(new URL('../dsl/language/grammar.ts', import.meta.url), 'utf8');
    expect(source.match(/this\.RULE\(/g)?.length).toBeGreaterThan(20);
    expect(rulesWithoutGrammar(source)).toEqual([]);
  });
});
