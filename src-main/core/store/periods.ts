// Closed periods: an append-only list of close-through and reopen-from events. The latest event
// decides which days are closed; a booking that belongs to a closed day goes to the first open day.
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';
import { type TaipeiDay, addDays } from '../time.ts';

type Statement = ReturnType<Db['prepare']>;
type NoParams = Database.Statement<[]>;

export interface PeriodEvent {
  id: number;
  action: 'close' | 'reopen';
  day: TaipeiDay;
  at_ms: number;
  operator: string;
  shell: string;
  reason: string;
}

const stores = new WeakMap<Db, PeriodStore>();

export function periodStore(db: Db): PeriodStore {
  let s = stores.get(db);
  if (!s) {
    s = new PeriodStore(db);
    stores.set(db, s);
  }
  return s;
}

export class PeriodStore {
  private readonly latestStmt: NoParams;
  private readonly listStmt: NoParams;
  private readonly appendStmt: Statement;

  constructor(db: Db) {
    this.latestStmt = db.prepare<[]>('SELECT action, day FROM period_events ORDER BY id DESC LIMIT 1');
    this.listStmt = db.prepare<[]>('SELECT * FROM period_events ORDER BY id');
    this.appendStmt = db.prepare(
      'INSERT INTO period_events (action, day, at_ms, operator, shell, reason) VALUES (@action, @day, @atMs, @operator, @shell, @reason)',
    );
  }

  /**
   * The last closed day, or null when nothing is closed. Read from the database on every call: another
   * process (the CLI) may have closed a period a moment ago.
   */
  closedThrough(): TaipeiDay | null {
    const e = this.latestStmt.get() as Pick<PeriodEvent, 'action' | 'day'> | undefined;
    if (!e) return null;
    return e.action === 'close' ? e.day : addDays(e.day, -1);
  }

  list(): PeriodEvent[] {
    return this.listStmt.all() as PeriodEvent[];
  }

  append(e: { action: 'close' | 'reopen'; day: TaipeiDay; atMs: number; operator: string; shell: string; reason: string }): number {
    return Number(this.appendStmt.run(e).lastInsertRowid);
  }
}
