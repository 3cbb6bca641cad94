/**
 * Prints one plain closing line, `Tests: N passed, N failed, N skipped`, after vitest's own report,
 * so that tools reading the last line of a run need not parse vitest's formatting. A test file that
 * fails to load counts as one failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let counted = 0;
      for (const test of module.children.allTests()) {
        counted++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (counted === 0 && module.state() === 'failed') failed++;
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
