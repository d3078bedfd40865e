// 6: money booked by date, closed periods, and implausible gateway answers held back.
//  - orders.eff_fee / fee_source: the fee every screen shows, written by the one fee function
//    (core/fees.ts) when the row changes; orders.changed_at_ms: the gateway's own last-change time;
//    orders.anomaly: the codes of an implausible answer waiting for a person (null when none).
//  - money_entries: every change of an order's money as a dated, signed delta, never updated. Sums per
//    order equal the order's current figures; settlement, payouts and the workbook read these.
//    booked_day is the Taipei day it counts on; event_day the day it happened. They differ only when
//    event_day was already closed: the entry is then an adjustment on the first open day.
//  - money_days: the entries summed per (day, profile, kind), kept by a trigger, so a month's figures
//    read a few hundred rows however many orders there are.
//  - period_events: close-through / reopen-from, append-only; the latest event decides.
//  - order_anomalies: the held-back answers (normalized JSON) and what a person did with them.
// Existing orders are backfilled: their money is booked on their own order day (basis 'backfill'),
// which is what the daily settlement showed before this version.
export default `
  ALTER TABLE orders ADD COLUMN eff_fee INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE orders ADD COLUMN fee_source TEXT NOT NULL DEFAULT 'gateway' CHECK (fee_source IN ('gateway', 'schedule'));
  ALTER TABLE orders ADD COLUMN changed_at_ms INTEGER;
  ALTER TABLE orders ADD COLUMN anomaly TEXT;

  UPDATE orders SET
    fee_source = CASE WHEN orders.gateway = 'firstbank' AND orders.fee = 0
        AND EXISTS (SELECT 1 FROM profiles p WHERE p.id = orders.profile_id AND (p.fee_rate_ppm IS NOT NULL OR p.fee_fixed_cents IS NOT NULL))
      THEN 'schedule' ELSE 'gateway' END;
  UPDATE orders SET eff_fee = CASE
      WHEN fee_source = 'schedule' AND captured > 0 THEN
        (SELECT (orders.captured * COALESCE(p.fee_rate_ppm, 0) + 500000) / 1000000 + COALESCE(p.fee_fixed_cents, 0) FROM profiles p WHERE p.id = orders.profile_id)
      WHEN fee_source = 'schedule' THEN 0
      ELSE fee END;

  -- The totals of a date range read the index alone: the fee counted is eff_fee now.
  DROP INDEX orders_time;
  CREATE INDEX orders_time ON orders (ordered_at_ms DESC, id DESC, profile_id, status, gateway, status_code, amount, captured, refunded, eff_fee, fee_returned, anomaly);

  CREATE TABLE money_entries (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('order', 'gross', 'capture', 'refund', 'fee', 'fee_return', 'settle')),
    amount       INTEGER NOT NULL,   -- signed delta in cents ('order': a count)
    schedule     INTEGER NOT NULL DEFAULT 0, -- 1 for a fee from the profile's schedule
    at_ms        INTEGER NOT NULL,   -- when it happened (see basis)
    event_day    TEXT NOT NULL,      -- Taipei day of at_ms
    booked_day   TEXT NOT NULL,      -- the day it counts on: event_day, or the first open day after a close
    basis        TEXT NOT NULL CHECK (basis IN ('order_time', 'gateway_time', 'action', 'seen', 'backfill')),
    source       TEXT NOT NULL,      -- which call brought the change ('106', 'report', 'refund', 'accept', ...)
    adjustment   INTEGER NOT NULL DEFAULT 0, -- 1 when booked_day > event_day because event_day was closed
    recorded_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX money_entries_order ON money_entries (order_id, kind);
  CREATE INDEX money_entries_day ON money_entries (booked_day, profile_id);
  CREATE TRIGGER money_entries_no_update BEFORE UPDATE ON money_entries BEGIN
    SELECT RAISE(ABORT, 'money entries are never rewritten: book a new one');
  END;

  CREATE TABLE money_days (
    day        TEXT NOT NULL,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    positives  INTEGER NOT NULL,     -- entries with amount > 0 (captured orders, for a fixed fee)
    adjusted   INTEGER NOT NULL,     -- of amount: adjustments
    schedule   INTEGER NOT NULL,     -- of amount: fees from the profile's schedule
    PRIMARY KEY (day, profile_id, kind)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER money_entries_roll AFTER INSERT ON money_entries BEGIN
    INSERT INTO money_days (day, profile_id, kind, amount, positives, adjusted, schedule)
    VALUES (new.booked_day, new.profile_id, new.kind, new.amount, new.amount > 0,
            CASE WHEN new.adjustment THEN new.amount ELSE 0 END, CASE WHEN new.schedule THEN new.amount ELSE 0 END)
    ON CONFLICT (day, profile_id, kind) DO UPDATE SET
      amount = amount + excluded.amount, positives = positives + excluded.positives,
      adjusted = adjusted + excluded.adjusted, schedule = schedule + excluded.schedule;
  END;
  CREATE TRIGGER money_entries_unroll AFTER DELETE ON money_entries BEGIN
    UPDATE money_days SET amount = amount - old.amount, positives = positives - (old.amount > 0),
      adjusted = adjusted - CASE WHEN old.adjustment THEN old.amount ELSE 0 END,
      schedule = schedule - CASE WHEN old.schedule THEN old.amount ELSE 0 END
    WHERE day = old.booked_day AND profile_id = old.profile_id AND kind = old.kind;
  END;

  CREATE TABLE period_events (
    id        INTEGER PRIMARY KEY,
    action    TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
    day       TEXT NOT NULL,        -- close: closed through this day; reopen: open from this day
    at_ms     INTEGER NOT NULL,
    operator  TEXT NOT NULL,
    shell     TEXT NOT NULL,
    reason    TEXT NOT NULL
  ) STRICT;
  CREATE TRIGGER period_events_no_update BEFORE UPDATE ON period_events BEGIN
    SELECT RAISE(ABORT, 'period history is append-only');
  END;

  CREATE TABLE order_anomalies (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    raw_answer_id INTEGER REFERENCES raw_answers(id) ON DELETE SET NULL,
    at_ms         INTEGER NOT NULL,
    codes         TEXT NOT NULL,      -- JSON array of anomaly codes
    answer        TEXT NOT NULL,      -- the normalized answer held back (JSON, without payload)
    state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'superseded')),
    decided_by    TEXT,
    decided_at_ms INTEGER,
    note          TEXT NOT NULL DEFAULT ''
  ) STRICT;
  CREATE INDEX order_anomalies_order ON order_anomalies (order_id, state);
  CREATE INDEX order_anomalies_state ON order_anomalies (state, profile_id);

  -- Backfill: each existing order's current money on its own order day (else the day it was cached).
  CREATE TEMP TABLE backfill AS
    SELECT o.id AS order_id, o.profile_id, COALESCE(o.ordered_at_ms, o.updated_at_ms) AS at_ms,
      COALESCE(o.taipei_day, date(o.updated_at_ms / 1000 + 8 * 3600, 'unixepoch')) AS day,
      o.ordered_at_ms IS NOT NULL AS counted,
      CASE WHEN o.status IN ('authorized', 'captured', 'settled', 'refund_pending', 'refunded', 'refund_settled') THEN o.amount ELSE 0 END AS gross,
      o.captured, o.refunded, o.eff_fee, o.fee_source = 'schedule' AS schedule, o.fee_returned,
      CASE WHEN (o.gateway = 'flashpay' AND o.status_code IN ('04', '08')) OR (o.gateway = 'firstbank' AND o.status_code IN ('2', '3'))
        THEN o.captured - o.refunded - o.eff_fee + o.fee_returned ELSE 0 END AS settle,
      o.updated_at_ms
    FROM orders o WHERE o.anomaly IS NULL;
  INSERT INTO money_entries (order_id, profile_id, kind, amount, schedule, at_ms, event_day, booked_day, basis, source, recorded_at_ms)
    SELECT order_id, profile_id, kind, amount, schedule, at_ms, day, day, 'backfill', 'migration-6', updated_at_ms FROM (
      SELECT order_id, profile_id, 'order' AS kind, 1 AS amount, 0 AS schedule, at_ms, day, updated_at_ms FROM backfill WHERE counted
      UNION ALL SELECT order_id, profile_id, 'gross', gross, 0, at_ms, day, updated_at_ms FROM backfill WHERE gross <> 0
      UNION ALL SELECT order_id, profile_id, 'capture', captured, 0, at_ms, day, updated_at_ms FROM backfill WHERE captured <> 0
      UNION ALL SELECT order_id, profile_id, 'refund', refunded, 0, at_ms, day, updated_at_ms FROM backfill WHERE refunded <> 0
      UNION ALL SELECT order_id, profile_id, 'fee', eff_fee, schedule, at_ms, day, updated_at_ms FROM backfill WHERE eff_fee <> 0
      UNION ALL SELECT order_id, profile_id, 'fee_return', fee_returned, 0, at_ms, day, updated_at_ms FROM backfill WHERE fee_returned <> 0
      UNION ALL SELECT order_id, profile_id, 'settle', settle, 0, at_ms, day, updated_at_ms FROM backfill WHERE settle <> 0
    ) ORDER BY order_id;
  DROP TABLE temp.backfill;
  `;
