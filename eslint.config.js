// Lint: type-aware rules for all TypeScript, and for the code that runs inside Temporal's workflow
// sandbox (workflows/ and the dsl/ modules they import) a ban on Node built-ins and I/O libraries.
import tseslint from 'typescript-eslint';

// The planner has one public entry point, dsl/plan/index.ts; its other modules are internal to dsl/.
const planInternals = {
  group: ['**/dsl/plan/*', '!**/dsl/plan/index.js'],
  message: 'Import the planner through dsl/plan/index.js; the other dsl/plan modules are internal.',
};
const outsideDslBans = { 'no-restricted-imports': ['error', { patterns: [planInternals] }] };

const sandboxBans = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        planInternals,
        { group: ['node:*'], message: 'Workflow and planner code runs in the Temporal sandbox: no Node built-ins.' },
        {
          group: ['fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'process', 'url', 'util', 'stream', 'events', 'worker_threads'],
          message: 'Workflow and planner code runs in the Temporal sandbox: no Node built-ins.',
        },
        { group: ['nodemailer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code does no I/O: call an activity.' },
      ],
    },
  ],
};

// Luxon without a zone takes the machine's zone: inside workflow and planner code that would let the
// worker's host decide a date, and a replay on another host would take another path.
const zoneless = (names) =>
  `CallExpression[callee.object.name='DateTime'][callee.property.name=/^(${names})$/]:not(:has(ObjectExpression > Property[key.name='zone']))`;
const zoneBans = {
  'no-restricted-syntax': [
    'error',
    {
      selector: zoneless('fromMillis|fromSeconds|fromISO|fromJSDate|fromFormat|fromSQL|fromRFC2822|fromHTTP|fromObject|local|now'),
      message: "Workflow and planner code gives Luxon its zone explicitly: DateTime.fromMillis(ms, { zone }) — never the machine's zone.",
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'client/web/dist/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.ts'], ignores: ['dsl/**'], rules: outsideDslBans },
  { files: ['workflows/**/*.ts', 'dsl/**/*.ts'], rules: { ...sandboxBans, ...zoneBans } },
);
