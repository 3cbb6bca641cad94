/**
 * The pure modules every case shares: the worker preloads this file once (worker/create-worker.ts),
 * so the planner, Luxon and the update validators' schemas are evaluated once per worker instead of
 * once per cached case, and the planner's memo of zone arithmetic serves every case. Nothing here may
 * import '@temporalio/workflow', hold per-case state, or change an exported object after loading:
 * the SDK deep-freezes what preloaded modules export. zod is not in the workflow bundle at all — it
 * completes its schemas lazily on first use, which a frozen schema refuses — so the validators check
 * with the zod-free schema core (dsl/schema.ts), whose schemas never change once built.
 */
import 'luxon';
import '../dsl/plan/index.js';
import '../dsl/compile/holidays.js';
import '../dsl/schema.js';
import '../dsl/contract-core.js';
import '../dsl/compile/model-schema.js';
import './case-input-schema.js';
