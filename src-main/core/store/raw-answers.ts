// Raw gateway answers (raw_answers): every answer is kept as received, but the same answer to the same
// request is stored once (a re-sync of an unchanged range used to store the whole 106 answer again),
// and a retention rule bounds the table.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { dialect } from './engine.ts';

/** Answers kept per (profile, operation, request), newest first, besides those something links to. */
export const RAW_ANSWERS_KEPT_PER_REQUEST = 5;

export interface RawAnswerInput {
  profileId: number;
  atMs: number;
  operation: string;
  request: string;
  raw: string;
  verified: boolean;
  note?: string;
}

export class RawAnswerStore {
  private readonly findStmt: Statement;
  private readonly touchStmt: Statement;
  private readonly insertStmt: Statement;

  constructor(db: Db) {
    this.findStmt = db.prepare(
      `SELECT id FROM raw_answers WHERE profile_id = @profileId AND body_hash = @hash AND operation = @operation
         AND request = @request AND verified = @verified AND note = @note LIMIT 1`,
    );
    this.touchStmt = db.prepare(`UPDATE raw_answers SET at_ms = ${dialect(db, { sqlite: 'MAX', postgres: 'GREATEST' })}(at_ms, @atMs) WHERE id = @id`);
    this.insertStmt = db.prepare(
      `INSERT INTO raw_answers (profile_id, at_ms, operation, request, raw, verified, note, body_hash)
       VALUES (@profileId, @atMs, @operation, @request, @raw, @verified, @note, @hash)`,
    );
  }

  /** The id of the stored answer: an identical one already kept (its time moved to the latest), or a new row. */
  save(a: RawAnswerInput): number {
    const params = { ...a, verified: a.verified ? 1 : 0, note: a.note ?? '', hash: createHash('sha256').update(a.raw).digest('hex') };
    const existing = this.findStmt.get(params) as { id: number } | undefined;
    if (existing) {
      this.touchStmt.run({ id: existing.id, atMs: a.atMs });
      return existing.id;
    }
    return Number(this.insertStmt.run(params).lastInsertRowid);
  }
}

/**
 * Retention: keeps the latest RAW_ANSWERS_KEPT_PER_REQUEST answers per (profile, operation, request)
 * (for single-order queries that is per order), and every answer an order row or an action links
 * to. Returns how many rows went. (Anomaly links join the keep list when anomalies get a table.)
 */
export function pruneRawAnswers(db: Db, keep = RAW_ANSWERS_KEPT_PER_REQUEST): number {
  return db
    .prepare(
      `DELETE FROM raw_answers WHERE id IN (
         SELECT id FROM (
           SELECT id, ROW_NUMBER() OVER (PARTITION BY profile_id, operation, request ORDER BY at_ms DESC, id DESC) AS rn FROM raw_answers
         ) AS ranked WHERE rn > @keep
       )
       AND id NOT IN (SELECT raw_answer_id FROM orders WHERE raw_answer_id IS NOT NULL)
       AND id NOT IN (SELECT raw_answer_id FROM actions WHERE raw_answer_id IS NOT NULL)`,
    )
    .run({ keep }).changes;
}
