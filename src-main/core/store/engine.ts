// Which engine a connection is: the repositories keep one SQL text wherever both engines read it the
// same way, and give each engine its own text at the few places the dialects differ.
import type { Db } from './db.ts';
import { PgDatabase, type PgStatement } from './pg/connection.ts';

export function isPostgres(db: Db): boolean {
  return (db as unknown) instanceof PgDatabase;
}

/** The engine's own text of a statement (or fragment) whose dialects differ. */
export function dialect<T>(db: Db, text: { sqlite: T; postgres: T }): T {
  return isPostgres(db) ? text.postgres : text.sqlite;
}

type Statement = ReturnType<Db['prepare']>;
type RunResult = ReturnType<Statement['run']>;

/**
 * `stmt.run(p)` for each parameter set, in order, with each one's result. On PostgreSQL inside a
 * transaction they travel in one round trip (pipelined): a sync answer's statements would otherwise
 * cost a worker hop and a server trip each. Outside a transaction each still runs on its own, so a
 * failure leaves the ones before it written, as one at a time would.
 */
export function runEach(db: Db, stmt: Statement, sets: readonly unknown[]): RunResult[] {
  if (isPostgres(db) && db.inTransaction) return (stmt as unknown as PgStatement).runMany(sets) as RunResult[];
  return sets.map((p) => stmt.run(p as never));
}

/** `stmt.get(p)` for each parameter set, in order; one round trip on PostgreSQL (reads need no transaction). */
export function getEach(db: Db, stmt: Statement, sets: readonly unknown[]): unknown[] {
  if (isPostgres(db)) return (stmt as unknown as PgStatement).getMany(sets);
  return sets.map((p) => stmt.get(p as never));
}
