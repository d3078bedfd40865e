// The application core: everything a shell (Electron, web, CLI) needs, with no shell of its own.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CredentialStore, KeytarCredentialStore, MemoryCredentialStore, keychainServiceFromEnv } from './credentials.ts';
import { type Db, openDatabase } from './store/db.ts';
import { isPostgresUrl, openPostgres } from './store/pg/open.ts';
import { JobManager } from './jobs.ts';
import { InputError } from './errors.ts';
import { msg as message } from '../contract/messages/render.ts';
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

export type StoreEngine = 'sqlite' | 'postgres';

export interface App {
  readonly dataDir: string;
  /** SQLite (the embedded default) or PostgreSQL (RECON_DATABASE_URL: a team's shared database). */
  readonly engine: StoreEngine;
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

/** The team database's URL from RECON_DATABASE_URL, or undefined for the embedded SQLite store. */
export function databaseUrlFromEnv(env: Record<string, string | undefined>): string | undefined {
  const url = env.RECON_DATABASE_URL?.trim();
  if (!url) return undefined;
  if (!isPostgresUrl(url)) {
    throw new InputError('RECON_DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the SQLite file in the data folder)', { msg: message('team.database_url', {}) });
  }
  return url;
}

export function createApp(options: AppOptions): App {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? dataDirFromEnv(env);
  const url = databaseUrlFromEnv(env);
  // The data folder still holds logs, exports and locks when the store is PostgreSQL.
  const openStore = (): Db => (url ? openPostgres(url) : openDatabase(dataDir, { appVersion: appVersion() }));
  let db = openStore();
  const credentials = options.credentials ?? new KeytarCredentialStore(keychainServiceFromEnv(env));
  const jobs = new JobManager();
  // Temp files of exports killed in an earlier run (never renamed, never cleaned by that run).
  sweepExportTemps(exportsDir({ dataDir }), Date.now());
  return {
    dataDir,
    engine: url ? 'postgres' : 'sqlite',
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
      if (url) throw new InputError('the team database (PostgreSQL) is not replaced by the console: restore it with the database server\'s own tools', { msg: msg('restore.team_database') });
      db.close();
      try {
        return await work();
      } finally {
        db = openStore();
      }
    },
    close() {
      db.close();
    },
  };
}
