// Which engine a connection is: the repositories keep one SQL text wherever both engines read it the
// same way, and give each engine its own text at the few places the dialects differ.
import type { Db } from './db.ts';
import { PgDatabase } from './pg/connection.ts';

export function isPostgres(db: Db): boolean {
  return (db as unknown) instanceof PgDatabase;
}

/** The engine's own text of a statement (or fragment) whose dialects differ. */
export function dialect<T>(db: Db, text: { sqlite: T; postgres: T }): T {
  return isPostgres(db) ? text.postgres : text.sqlite;
}
