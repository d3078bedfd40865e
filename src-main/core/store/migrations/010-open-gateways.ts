// The gateways are the registry's (core/gateways/registry.ts), not the schema's: migrations 001-003
// wrote CHECK (gateway IN (...two names...)) into profiles, orders and actions, which would refuse a
// third gateway's rows. SQLite cannot drop a CHECK in place, so each table is rebuilt (new table,
// copy with the same ids, drop, rename, indexes and triggers again). The runner (db.ts migrate)
// turns foreign keys off around migrations and runs foreign_key_check before it commits, so the
// drops do not cascade and the rebuilt tables are proven to still hold together.
export default `
  CREATE TABLE profiles_new (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    gateway       TEXT NOT NULL CHECK (gateway <> ''),
    environment   TEXT NOT NULL CHECK (environment IN ('sandbox', 'test', 'production')),
    trade_url     TEXT NOT NULL,
    query_url     TEXT NOT NULL,
    merchant_id   TEXT NOT NULL,
    fee_rate_ppm  INTEGER,
    fee_fixed_cents INTEGER,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    keychain_ns   TEXT
  ) STRICT;
  INSERT INTO profiles_new (id, name, gateway, environment, trade_url, query_url, merchant_id, fee_rate_ppm, fee_fixed_cents, demo, created_at, keychain_ns)
    SELECT id, name, gateway, environment, trade_url, query_url, merchant_id, fee_rate_ppm, fee_fixed_cents, demo, created_at, keychain_ns FROM profiles;
  DROP TABLE profiles;
  ALTER TABLE profiles_new RENAME TO profiles;

  CREATE TABLE orders_new (
    id               INTEGER PRIMARY KEY,
    profile_id       INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    gateway          TEXT NOT NULL CHECK (gateway <> ''),
    order_no         TEXT NOT NULL,
    gateway_order_no TEXT,
    ordered_at_ms    INTEGER,
    ordered_at_text  TEXT,
    taipei_day       TEXT,
    status           TEXT NOT NULL,
    status_code      TEXT NOT NULL,
    amount           INTEGER NOT NULL,
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
    payload          TEXT,
    raw_answer_id    INTEGER REFERENCES raw_answers(id) ON DELETE SET NULL,
    verified         INTEGER NOT NULL DEFAULT 0,
    source           TEXT NOT NULL,
    updated_at_ms    INTEGER NOT NULL,
    eff_fee          INTEGER NOT NULL DEFAULT 0,
    fee_source       TEXT NOT NULL DEFAULT 'gateway' CHECK (fee_source IN ('gateway', 'schedule')),
    changed_at_ms    INTEGER,
    anomaly          TEXT,
    UNIQUE (profile_id, order_no)
  ) STRICT;
  INSERT INTO orders_new (id, profile_id, gateway, order_no, gateway_order_no, ordered_at_ms, ordered_at_text, taipei_day, status, status_code,
      amount, captured, refunded, capturable, refundable, fee, fee_returned, shipping, pay_type, installments, bonus, auth_code, card_masked,
      payload, raw_answer_id, verified, source, updated_at_ms, eff_fee, fee_source, changed_at_ms, anomaly)
    SELECT id, profile_id, gateway, order_no, gateway_order_no, ordered_at_ms, ordered_at_text, taipei_day, status, status_code,
      amount, captured, refunded, capturable, refundable, fee, fee_returned, shipping, pay_type, installments, bonus, auth_code, card_masked,
      payload, raw_answer_id, verified, source, updated_at_ms, eff_fee, fee_source, changed_at_ms, anomaly FROM orders;
  DROP TABLE orders;
  ALTER TABLE orders_new RENAME TO orders;
  CREATE INDEX orders_profile_time ON orders (profile_id, ordered_at_ms DESC, id DESC);
  CREATE INDEX orders_status_time ON orders (status, ordered_at_ms DESC, id DESC);
  CREATE INDEX orders_order_no ON orders (order_no);
  CREATE INDEX orders_gateway_order_no ON orders (gateway_order_no);
  CREATE INDEX orders_auth_code ON orders (auth_code);
  CREATE INDEX orders_time ON orders (ordered_at_ms DESC, id DESC, profile_id, status, gateway, status_code, amount, captured, refunded, eff_fee, fee_returned, anomaly);
  CREATE INDEX orders_card_last4 ON orders (substr(card_masked, -4));
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

  CREATE TABLE actions_new (
    id               INTEGER PRIMARY KEY,
    idempotency_key  TEXT NOT NULL UNIQUE,
    profile_id       INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    profile_name     TEXT NOT NULL,
    gateway          TEXT NOT NULL CHECK (gateway <> ''),
    order_no         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('cancel', 'refund')),
    operation        TEXT NOT NULL,          -- the adapter's money operation, e.g. <gateway>:<call>
    amount           INTEGER NOT NULL,
    operator         TEXT NOT NULL,
    reason           TEXT NOT NULL,
    shell            TEXT NOT NULL,
    owner            TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('INTENT', 'SENT', 'UNKNOWN', 'SUCCEEDED', 'FAILED')),
    status_before    TEXT NOT NULL,
    status_after     TEXT,
    gateway_code     TEXT,
    gateway_message  TEXT,
    error            TEXT,
    resolution       TEXT,
    requeries        INTEGER NOT NULL DEFAULT 0,
    raw_answer_id    INTEGER REFERENCES raw_answers(id) ON DELETE SET NULL,
    created_at_ms    INTEGER NOT NULL,
    sent_at_ms       INTEGER,
    unknown_at_ms    INTEGER,
    finished_at_ms   INTEGER,
    updated_at_ms    INTEGER NOT NULL
  ) STRICT;
  INSERT INTO actions_new (id, idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner,
      state, status_before, status_after, gateway_code, gateway_message, error, resolution, requeries, raw_answer_id, created_at_ms, sent_at_ms,
      unknown_at_ms, finished_at_ms, updated_at_ms)
    SELECT id, idempotency_key, profile_id, profile_name, gateway, order_no, kind, operation, amount, operator, reason, shell, owner,
      state, status_before, status_after, gateway_code, gateway_message, error, resolution, requeries, raw_answer_id, created_at_ms, sent_at_ms,
      unknown_at_ms, finished_at_ms, updated_at_ms FROM actions;
  DROP TABLE actions;
  ALTER TABLE actions_new RENAME TO actions;
  CREATE UNIQUE INDEX actions_one_open_per_order ON actions (profile_id, order_no) WHERE state IN ('INTENT', 'SENT', 'UNKNOWN');
  CREATE INDEX actions_open ON actions (state) WHERE state IN ('INTENT', 'SENT', 'UNKNOWN');
  CREATE INDEX actions_order ON actions (profile_id, order_no, id);
  `;
