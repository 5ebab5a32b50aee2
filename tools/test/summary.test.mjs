import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { summarise } from './summary.mjs';

const dirs = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function reports(root, byProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'summary-'));
  dirs.push(dir);
  for (const [name, report] of Object.entries(byProject)) writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report));
  return dir;
}

describe('summarise', () => {
  it('adds up every project and names each failed test with the first line of its message', () => {
    const root = '/repo';
    const dir = reports(root, {
      api: {
        numPassedTests: 3,
        numFailedTests: 1,
        numPendingTests: 2,
        testResults: [
          {
            name: '/repo/apps/api/test/a.test.ts',
            status: 'failed',
            assertionResults: [
              { status: 'passed', fullName: 'a works' },
              { status: 'failed', fullName: 'a › keeps answering', failureMessages: ['\u001b[31mAssertionError\u001b[39m: expected 1253 to be less than 1195\n    at x.ts:1'] },
            ],
          },
        ],
      },
      worker: {
        numPassedTests: 5,
        numFailedTests: 0,
        testResults: [{ name: '/repo/apps/worker/test/broken.test.ts', status: 'failed', message: '\nCannot find module x', assertionResults: [] }],
      },
    });
    const totals = summarise(dir, root);
    expect(totals).toMatchObject({ passed: 8, failed: 2, skipped: 2, files: 2 });
    expect(totals.failures).toEqual([
      'apps/api/test/a.test.ts › a › keeps answering: AssertionError: expected 1253 to be less than 1195',
      'apps/worker/test/broken.test.ts: Cannot find module x',
    ]);
  });

  it('reports nothing for a folder without reports', () => {
    expect(summarise(path.join(os.tmpdir(), 'no-such-reports-folder'), '/')).toEqual({ passed: 0, failed: 0, skipped: 0, files: 0, failures: [] });
  });
});
