// Shared Vitest settings for every project: resolve workspace libraries to their TypeScript
// sources (the "@signalbox/source" export condition), and write a JSON report per project
// when the workspace test runner asks for one, so it can print one summary line at the end.
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { defaultClientConditions, defaultServerConditions } from 'vite';

export const SOURCE_CONDITION = '@signalbox/source';

/**
 * @param {string} projectDir absolute path of the project (import.meta.dirname)
 * @param {import('vitest/config').ViteUserConfig} [overrides]
 */
export function defineProjectConfig(projectDir, overrides = {}) {
  const name = path.basename(projectDir);
  const reportDir = process.env.SIGNALBOX_TEST_REPORT_DIR;
  const reporters = reportDir
    ? ['default', ['json', { outputFile: path.join(reportDir, `${name}.json`) }]]
    : ['default'];
  const { test: testOverrides = {}, ...rest } = overrides;
  return defineConfig({
    root: projectDir,
    resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
    // Not the `module` condition on the server (Node has none): packages such as OpenTelemetry's
    // export an ESM build under it whose imports lack file extensions, which Node cannot load.
    ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((c) => c !== 'module')], externalConditions: [SOURCE_CONDITION] } },
    ...rest,
    test: {
      name,
      include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
      passWithNoTests: false,
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters,
      ...testOverrides,
    },
  });
}
