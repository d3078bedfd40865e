// The desktop package tests (`npm test` step "package"): electron-builder --dir with a stand-in
// Electron, the contents checked against a manifest, and the packaged main process booted under
// Node. Separate from the unit suite because building the package takes a while: global-setup
// builds each configuration once per run.
import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  test: {
    include: ['test/package/**/*.test.ts'],
    globalSetup: ['test/package/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
