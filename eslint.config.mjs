// One flat config for the whole workspace. Module boundaries are enforced here:
// the tags live in each project's package.json under "nx.tags".
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import globals from 'globals';

const ignores = ['**/dist/**', '**/node_modules/**', '**/.signalbox/**', '**/.tools/**', '**/coverage/**', '**/test-results/**', '**/*.timestamp*'];

export default tseslint.config(
  { ignores },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    plugins: { '@nx': nx },
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    // Build and test configuration may use the workspace tooling; boundaries are about source.
    ignores: ['**/vitest.config.mts', '**/vite.config.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Kinds of project: the domain depends on nothing of ours; apps are never imported.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:feature'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:ui'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:feature', 'type:ui'] },
            // Scopes: shared code stays shared; each side reaches only its own libs and the shared ones.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:engine', 'scope:shared'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:designer', onlyDependOnLibsWithTags: ['scope:designer', 'scope:shared'] },
            { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:simulator', 'scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared', 'scope:engine'] },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no clocks or
    // randomness outside the SDK, no promise left floating.
    files: ['libs/workflows/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net'], message: 'Workflow code must stay deterministic: no Node built-ins.' },
            { group: ['@signalbox/activities', '@signalbox/activities/*'], importNamePattern: '^(?!type )', allowTypeImports: true, message: 'Workflows import activities as types only.' },
          ],
        },
      ],
    },
  },
);
