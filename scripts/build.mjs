// Builds what cannot run from source: the renderer (Vite) and the Electron main/preload bundles
// (esbuild; a sandboxed preload must be a single CommonJS file). The CLI and the web shell run
// from TypeScript source on Node >= 22.18 (type stripping); dist/node holds bundles for older Nodes
// and for the packaged app.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2];
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

if (!only || only === 'renderer') {
  await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}
if (!only || only === 'node') {
  await esbuild({
    ...common,
    entryPoints: { main: 'src-main/shell/electron/main.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // pino stays a module of its own: bundled, its lazily loaded transport workers would be missing.
    external: ['electron', 'better-sqlite3', 'keytar', 'exceljs', 'pino'],
    // The core is ESM and finds package.json and keytar through import.meta.url.
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await esbuild({
    ...common,
    entryPoints: { preload: 'src-main/shell/electron/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  });
  // The ledger reader's worker thread (core/ledger/table-off-thread.ts) and the PostgreSQL
  // connection's (core/store/pg/connection.ts), next to each bundle.
  for (const outdir of ['dist/node', 'dist/electron']) {
    await esbuild({
      ...common,
      entryPoints: { 'ledger-worker': 'src-main/core/ledger/table-worker.ts', 'pg-worker': 'src-main/core/store/pg/worker.ts' },
      outdir,
      outExtension: { '.js': '.mjs' },
      format: 'esm',
      packages: 'external',
    });
  }
  await esbuild({
    ...common,
    entryPoints: { recon: 'src-main/cli/main.ts', web: 'src-main/shell/web/main.ts' },
    outdir: 'dist/node',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    packages: 'external',
  });
}
