#!/usr/bin/env node
// Runs vitest, then prints one plain closing line ("vitest: N passed, N failed, N skipped") that CI
// and people can read at a glance. Exits with vitest's own status.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, testResults } = JSON.parse(readFileSync(report, 'utf8'));
  // A failed beforeAll or import fails its file without failing a test (its tests count as skipped): say so.
  // Files, not vitest's numFailedTestSuites, which also counts every describe block around a failure.
  const failed = testResults.filter((file) => file.status === 'failed').length;
  const failedFiles = failed > 0 ? `, ${failed} file(s) failed` : '';
  // Unhandled errors fail the run without failing a test (vitest prints them above): say so too.
  const otherErrors = run.status !== 0 && numFailedTests === 0 && failed === 0 ? ', and vitest reported errors outside the tests (see "Unhandled Errors" above)' : '';
  console.log(`vitest: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped${failedFiles}${otherErrors}`);
} else {
  console.log('vitest: 0 passed, 1 failed (no report was written)');
}
process.exit(run.status ?? 1);
