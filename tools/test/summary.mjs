// `npm test`'s closing summary, read from the Vitest JSON reports each project writes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const firstLine = (text) =>
  // eslint-disable-next-line no-control-regex -- colour codes, as a terminal reporter writes them
  String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? 'no message';

/**
 * Totals over every project's Vitest JSON report, and one line per failed test (file › name: first
 * line of the message), so the end of a CI log names what failed.
 */
export function summarise(reportDir, root) {
  const totals = { passed: 0, failed: 0, skipped: 0, files: 0, failures: [] };
  if (!existsSync(reportDir)) return totals;
  for (const file of readdirSync(reportDir).filter((f) => f.endsWith('.json')).sort()) {
    const report = JSON.parse(readFileSync(path.join(reportDir, file), 'utf8'));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    totals.files += 1;
    // A suite that failed to load counts as a failure even when no test inside it ran.
    for (const suite of report.testResults ?? []) {
      const where = path.relative(root, suite.name ?? '');
      if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) {
        totals.failed += 1;
        totals.failures.push(`${where}: ${firstLine(suite.message)}`);
      }
      for (const test of suite.assertionResults ?? []) {
        if (test.status === 'failed') totals.failures.push(`${where} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
      }
    }
  }
  return totals;
}

