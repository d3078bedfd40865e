import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, type ShellKind, createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';

/** A real app core on a real SQLite file in a temporary folder. Secrets in memory unless a store is given. */
export function tempApp(options: { shell?: ShellKind; demo?: boolean } = {}): App & { cleanup(): void } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-app-'));
  const app = createApp({ dataDir, shell: options.shell ?? 'web', demo: options.demo ?? false, credentials: new MemoryCredentialStore() });
  return Object.assign(app, {
    cleanup() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
