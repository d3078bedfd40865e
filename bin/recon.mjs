#!/usr/bin/env node
// Runs the CLI from TypeScript source where Node strips types (>= 22.18), else from the bundle.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src-main/cli/main.ts', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/node/recon.mjs', import.meta.url));
const entry = process.features.typescript && existsSync(source) ? source : bundle;
if (!existsSync(entry)) {
  process.stderr.write('recon: the CLI is not built; run `npm run build` (or use Node >= 22.18)\n');
  process.exit(2);
}
const mod = await import(entry);
await mod.main(process.argv.slice(2));
