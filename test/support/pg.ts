// PostgreSQL in tests: every test gets its own database in the run's throwaway cluster
// (pg-global-setup.ts), created from a migrated template, so no test sees another's rows.
import { randomBytes } from 'node:crypto';
import { PgDatabase } from '../../src-main/core/store/pg/connection.ts';
import { PG_ID_TABLES } from '../../src-main/core/store/pg/migrations.ts';
import { openPostgres } from '../../src-main/core/store/pg/open.ts';
import type { Db } from '../../src-main/core/store/db.ts';

/** The cluster's maintenance URL, or undefined when the PostgreSQL suites are skipped. */
export const pgUrl: string | undefined = process.env.RECON_TEST_PG_URL;
export const pgSkipReason = process.env.RECON_TEST_PG_SKIP ?? (process.env.RECON_TEST_PG === '0' ? 'RECON_TEST_PG=0' : 'no PostgreSQL cluster');
if (!pgUrl) console.log(`PostgreSQL suites skipped: ${pgSkipReason}`);

/** The engines a parameterised suite runs on: SQLite always, PostgreSQL when the cluster runs. */
export const engines: Array<'sqlite' | 'postgres'> = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * The engine suites run on: RECON_TEST_ENGINE=postgres runs the store, service, reliability and CLI
 * suites on PostgreSQL (vitest.pg.config.ts); SQLite otherwise.
 */
export function testEngine(): 'sqlite' | 'postgres' {
  if (process.env.RECON_TEST_ENGINE !== 'postgres') return 'sqlite';
  if (!pgUrl) throw new Error(`RECON_TEST_ENGINE=postgres, but PostgreSQL is not available: ${pgSkipReason}`);
  return 'postgres';
}

function withMaintenance<T>(fn: (db: PgDatabase) => T): T {
  const db = new PgDatabase(pgUrl!, { idTables: PG_ID_TABLES });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

let template: string | undefined;
/** Migrated databases made ahead of time (reservePgDatabases), handed out first. */
const reserved: string[] = [];
/** While set, dropPgDatabase collects instead of dropping (flushPgDrops drops them). */
let deferredDrops: string[] | null = null;

/**
 * Makes `count` migrated databases now, and defers drops until flushPgDrops(): for suites whose cases
 * run side by side on one thread against real network timeouts (reliability/fault-matrix). Creating a
 * database from the template blocks the thread for ~0.5 s (more on a loaded machine), dropping one
 * and opening connections for ~0.1 s each: time the other case's requests spend unanswered by the
 * in-process sandbox, so they miss a 500 ms timeout that SQLite's temp files never come near.
 */
export function reservePgDatabases(count: number): void {
  for (let i = 0; i < count; i++) reserved.push(freshPgUrl({ migrated: true }));
  deferredDrops ??= [];
}

/** Drops what was deferred while reservePgDatabases was in effect, and ends the deferral. */
export function flushPgDrops(): void {
  const drops = deferredDrops ?? [];
  deferredDrops = null;
  for (const url of drops) dropPgDatabase(url);
  for (const url of reserved.splice(0)) dropPgDatabase(url);
}

/** A fresh, empty database (no schema) in the test cluster; returns its URL. */
export function freshPgUrl(options: { migrated?: boolean } = {}): string {
  if (!pgUrl) throw new Error(`PostgreSQL is not available: ${pgSkipReason}`);
  if (options.migrated && reserved.length > 0) return reserved.shift()!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  if (options.migrated) {
    if (!template) {
      const t = `tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
      withMaintenance((db) => db.exec(`CREATE DATABASE ${t}`));
      openPostgres(urlOf(t)).close();
      template = t;
    }
    withMaintenance((db) => db.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    // A copy of the template would share its install id, and with it the keychain accounts of its audit
    // key and head: each test database is its own install, as a freshly migrated one would be.
    const copy = new PgDatabase(urlOf(name), { idTables: PG_ID_TABLES });
    try {
      copy.prepare('UPDATE install SET install_id = @id WHERE singleton = 1').run({ id: randomBytes(16).toString('hex') });
    } finally {
      copy.close();
    }
  } else {
    withMaintenance((db) => db.exec(`CREATE DATABASE ${name}`));
  }
  return urlOf(name);
}

function urlOf(database: string): string {
  const u = new URL(pgUrl!);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A migrated PostgreSQL store on a fresh database. */
export function freshPgDb(): Db {
  return openPostgres(freshPgUrl({ migrated: true }));
}

const teamDatabases = new Map<string, string>();

/** The test database standing for a data folder under RECON_TEST_ENGINE=postgres (one per folder). */
export function pgUrlForDataDir(dir: string): string {
  let url = teamDatabases.get(dir);
  if (!url) {
    url = freshPgUrl({ migrated: true });
    teamDatabases.set(dir, url);
  }
  return url;
}

/** Drops a test database (its connections are closed first, forcibly). */
export function dropPgDatabase(url: string): void {
  if (deferredDrops) {
    deferredDrops.push(url);
    return;
  }
  const name = new URL(url).pathname.slice(1);
  withMaintenance((db) => db.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
