import { defineConfig } from 'vitest/config';

// The two-worker SIGKILL drill (`npm run test:drill`): minutes long, because the killed worker's
// sends come back only after their start-to-close timeout; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['tests/**/*.drill-test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
