// Fault injection for the crash-safety tests of money actions, off unless RECON_TEST_FAULT names one.
// `disk-full-after-send`: once a money request has been answered, every later write of this
// connection fails the way a full disk makes SQLite fail ("database or disk is full"), so a test can
// prove that the console then reports an unknown outcome (exit 3) and the next start settles it.
// Temporary triggers live in this connection only and vanish with it; the file is never touched.
import type { Db } from './db.ts';

const armed = new WeakSet<Db>();

export function afterMoneySent(db: Db, env: Record<string, string | undefined> = process.env): void {
  if (env.RECON_TEST_FAULT !== 'disk-full-after-send' || armed.has(db)) return;
  armed.add(db);
  const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const t of tables) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      db.exec(`CREATE TEMP TRIGGER "full_${t}_${op}" BEFORE ${op} ON main."${t}" BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
    }
  }
}
