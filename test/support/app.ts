import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, type ShellKind, createApp } from '../../src-main/core/app.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { dropPgDatabase, pgUrlForDataDir, testEngine } from './pg.ts';

/**
 * A real app core on a real SQLite file in a temporary folder, or with `engine: 'postgres'` on a fresh
 * database of the run's PostgreSQL cluster. Secrets in memory unless a store is given.
 */
export function tempApp(options: { shell?: ShellKind; demo?: boolean; engine?: 'sqlite' | 'postgres' } = {}): App & { cleanup(): void } {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-app-'));
  const url = (options.engine ?? testEngine()) === 'postgres' ? pgUrlForDataDir(dataDir) : undefined;
  const env = url ? { ...process.env, RECON_DATABASE_URL: url } : process.env;
  const app = createApp({ dataDir, shell: options.shell ?? 'web', demo: options.demo ?? false, credentials: new MemoryCredentialStore(), env });
  return Object.assign(app, {
    cleanup() {
      app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (url) dropPgDatabase(url);
    },
  });
}
