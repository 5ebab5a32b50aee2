// One flat config for the whole workspace. Module boundaries are enforced here:
// the tags live in each project's package.json under "nx.tags".
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import globals from 'globals';

const ignores = ['**/dist/**', '**/node_modules/**', '**/.signalbox/**', '**/.tools/**', '**/coverage/**', '**/test-results/**', '**/*.timestamp*'];
// Every source the workspace runs, plain JavaScript included (tools/, build scripts, benchmarks).
const SOURCES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs', '**/*.js'];
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/test/**'];

// Kinds of project: the domain depends on nothing of ours; apps are never imported.
const TYPE_CONSTRAINTS = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:feature'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:ui'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:feature', 'type:ui'] },
];
// Scopes: shared code stays shared; each side reaches only its own libs and the shared ones.
const SCOPE_CONSTRAINTS = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:engine', 'scope:shared'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
  { sourceTag: 'scope:designer', onlyDependOnLibsWithTags: ['scope:designer', 'scope:shared'] },
  { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:simulator', 'scope:shared'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:engine'] },
];
// Where the code runs. platform:server is Node-only (the database, sockets, files): the browser
// and Temporal's workflow sandbox never load it. platform:worker is the activities' side of the
// worker: workflows import its types only (the workflow rule below refuses value imports).
const PLATFORM_CONSTRAINTS = [
  { sourceTag: 'platform:any', onlyDependOnLibsWithTags: ['platform:any'] },
  { sourceTag: 'platform:browser', onlyDependOnLibsWithTags: ['platform:any', 'platform:browser'] },
  { sourceTag: 'platform:workflow', onlyDependOnLibsWithTags: ['platform:any', 'platform:workflow', 'platform:worker'] },
  { sourceTag: 'platform:worker', onlyDependOnLibsWithTags: ['platform:any', 'platform:worker', 'platform:server'] },
  { sourceTag: 'platform:server', onlyDependOnLibsWithTags: ['platform:any', 'platform:server', 'platform:worker', 'platform:workflow'] },
];
const boundaries = (depConstraints) => ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }];

const DETERMINISM = 'Workflow code must stay deterministic: no Node built-ins (Temporal\'s sandbox has none).';
const nodeBuiltins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];

export default tseslint.config(
  { ignores },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    plugins: { '@nx': nx },
    files: SOURCES,
    // Build and test configuration may use the workspace tooling; boundaries are about source.
    ignores: ['**/vitest.config.mts', '**/vite.config.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': boundaries([...TYPE_CONSTRAINTS, ...SCOPE_CONSTRAINTS, ...PLATFORM_CONSTRAINTS]),
    },
  },
  {
    // Tests run in Node whatever their project targets (a browser test drives Chromium from Node),
    // so they may use the Node-only test infrastructure; kinds and scopes still hold.
    files: TESTS,
    rules: { '@nx/enforce-module-boundaries': boundaries([...TYPE_CONSTRAINTS, ...SCOPE_CONSTRAINTS]) },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no Temporal
    // client, no database, no clocks or randomness outside the SDK, no promise left floating.
    files: ['libs/workflows/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            // Bare names here; every `node:` specifier (node:test too, which has no bare name) below.
            ...nodeBuiltins.map((name) => ({ name, message: DETERMINISM })),
            { name: '@temporalio/client', message: 'Workflows reach Temporal through @temporalio/workflow; the client belongs to the API and activities.' },
            { name: '@signalbox/persistence', message: 'Workflows never touch the database: an activity does.' },
          ],
          patterns: [
            { group: ['node:*'], message: DETERMINISM },
            { group: ['@signalbox/activities', '@signalbox/activities/*'], allowTypeImports: true, message: 'Workflows import activities as types only (import type).' },
          ],
        },
      ],
    },
  },
);
