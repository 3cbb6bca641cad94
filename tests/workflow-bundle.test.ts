/**
 * What every cached case carries: the workflow bundle's modules are instantiated per case, so a
 * library in the bundle costs memory in every case (bench/module-cost.bench.ts). zod cost ~640 KB
 * a case; the workflows check their input with the zod-free core in dsl/schema.ts instead.
 */
import { describe, expect, it } from 'vitest';
import { bundleCaseWorkflows } from '../worker/create-worker.js';

describe('the case workflow bundle', () => {
  it('holds no zod module: every workflow checks input with the zod-free schema core', async () => {
    const { code } = await bundleCaseWorkflows();
    const zodModules = [...code.matchAll(/node_modules\/zod\/[^\s"'`]+/g)].map((m) => m[0]);
    expect([...new Set(zodModules)].slice(0, 5)).toEqual([]);
    expect(code).toContain('dsl/schema.ts');
  }, 180_000);
});
