/**
 * Workflow and planner code never lets the machine's zone decide a date: the lint refuses Luxon
 * calls without an explicit zone in workflows/ and dsl/, and the code as it stands passes it.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function zoneProblems(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('zone-less Luxon in workflow and planner code', () => {
  it.each([
    ['DateTime.fromMillis(nowMs)', 1],
    ["DateTime.fromISO('2027-01-04')", 1],
    ['DateTime.fromJSDate(new Date(0))', 1],
    ['DateTime.now()', 1],
    ['DateTime.local()', 1],
    ["DateTime.fromMillis(nowMs, { zone: 'Europe/Copenhagen' })", 0],
    ["DateTime.fromISO('2027-01-04', { zone: 'utc' })", 0],
    ['DateTime.utc(2027, 1, 4)', 0],
  ])('%s: %i problem(s) in workflows/', async (call, problems) => {
    const code = `import { DateTime } from 'luxon';\nconst nowMs = 0;\nexport const d = ${call};\n`;
    expect(await zoneProblems(code, 'workflows/case-notify.ts')).toBe(problems);
    expect(await zoneProblems(code, 'dsl/plan/index.ts')).toBe(problems);
  });

  it('is not enforced outside the sandbox (the CLI may use the local zone for display)', async () => {
    expect(await zoneProblems("import { DateTime } from 'luxon';\nexport const d = DateTime.now();\n", 'client/cli/format.ts')).toBe(0);
  });
});
