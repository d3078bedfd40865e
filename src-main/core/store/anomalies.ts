// Held-back gateway answers: what the answer said (normalized, without its payload, which stays in
// raw_answers), why it was held back, and who accepted it.
import type { Db } from './db.ts';

type Statement = ReturnType<Db['prepare']>;

export interface AnomalyRow {
  id: number;
  order_id: number;
  profile_id: number;
  raw_answer_id: number | null;
  at_ms: number;
  codes: string;
  answer: string;
  state: 'open' | 'accepted' | 'superseded';
  decided_by: string | null;
  decided_at_ms: number | null;
  note: string;
}

export interface AnomalyListRow extends AnomalyRow {
  order_no: string;
  profile_name: string;
  gateway: string;
}

const stores = new WeakMap<Db, AnomalyStore>();

export function anomalyStore(db: Db): AnomalyStore {
  let s = stores.get(db);
  if (!s) {
    s = new AnomalyStore(db);
    stores.set(db, s);
  }
  return s;
}

export class AnomalyStore {
  private readonly insertStmt: Statement;
  private readonly flagStmt: Statement;
  private readonly supersedeStmt: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly decideStmt: Statement;
  private readonly ofOrderStmt: Statement;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO order_anomalies (order_id, profile_id, raw_answer_id, at_ms, codes, answer)
       VALUES (@orderId, @profileId, @rawAnswerId, @atMs, @codes, @answer)`,
    );
    this.flagStmt = db.prepare('UPDATE orders SET anomaly = @codes WHERE id = @orderId');
    this.supersedeStmt = db.prepare(
      `UPDATE order_anomalies SET state = 'superseded', decided_at_ms = @nowMs, note = @note WHERE order_id = @orderId AND state = 'open'`,
    );
    const select = `SELECT a.*, o.order_no, p.name AS profile_name, p.gateway FROM order_anomalies a
      JOIN orders o ON o.id = a.order_id JOIN profiles p ON p.id = a.profile_id`;
    this.getStmt = db.prepare(`${select} WHERE a.id = @id`);
    this.listStmt = db.prepare(`${select} WHERE (CAST(@state AS TEXT) IS NULL OR a.state = @state) ORDER BY a.id DESC LIMIT @limit`);
    this.ofOrderStmt = db.prepare(`${select} WHERE a.order_id = @orderId ORDER BY a.id DESC`);
    this.decideStmt = db.prepare(
      `UPDATE order_anomalies SET state = 'accepted', decided_by = @operator, decided_at_ms = @nowMs, note = @note WHERE id = @id AND state = 'open'`,
    );
  }

  /** Holds an answer back and flags its order; the order's money stays as it was. */
  hold(a: { orderId: number; profileId: number; rawAnswerId: number | null; atMs: number; codes: string[]; answer: string }): number {
    // One open anomaly per order: the newest answer is the one a person decides on.
    this.supersedeStmt.run({ orderId: a.orderId, nowMs: a.atMs, note: 'a newer answer replaced it' });
    const codes = JSON.stringify(a.codes);
    this.flagStmt.run({ orderId: a.orderId, codes });
    return Number(this.insertStmt.run({ ...a, codes }).lastInsertRowid);
  }

  /** A plausible answer arrived: what was held back is moot. The caller clears the order's flag. */
  supersede(orderId: number, nowMs: number): void {
    this.supersedeStmt.run({ orderId, nowMs, note: 'a plausible answer replaced it' });
  }

  markAccepted(id: number, operator: string, note: string, nowMs: number): boolean {
    return this.decideStmt.run({ id, operator, note, nowMs }).changes > 0;
  }

  get(id: number): AnomalyListRow | undefined {
    return this.getStmt.get({ id }) as AnomalyListRow | undefined;
  }

  list(state: AnomalyRow['state'] | null, limit = 500): AnomalyListRow[] {
    return this.listStmt.all({ state, limit }) as AnomalyListRow[];
  }

  ofOrder(orderId: number): AnomalyListRow[] {
    return this.ofOrderStmt.all({ orderId }) as AnomalyListRow[];
  }
}
