// 3: the money-action journal and the append-only, hash-chained audit log.
//  - actions: one row per cancel/refund attempt, walked INTENT -> SENT -> SUCCEEDED | FAILED | UNKNOWN.
//    The partial unique index is the cross-process lock: a second window or CLI cannot open another
//    action on an order while one is in flight or unresolved, whatever the code above it does.
//  - audit_log: rows carry the SHA-256 chain (prev_hash, hash); the triggers make UPDATE and DELETE
//    fail, so the only way to alter history is to drop a trigger, which the chain then exposes.
export default `
  CREATE TABLE actions (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT NOT NULL UNIQUE,
    profile_id       INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    profile_name     TEXT NOT NULL,
    gateway          TEXT NOT NULL CHECK (gateway IN ('flashpay', 'firstbank')),
    order_no         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('cancel', 'refund')),
    operation        TEXT NOT NULL,          -- 'flashpay:tx8' or 'firstbank:RefundProcessOnline'
    amount           INTEGER NOT NULL,       -- cents
    operator         TEXT NOT NULL,
    reason           TEXT NOT NULL,
    shell            TEXT NOT NULL,
    owner            TEXT NOT NULL,          -- host|pid of the process that sends it
    state            TEXT NOT NULL CHECK (state IN ('INTENT', 'SENT', 'UNKNOWN', 'SUCCEEDED', 'FAILED')),
    status_before    TEXT NOT NULL,
    status_after     TEXT,
    gateway_code     TEXT,
    gateway_message  TEXT,
    error            TEXT,
    resolution       TEXT,                   -- 'answer' | 'requery' | 'never-sent'
    requeries        INTEGER NOT NULL DEFAULT 0,
    raw_answer_id    INTEGER REFERENCES raw_answers(id) ON DELETE SET NULL,
    created_at_ms    INTEGER NOT NULL,
    sent_at_ms       INTEGER,
    unknown_at_ms    INTEGER,
    finished_at_ms   INTEGER,
    updated_at_ms    INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX actions_one_open_per_order ON actions (profile_id, order_no) WHERE state IN ('INTENT', 'SENT', 'UNKNOWN');
  CREATE INDEX actions_open ON actions (state) WHERE state IN ('INTENT', 'SENT', 'UNKNOWN');
  CREATE INDEX actions_order ON actions (profile_id, order_no, id);

  CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,        -- 1, 2, 3, ... with no gaps: a gap is a deleted entry
    at_ms       INTEGER NOT NULL,
    operator    TEXT NOT NULL,
    shell       TEXT NOT NULL,
    event       TEXT NOT NULL,              -- 'action.intent', 'action.sent', 'action.result', 'action.refused', ...
    outcome     TEXT NOT NULL,              -- 'refused' | 'intent' | 'sent' | 'succeeded' | 'failed' | 'unknown' | 'info'
    profile     TEXT,
    gateway     TEXT,
    order_no    TEXT,
    action_id   INTEGER,
    amount      INTEGER,
    request     TEXT NOT NULL,              -- what was asked, never a secret
    response    TEXT NOT NULL,              -- the decoded answer (card numbers masked)
    raw         TEXT NOT NULL,              -- the answer body as received (card numbers masked)
    note        TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
  ) STRICT;
  CREATE INDEX audit_time ON audit_log (at_ms);
  CREATE INDEX audit_order ON audit_log (order_no);
  CREATE INDEX audit_operator ON audit_log (operator);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be changed');
  END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: entries cannot be deleted');
  END;

  INSERT INTO settings (key, value) VALUES ('actions.typedAmountThresholdCents', '1000000') ON CONFLICT (key) DO NOTHING;
  INSERT INTO settings (key, value) VALUES ('actions.settleSeconds', '60') ON CONFLICT (key) DO NOTHING;
  `;
