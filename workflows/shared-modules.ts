/**
 * The pure modules every case shares: the worker preloads this file once (worker/create-worker.ts),
 * so the planner and Luxon are evaluated once per worker instead of once per cached case, and the
 * planner's memo of zone arithmetic serves every case. Nothing here may import
 * '@temporalio/workflow', hold per-case state, or change an exported object after loading: the SDK
 * deep-freezes what preloaded modules export. zod is not here for that reason — it completes its
 * schemas lazily on first use, which a frozen schema refuses.
 */
import 'luxon';
import '../dsl/plan/index.js';
import '../dsl/compile/holidays.js';
