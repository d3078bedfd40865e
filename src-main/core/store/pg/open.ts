// Opening the team database: connect, then bring the schema to this version's (pg/migrations.ts) in
// one transaction, under an advisory lock so two consoles starting at once do not both migrate. A
// database written by a newer console is refused, never "upgraded down", as on SQLite.
import { StoreError } from '../../errors.ts';
import type { Db } from '../db.ts';
import { PgDatabase } from './connection.ts';
import { PG_ID_TABLES, pgMigrations } from './migrations.ts';
import { msg } from '../../../contract/messages/render.ts';

/** Key of the advisory lock held while migrating (any fixed number other than the writer lock). */
const MIGRATION_LOCK = 0x7265636f6e6d; // 'reconm'

export function pgSchemaVersion(): number {
  return pgMigrations.length;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The connection behind a Db when it is PostgreSQL, else undefined. */
export function asPostgres(db: Db): PgDatabase | undefined {
  return (db as unknown) instanceof PgDatabase ? (db as unknown as PgDatabase) : undefined;
}

export function connectPostgres(url: string): PgDatabase {
  return new PgDatabase(url, { idTables: PG_ID_TABLES });
}

/** The schema version recorded in the database (0 for an empty database). */
export function readPgSchemaVersion(db: PgDatabase): number {
  const exists = db.prepare("SELECT to_regclass('schema_version') IS NOT NULL").pluck().get() as number;
  if (!exists) return 0;
  return (db.prepare('SELECT COALESCE(MAX(version), 0) FROM schema_version').pluck().get() as number) ?? 0;
}

export interface PgMigrateResult {
  from: number;
  to: number;
}

export function migratePostgres(db: PgDatabase): PgMigrateResult {
  const target = pgMigrations.length;
  const check = (current: number) => {
    if (current > target) {
      throw new StoreError(
        `the team database ${db.name} was written by a newer version of the console (schema ${current}, this version knows ${target}); update the console`,
        { msg: msg('db.pg_newer', { where: db.name, schema: String(current), known: String(target) }) },
      );
    }
  };
  const before = readPgSchemaVersion(db);
  check(before);
  if (before === target) return { from: before, to: target };
  return db.transaction(() => {
    db.exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK});
      CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)`);
    // Another console may have migrated while this one waited for the lock.
    const current = readPgSchemaVersion(db);
    check(current);
    const record = db.prepare('INSERT INTO schema_version (version, applied_at_ms) VALUES (@version, @atMs)');
    for (let v = current; v < target; v++) {
      db.exec(pgMigrations[v]!);
      record.run({ version: v + 1, atMs: Date.now() });
    }
    return { from: current, to: target };
  })();
}

/** Opens and migrates the team database; the connection is a Db like SQLite's. */
export function openPostgres(url: string): Db {
  const db = connectPostgres(url);
  try {
    migratePostgres(db);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(`the team database ${db.name} cannot be used: ${(err as Error).message}`, { cause: err, msg: msg('db.pg_unusable', { where: db.name }), detail: (err as Error).message });
  }
  return db as unknown as Db;
}
