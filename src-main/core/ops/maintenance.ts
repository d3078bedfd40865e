// The console's housekeeping while it runs: the daily backup (checked at start and every hour), the
// full quick_check of a database too large to check before start, and the on-demand versions of
// both for Settings and the CLI.
import path from 'node:path';
import { statSync } from 'node:fs';
import type { App } from '../app.ts';
import { DB_FILE } from '../store/db.ts';
import { QUICK_CHECK_AT_START_BYTES, quickCheckInBackground } from '../store/health.ts';
import { dailyBackupIfDue } from '../store/backup.ts';
import { log } from './log.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface HealthState {
  checkedAt: string | null;
  ok: boolean | null;
  problems: string[];
}

const health = new WeakMap<App, HealthState>();

export function healthOf(app: App): HealthState {
  return health.get(app) ?? { checkedAt: null, ok: null, problems: [] };
}

/** quick_check on a worker thread; the verdict is logged and kept for Settings. */
export async function checkDatabase(app: App): Promise<HealthState> {
  const verdict = await quickCheckInBackground(path.join(app.dataDir, DB_FILE));
  const state: HealthState = { checkedAt: new Date().toISOString(), ok: verdict.ok, problems: verdict.problems };
  health.set(app, state);
  if (verdict.ok) log().info('database quick_check ok');
  else log().error({ problems: verdict.problems }, 'database quick_check found damage; restore the latest backup');
  return state;
}

async function dailyBackup(app: App): Promise<void> {
  try {
    const file = await dailyBackupIfDue(app.db, app.dataDir, app.version);
    if (file) log().info({ file }, 'daily backup written');
  } catch (err) {
    log().error({ err }, 'daily backup failed');
  }
}

/** Starts the housekeeping (and a log line for every job that ends); returns a function that stops it. */
export function startMaintenance(app: App): () => void {
  const unsubscribe = app.jobs.onProgress((p) => {
    if (p.state === 'running') return;
    const entry = { job: p.kind, jobId: p.jobId, state: p.state, done: p.done, total: p.total, message: p.message, errors: p.errors.slice(0, 10) };
    if (p.state === 'failed') log().warn(entry, 'job failed');
    else log().info(entry, 'job ended');
  });
  // A team database (PostgreSQL) is checked and backed up by its server's own tools (pg_dump, WAL
  // archiving); the file checks and SQLite backups below are for the embedded store.
  if (app.engine === 'postgres') return () => unsubscribe();
  let size = 0;
  try {
    size = statSync(path.join(app.dataDir, DB_FILE)).size;
  } catch {
    // no file yet
  }
  // A small database was checked in full while opening.
  if (size > QUICK_CHECK_AT_START_BYTES) void checkDatabase(app).catch((err: unknown) => log().error({ err }, 'background quick_check failed'));
  void dailyBackup(app);
  const timer = setInterval(() => void dailyBackup(app), HOUR_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
