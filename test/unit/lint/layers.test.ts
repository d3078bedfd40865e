// The layer rules are an allow-list: a new dependency direction (core reaching into a shell, the renderer
// into the database) must fail lint, not slip through because nobody thought to forbid it.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layer lint (allow-list)', () => {
  it.each([
    ['src-main/core/services/reconcile.ts', "import { handlers } from '../../shell/handlers.ts';\nexport const x = handlers;\n", 'shell'],
    ['src-main/core/services/reconcile.ts', "export { startSandboxes } from '../../sandbox/index.ts';\n", 'sandbox'],
    ['src-main/core/store/orders.ts', "export const m = await import('../../cli/main.ts');\n", 'cli'],
    ['src-main/contract/channels.ts', "export * from '../core/money.ts';\n", 'core'],
    ['src-renderer/App.tsx', "import { openDatabase } from '../src-main/core/store/db.ts';\nexport const x = openDatabase;\n", 'core'],
    ['src-main/shell/handlers.ts', "import { startSandboxes } from '../sandbox/index.ts';\nexport const x = startSandboxes;\n", 'sandbox'],
    ['src-main/cli/commands/orders.ts', "import { startSandboxes } from '../../sandbox/index.ts';\nexport const x = startSandboxes;\n", 'sandbox'],
  ])('in %s, refuses an import of another layer (case %#)', async (file, code, layer) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`is in ${layer}`);
  });

  it.each([
    ['src-main/core/services/reconcile.ts', "import { CHANNELS } from '../../contract/channels.ts';\nexport const x = CHANNELS;\n"],
    ['src-main/shell/handlers.ts', "import { openDatabase } from '../core/store/db.ts';\nexport const x = openDatabase;\n"],
    ['src-main/shell/demo.ts', "import { startSandboxes } from '../sandbox/index.ts';\nexport const x = startSandboxes;\n"],
    ['src-renderer/App.tsx', "import { CHANNELS } from '../src-main/contract/channels.ts';\nexport const x = CHANNELS;\n"],
  ])('in %s, allows the layers it may use (case %#)', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
