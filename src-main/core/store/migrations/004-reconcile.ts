// 4: the shop's own ledger and reconciliation against it.
//  - ledger_mappings: per profile, which column holds what (by header text) and the order-number
//    suffix rule; remembered so the next import of the same export needs no mapping step.
//  - ledger_rows: one row per (profile, shop order number); an import replaces the rows of the days
//    it covers.
//    match_key is the number after the suffix rule, recomputed when the rule changes.
//  - reconcile_exceptions: keyed by (profile, kind, order number) so a resolution survives re-runs;
//    last_run_id says whether the latest run still finds it.
//  - reconcile_resolutions: who resolved or accepted what, when, with which note; never updated.
export default `
  CREATE TABLE ledger_mappings (
    profile_id    INTEGER PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
    mapping       TEXT NOT NULL,            -- JSON {field: header}
    suffix_rule   TEXT NOT NULL,            -- JSON {kind, pattern?}
    updated_at_ms INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE ledger_imports (
    id             INTEGER PRIMARY KEY,
    profile_id     INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    file_name      TEXT NOT NULL,
    encoding       TEXT NOT NULL,
    mapping        TEXT NOT NULL,
    operator       TEXT NOT NULL,
    imported_at_ms INTEGER NOT NULL,
    rows           INTEGER NOT NULL,
    bad            INTEGER NOT NULL,
    skipped        INTEGER NOT NULL,
    from_day       TEXT NOT NULL,
    to_day         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX ledger_imports_profile ON ledger_imports (profile_id, id);

  CREATE TABLE ledger_rows (
    id            INTEGER PRIMARY KEY,
    profile_id    INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    import_id     INTEGER NOT NULL REFERENCES ledger_imports(id) ON DELETE CASCADE,
    row_no        INTEGER NOT NULL,
    order_no      TEXT NOT NULL,
    match_key     TEXT NOT NULL,
    amount        INTEGER NOT NULL,         -- cents
    ordered_at_ms INTEGER NOT NULL,
    taipei_day    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('paid', 'refunded', 'cancelled', 'pending', 'failed')),
    status_text   TEXT NOT NULL,            -- the shop's own word
    recheck_id    TEXT,
    pay_type      TEXT,
    UNIQUE (profile_id, order_no)
  ) STRICT;
  CREATE INDEX ledger_rows_day ON ledger_rows (profile_id, taipei_day);
  CREATE INDEX ledger_rows_key ON ledger_rows (profile_id, match_key);

  CREATE TABLE reconcile_runs (
    id         INTEGER PRIMARY KEY,
    profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    at_ms      INTEGER NOT NULL,
    operator   TEXT NOT NULL,
    shell      TEXT NOT NULL,
    matched    INTEGER NOT NULL,
    exceptions INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX reconcile_runs_profile ON reconcile_runs (profile_id, id);

  CREATE TABLE reconcile_exceptions (
    id                  INTEGER PRIMARY KEY,
    profile_id          INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL CHECK (kind IN ('missing_at_gateway', 'missing_in_ledger', 'amount_mismatch', 'status_mismatch')),
    order_no            TEXT NOT NULL,      -- the shop's number (ledger side) or the gateway's (missing_in_ledger)
    cache_order_no      TEXT,               -- the cached gateway order it concerns, to open and re-query
    ledger_amount       INTEGER,
    gateway_amount      INTEGER,
    ledger_status       TEXT,
    ledger_status_text  TEXT,
    gateway_status      TEXT,
    gateway_status_code TEXT,
    taipei_day          TEXT,
    detail              TEXT NOT NULL,
    state               TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'accepted')),
    note                TEXT NOT NULL DEFAULT '',
    resolved_by         TEXT,
    resolved_at_ms      INTEGER,
    first_run_id        INTEGER NOT NULL,
    last_run_id         INTEGER NOT NULL,
    first_seen_at_ms    INTEGER NOT NULL,
    last_seen_at_ms     INTEGER NOT NULL,
    UNIQUE (profile_id, kind, order_no)
  ) STRICT;
  CREATE INDEX reconcile_exceptions_run ON reconcile_exceptions (profile_id, last_run_id);

  CREATE TABLE reconcile_resolutions (
    id           INTEGER PRIMARY KEY,
    exception_id INTEGER NOT NULL REFERENCES reconcile_exceptions(id) ON DELETE CASCADE,
    at_ms        INTEGER NOT NULL,
    operator     TEXT NOT NULL,
    shell        TEXT NOT NULL,
    resolution   TEXT NOT NULL CHECK (resolution IN ('resolved', 'accepted')),
    note         TEXT NOT NULL
  ) STRICT;
  CREATE INDEX reconcile_resolutions_exception ON reconcile_resolutions (exception_id, at_ms);
  CREATE TRIGGER reconcile_resolutions_no_update BEFORE UPDATE ON reconcile_resolutions BEGIN
    SELECT RAISE(ABORT, 'resolution history is append-only');
  END;
  `;
