// Lint, including the layer rules: the folder says the runtime.
//  - src-main/core never imports electron (it runs in plain Node: CLI, web shell, tests);
//  - src-renderer never imports Node built-ins, electron, better-sqlite3 or keytar;
//  - layers/allowed-imports: each layer names the layers it may import (an allow-list, so a new
//    dependency direction is a reviewed change to LAYERS below, not something lint lets through).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const root = path.dirname(fileURLToPath(import.meta.url));

/** Folder of each layer, relative to the repository root. */
const LAYER_DIRS = {
  contract: 'src-main/contract',
  core: 'src-main/core',
  shell: 'src-main/shell',
  cli: 'src-main/cli',
  sandbox: 'src-main/sandbox',
  renderer: 'src-renderer',
};

/**
 * Which layers each layer may import from (its own always included). `only` names single files allowed
 * one more layer: demo mode and `recon sandbox` start the sandbox gateways in-process; `recon serve`
 * starts the team server (shell/team).
 */
export const LAYERS = {
  contract: { may: ['contract'] },
  core: { may: ['core', 'contract'] },
  shell: { may: ['shell', 'core', 'contract'], only: { 'src-main/shell/demo.ts': ['sandbox'] } },
  cli: { may: ['cli', 'core', 'contract'], only: { 'src-main/cli/commands/sandbox.ts': ['sandbox'], 'src-main/cli/commands/serve.ts': ['shell'] } },
  sandbox: { may: ['sandbox', 'core', 'contract'] },
  renderer: { may: ['renderer', 'contract'] },
};

function layerOf(absolute) {
  const rel = path.relative(root, absolute).split(path.sep).join('/');
  for (const [layer, dir] of Object.entries(LAYER_DIRS)) {
    if (rel === dir || rel.startsWith(`${dir}/`)) return { layer, rel };
  }
  return { layer: undefined, rel };
}

const allowedImports = {
  meta: { type: 'problem', schema: [], messages: { refused: '{{from}} may import only {{allowed}}; {{target}} is in {{to}}.' } },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const { layer: from, rel: fromRel } = layerOf(file);
    if (!from) return {};
    const rule = LAYERS[from];
    const allowed = [...rule.may, ...(rule.only?.[fromRel] ?? [])];
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source.value);
      const { layer: to, rel } = layerOf(target);
      if (allowed.includes(to)) return;
      context.report({ node: source, messageId: 'refused', data: { from, allowed: allowed.join(', '), target: rel, to: to ?? 'no layer' } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source.type === 'Literal' ? node.source : undefined),
    };
  },
};

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
    files: ['src-main/**', 'src-renderer/**'],
    plugins: { layers: { rules: { 'allowed-imports': allowedImports } } },
    rules: { 'layers/allowed-imports': 'error' },
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
