/** The workflows the case worker registers (the bundler's entry point). */
export { caseWorkflow } from './case-workflow.js';
export { digestWorkflow } from './digest-workflow.js';
