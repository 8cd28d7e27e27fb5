// Lint encodes the architecture (STYLE.md 8); Prettier settles formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

// Isomorphic packages must run in the browser and on the gateway: no Node built-ins.
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'net',
  'http',
  'stream',
  'worker_threads',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '.tmp/**', 'packages/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'packages/web/tsconfig.json'],
          conditionNames: ['source', 'import', 'types', 'default'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@doppel/*/src/*', '@doppel/*/dist/*'],
              message: 'Import a package through its index (STYLE.md 2).',
            },
          ],
        },
      ],
    },
  },
  {
    // Isomorphic packages.
    files: ['packages/{core,protocol,dtdl}/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: nodeBuiltins, message: 'core, protocol and dtdl are isomorphic: no Node built-ins.' }] },
      ],
    },
  },
  {
    // Domain code never imports an adapter: only the composition root wires them (DESIGN.md 5).
    files: ['packages/server/src/**/*.ts'],
    ignores: [
      'packages/server/src/platform.ts',
      'packages/server/src/start-history.ts',
      'packages/server/src/adapters/**',
      '**/*.test.ts',
    ],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/adapters/**'], message: 'Domain code depends on ports; only platform.ts wires adapters.' },
            {
              group: ['@doppel/*/src/*', '@doppel/*/dist/*'],
              message: 'Import a package through its index (STYLE.md 2).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Plain JavaScript run by Node (scripts, the CLI's bin).
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // node:test's describe/it return promises that the runner awaits itself.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // Config files of tools need default exports.
    files: ['**/*.config.{js,ts}', 'packages/web/vite.config.ts'],
    rules: { 'import-x/no-default-export': 'off' },
  },
);
