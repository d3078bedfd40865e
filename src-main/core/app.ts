// The application core: everything a shell (Electron, web, CLI) needs, with no shell of its own.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CredentialStore, KeytarCredentialStore, MemoryCredentialStore, keychainServiceFromEnv } from './credentials.ts';
import { type Db, openDatabase } from './store/db.ts';
import { JobManager } from './jobs.ts';
import { InputError } from './errors.ts';
import { dataDirFromEnv } from './paths.ts';
import { exportsDir, sweepExportTemps } from './export/temp-files.ts';
import { msg } from '../contract/messages/render.ts';

export type ShellKind = 'electron' | 'web' | 'cli';

export interface AppOptions {
  dataDir?: string;
  shell: ShellKind;
  demo?: boolean;
  credentials?: CredentialStore;
  env?: Record<string, string | undefined>;
}

export interface App {
  readonly dataDir: string;
  readonly shell: ShellKind;
  readonly demo: boolean;
  readonly db: Db;
  readonly credentials: CredentialStore;
  /** Demo (sandbox) profiles only: their secrets live in memory for this session. */
  readonly demoSecrets: CredentialStore;
  readonly jobs: JobManager;
  readonly version: string;
  /**
   * Closes the database, runs `work` on the closed files (a restore, a fresh start), then opens the
   * database again. Refused while a job runs.
   */
  replaceDatabase<T>(work: () => Promise<T> | T): Promise<T>;
  close(): void;
}

export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function createApp(options: AppOptions): App {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? dataDirFromEnv(env);
  let db = openDatabase(dataDir, { appVersion: appVersion() });
  const credentials = options.credentials ?? new KeytarCredentialStore(keychainServiceFromEnv(env));
  const jobs = new JobManager();
  // Temp files of exports killed in an earlier run (never renamed, never cleaned by that run).
  sweepExportTemps(exportsDir({ dataDir }), Date.now());
  return {
    dataDir,
    shell: options.shell,
    demo: options.demo ?? false,
    get db() {
      return db;
    },
    credentials,
    demoSecrets: new MemoryCredentialStore(),
    jobs,
    version: appVersion(),
    async replaceDatabase<T>(work: () => Promise<T> | T): Promise<T> {
      if (jobs.list().some((j) => j.state === 'running')) throw new InputError('wait for the running jobs to finish (or cancel them) first', { msg: msg('app.jobs_running') });
      db.close();
      try {
        return await work();
      } finally {
        db = openDatabase(dataDir, { appVersion: appVersion() });
      }
    },
    close() {
      db.close();
    },
  };
}
