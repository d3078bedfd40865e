// 2: the order cache, its status history (kept by triggers), raw answers, and resumable sync runs
export default `
  CREATE TABLE raw_answers (
    id          INTEGER PRIMARY KEY,
    profile_id  INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    at_ms       INTEGER NOT NULL,
    operation   TEXT NOT NULL,      -- '106', '107', 'report', 'notify', 'cancel', 'refund', ...
    request     TEXT NOT NULL,      -- what was asked, without secrets
    raw         TEXT NOT NULL,      -- the answer body exactly as received
    verified    INTEGER NOT NULL,   -- 1 when chk / signature checked out
    note        TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE INDEX raw_answers_profile ON raw_answers (profile_id, at_ms);

  CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    profile_id       INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    gateway          TEXT NOT NULL CHECK (gateway IN ('flashpay', 'firstbank')),
    order_no         TEXT NOT NULL,          -- the merchant's order number (ord_no / OrderId)
    gateway_order_no TEXT,                   -- FlashPay order_no / First Bank ReCheckId
    ordered_at_ms    INTEGER,                -- UTC instant; null until the gateway tells us
    ordered_at_text  TEXT,                   -- as the gateway wrote it
    taipei_day       TEXT,                   -- YYYY-MM-DD of ordered_at in Asia/Taipei
    status           TEXT NOT NULL,          -- normalized
    status_code      TEXT NOT NULL,          -- the gateway's own code ('' when never queried)
    amount           INTEGER NOT NULL,       -- cents, like every money column
    captured         INTEGER NOT NULL DEFAULT 0,
    refunded         INTEGER NOT NULL DEFAULT 0,
    capturable       INTEGER NOT NULL DEFAULT 0,
    refundable       INTEGER NOT NULL DEFAULT 0,
    fee              INTEGER NOT NULL DEFAULT 0,
    fee_returned     INTEGER NOT NULL DEFAULT 0,
    shipping         INTEGER NOT NULL DEFAULT 0,
    pay_type         TEXT,
    installments     INTEGER NOT NULL DEFAULT 0,
    bonus            INTEGER NOT NULL DEFAULT 0,
    auth_code        TEXT,
    card_masked      TEXT,
    payload          TEXT,                   -- the decoded payload of the last answer, tokenized (payload-codec.ts)
    raw_answer_id    INTEGER REFERENCES raw_answers(id) ON DELETE SET NULL,
    verified         INTEGER NOT NULL DEFAULT 0,
    source           TEXT NOT NULL,          -- which call last updated the row
    updated_at_ms    INTEGER NOT NULL,
    UNIQUE (profile_id, order_no)
  ) STRICT;
  -- The money columns ride along so the console's totals over a date range read the index alone.
  CREATE INDEX orders_time ON orders (ordered_at_ms DESC, id DESC, profile_id, status, gateway, status_code, amount, captured, refunded, fee, fee_returned);
  CREATE INDEX orders_profile_time ON orders (profile_id, ordered_at_ms DESC, id DESC);
  CREATE INDEX orders_status_time ON orders (status, ordered_at_ms DESC, id DESC);
  CREATE INDEX orders_order_no ON orders (order_no);
  CREATE INDEX orders_gateway_order_no ON orders (gateway_order_no);
  CREATE INDEX orders_auth_code ON orders (auth_code);

  CREATE TABLE order_history (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    at_ms       INTEGER NOT NULL,
    source      TEXT NOT NULL,
    status_code TEXT NOT NULL,
    status      TEXT NOT NULL,
    captured    INTEGER NOT NULL,
    refunded    INTEGER NOT NULL,
    fee         INTEGER NOT NULL,
    fee_returned INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX order_history_order ON order_history (order_id, at_ms);
  -- Every change seen is history, written by the database itself so no code path can forget it.
  CREATE TRIGGER orders_history_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_history (order_id, at_ms, source, status_code, status, captured, refunded, fee, fee_returned)
    VALUES (new.id, new.updated_at_ms, new.source, new.status_code, new.status, new.captured, new.refunded, new.fee, new.fee_returned);
  END;
  CREATE TRIGGER orders_history_update AFTER UPDATE ON orders
  WHEN old.status_code IS NOT new.status_code OR old.captured IS NOT new.captured OR old.refunded IS NOT new.refunded
    OR old.fee IS NOT new.fee OR old.fee_returned IS NOT new.fee_returned OR old.amount IS NOT new.amount
  BEGIN
    INSERT INTO order_history (order_id, at_ms, source, status_code, status, captured, refunded, fee, fee_returned)
    VALUES (new.id, new.updated_at_ms, new.source, new.status_code, new.status, new.captured, new.refunded, new.fee, new.fee_returned);
  END;

  CREATE TABLE sync_runs (
    id           INTEGER PRIMARY KEY,
    profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    from_day     TEXT NOT NULL,
    to_day       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER,
    summary      TEXT
  ) STRICT;
  CREATE TABLE sync_chunks (
    run_id     INTEGER NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    orders     INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    PRIMARY KEY (run_id, seq)
  ) STRICT;
  `;
