// Fault injection for the crash-safety tests of money actions, off unless RECON_TEST_FAULT names one.
// `disk-full-after-send`: once a money request has been answered, every later write of this
// connection fails the way a full disk makes SQLite fail ("database or disk is full"), so a test can
// prove that the console then reports an unknown outcome (exit 3) and the next start settles it.
// Temporary triggers live in this connection only and vanish with it; the file is never touched
// (on PostgreSQL, a read-only session, which ends with the connection too).
import type { Db } from './db.ts';
import { isPostgres } from './engine.ts';

const armed = new WeakSet<Db>();

export function afterMoneySent(db: Db, env: Record<string, string | undefined> = process.env): void {
  if (env.RECON_TEST_FAULT !== 'disk-full-after-send' || armed.has(db)) return;
  armed.add(db);
  // The team database's nearest to a full disk: this session's later transactions may not write.
  if (isPostgres(db)) {
    db.exec('SET default_transaction_read_only = on');
    return;
  }
  const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const t of tables) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TEMP TRIGGER "full_${t}_${op}" BEFORE ${op} ON main."${t}" BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    }
  }
}

/**
 * `slow-claim:MS`: the claim of an order (services/actions.ts) pauses MS between its check for an
 * open action and writing its INTENT row, so processes started together all reach that check before
 * any INTENT exists. Without a database lock they would all go on to send; the exactly-once tests
 * on PostgreSQL use it to prove the lock is the database's.
 */
export function whileClaiming(env: Record<string, string | undefined> = process.env): void {
  const m = /^slow-claim:(\d{1,5})$/.exec(env.RECON_TEST_FAULT ?? '');
  if (m) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(m[1]));
}
