/** The cluster's worker process on the next build (./workflows.ts): the real worker, another workflow entry point. */
import { fileURLToPath } from 'node:url';
import { runCaseWorkerProcess } from '../../../worker/main.js';

runCaseWorkerProcess({ workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)) });
