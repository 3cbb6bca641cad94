import { defineConfig } from 'vitest/config';

// Workflow tests start Temporal servers (a JVM or the Temporal CLI): give them room, and run test
// files in separate forks so a server of one file never meets another's.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    reporters: ['default', './tests/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
