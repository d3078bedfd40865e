// 6: money booked by date, closed periods, and implausible gateway answers held back.
//  - orders.eff_fee / fee_source: the fee every screen shows, written by the one fee function
//    (core/fees.ts) when the row changes; orders.changed_at_ms: the gateway's own last-change time;
//    orders.anomaly: the codes of an implausible answer waiting for a person (null when none).
//  - money_entries: every change of an order's money as a dated row of signed deltas, never updated.
//    Sums per order equal the order's current figures; settlement, payouts and the workbook read these.
//    booked_day is the Taipei day it counts on; event_day the day it happened. They differ only when
//    event_day was already closed: the entry is then an adjustment on the first open day.
//  - money_days: the entries summed per (day, profile), kept by a trigger, so a month's figures
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

  -- One row per change of an order's money at one time: a signed delta per figure (one row, not one
  -- per figure, so that a sync of a million orders writes a million rows, not five million).
  CREATE TABLE money_entries (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    profile_id   INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    orders       INTEGER NOT NULL DEFAULT 0, -- the order counted (1) on its day
    gross        INTEGER NOT NULL DEFAULT 0, -- cents, like every other delta
    captured     INTEGER NOT NULL DEFAULT 0,
    refunded     INTEGER NOT NULL DEFAULT 0,
    fees         INTEGER NOT NULL DEFAULT 0,
    schedule_fees INTEGER NOT NULL DEFAULT 0, -- of fees: from the profile's schedule
    fees_returned INTEGER NOT NULL DEFAULT 0,
    settled      INTEGER NOT NULL DEFAULT 0,
    at_ms        INTEGER NOT NULL,   -- when it happened (see basis)
    event_day    TEXT NOT NULL,      -- Taipei day of at_ms
    booked_day   TEXT NOT NULL,      -- the day it counts on: event_day, or the first open day after a close
    basis        TEXT NOT NULL CHECK (basis IN ('order_time', 'gateway_time', 'action', 'seen', 'backfill')),
    source       TEXT NOT NULL,      -- which call brought the change ('106', 'report', 'refund', 'accept', ...)
    adjustment   INTEGER NOT NULL DEFAULT 0, -- 1 when booked_day > event_day because event_day was closed
    recorded_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX money_entries_order ON money_entries (order_id);
  CREATE INDEX money_entries_day ON money_entries (booked_day, profile_id);
  CREATE TRIGGER money_entries_no_update BEFORE UPDATE ON money_entries BEGIN
    SELECT RAISE(ABORT, 'money entries are never rewritten: book a new one');
  END;

  CREATE TABLE money_days (
    day        TEXT NOT NULL,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    orders     INTEGER NOT NULL,
    captured_orders INTEGER NOT NULL,    -- entries with captured > 0 (a fixed fee applies per such order)
    gross      INTEGER NOT NULL,
    captured   INTEGER NOT NULL,
    refunded   INTEGER NOT NULL,
    fees       INTEGER NOT NULL,
    schedule_fees INTEGER NOT NULL,
    fees_returned INTEGER NOT NULL,
    settled    INTEGER NOT NULL,
    adjustments INTEGER NOT NULL,        -- net (captured - refunded - fees + fees returned) of adjustments
    PRIMARY KEY (day, profile_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TRIGGER money_entries_roll AFTER INSERT ON money_entries BEGIN
    INSERT INTO money_days (day, profile_id, orders, captured_orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled, adjustments)
    VALUES (new.booked_day, new.profile_id, new.orders, new.captured > 0, new.gross, new.captured, new.refunded, new.fees, new.schedule_fees,
            new.fees_returned, new.settled,
            CASE WHEN new.adjustment THEN new.captured - new.refunded - new.fees + new.fees_returned ELSE 0 END)
    ON CONFLICT (day, profile_id) DO UPDATE SET
      orders = orders + excluded.orders, captured_orders = captured_orders + excluded.captured_orders, gross = gross + excluded.gross,
      captured = captured + excluded.captured, refunded = refunded + excluded.refunded, fees = fees + excluded.fees,
      schedule_fees = schedule_fees + excluded.schedule_fees, fees_returned = fees_returned + excluded.fees_returned,
      settled = settled + excluded.settled, adjustments = adjustments + excluded.adjustments;
  END;
  CREATE TRIGGER money_entries_unroll AFTER DELETE ON money_entries BEGIN
    UPDATE money_days SET orders = orders - old.orders, captured_orders = captured_orders - (old.captured > 0), gross = gross - old.gross,
      captured = captured - old.captured, refunded = refunded - old.refunded, fees = fees - old.fees,
      schedule_fees = schedule_fees - old.schedule_fees, fees_returned = fees_returned - old.fees_returned, settled = settled - old.settled,
      adjustments = adjustments - CASE WHEN old.adjustment THEN old.captured - old.refunded - old.fees + old.fees_returned ELSE 0 END
    WHERE day = old.booked_day AND profile_id = old.profile_id;
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
  INSERT INTO money_entries (order_id, profile_id, orders, gross, captured, refunded, fees, schedule_fees, fees_returned, settled,
      at_ms, event_day, booked_day, basis, source, recorded_at_ms)
    SELECT order_id, profile_id, counted, gross, captured, refunded, eff_fee, CASE WHEN schedule THEN eff_fee ELSE 0 END, fee_returned, settle,
      at_ms, day, day, 'backfill', 'migration-6', updated_at_ms
    FROM backfill WHERE counted <> 0 OR gross <> 0 OR captured <> 0 OR refunded <> 0 OR eff_fee <> 0 OR fee_returned <> 0 OR settle <> 0
    ORDER BY order_id;
  DROP TABLE temp.backfill;
  `;
