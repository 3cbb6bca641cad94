import { defineConfig } from 'vitest/config';

// `npm run test:cluster` only: the topology test builds the full Temporal server the first time and
// starts PostgreSQL, Temporal, two workers and two web instances — not for every `npm test`, whose
// pattern (*.test.ts) does not match these files.
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.cluster-test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 3_600_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
