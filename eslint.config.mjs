// Lint, including the layer rules: the folder says the runtime.
//  - src-main/core never imports electron (it runs in plain Node: CLI, web shell, tests);
//  - src-renderer never imports Node built-ins, electron, better-sqlite3 or keytar.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src-main/core/**', 'src-main/sandbox/**', 'src-main/cli/**', 'src-main/contract/**', 'src-main/shell/web/**', 'src-main/shell/handlers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/shell/electron may import electron: this code also runs in plain Node.' }] },
      ],
    },
  },
  {
    files: ['src-main/core/**'],
    languageOptions: { globals: { ...globals.node, window: 'off', document: 'off' } },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer is web code: no Node built-ins. Ask the core through the contract.' })),
            { name: 'electron', message: 'The renderer talks to main only through window.recon (the contract).' },
            { name: 'better-sqlite3', message: 'The renderer never touches the database; use the contract.' },
            { name: 'keytar', message: 'Secrets never reach the renderer.' },
          ],
          patterns: [
            { group: ['**/src-main/core/**', '**/src-main/shell/**', '**/src-main/cli/**', '**/src-main/sandbox/**'], message: 'The renderer may import only src-main/contract.' },
          ],
        },
      ],
    },
  },
);
