/** The workflows the case worker registers (the bundler's entry point). */
export { caseWorkflow } from './case-workflow.js';
export { digestWorkflow } from './digest-workflow.js';
export { rulesRegistryWorkflow } from './rules-registry.js';
export { migrationBatchWorkflow } from './migration-batch.js';
