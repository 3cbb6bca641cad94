/**
 * What one cached case costs in module instances. The SDK's reusable V8 context gives every workflow
 * its own instance of each module it imports (modules preloaded by the worker are shared); this
 * evaluates the case bundle's workflow modules --cases times in one context, the same way, and
 * reports the heap each instance set holds. No Temporal server is needed, and the figure is stable.
 *
 *   npx tsx --expose-gc bench/module-cost.bench.ts [--cases N]
 */
import { parseArgs } from 'node:util';
import vm from 'node:vm';
import v8 from 'node:v8';
import { bundleCaseWorkflows } from '../worker/create-worker.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '200' } } });
const cases = Number(values.cases);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with --expose-gc: the figure is the heap after collection.');

const { code } = await bundleCaseWorkflows();
// The bundle reads its module cache from this global; before any case loads, modules go to `shared`.
const shared = new Map<string | symbol, unknown>();
let perCase: Map<string | symbol, unknown> | undefined;
const moduleCache = new Proxy({}, {
  get: (_, id) => shared.get(id) ?? perCase?.get(id),
  set: (_, id, value) => ((perCase ?? shared).set(id, value), true),
  deleteProperty: (_, id) => (perCase?.delete(id), true),
});
const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
Object.defineProperty(context, '__webpack_module_cache__', { value: moduleCache });
new vm.Script(code).runInContext(context);
vm.runInContext('__TEMPORAL__.preloadModules?.()', context);
// As the SDK does: what the preloaded modules export is deep-frozen, so a module that changes its
// exports after loading fails here as it would in the worker.
const deepFreeze = (value: unknown, seen = new WeakSet<object>()): void => {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (typeof value === 'object') {
    for (const key of Reflect.ownKeys(value)) {
      try {
        deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // Some objects cannot be frozen (typed arrays); the SDK skips them too.
      }
    }
  }
  Object.freeze(value);
};
for (const module of shared.values()) deepFreeze(module);

const kept: Map<string | symbol, unknown>[] = [];
const loadCase = () => {
  perCase = new Map();
  vm.runInContext('__TEMPORAL__.importWorkflows()', context);
  kept.push(perCase);
};
const heap = () => {
  for (let i = 0; i < 4; i++) gc();
  return v8.getHeapStatistics().used_heap_size;
};
loadCase(); // compiles the code once; what follows is per-case data only
const before = heap();
const cpu = process.cpuUsage();
for (let i = 0; i < cases; i++) loadCase();
const { user, system } = process.cpuUsage(cpu);
const perCaseKb = (heap() - before) / cases / 1024;
console.log(`Module instances per case: ${kept[0]!.size} modules, ${perCaseKb.toFixed(0)} KB heap, ${((user + system) / 1000 / cases).toFixed(1)} ms CPU to evaluate them (shared once per worker: ${shared.size} modules; ${cases} cases)`);
