// Two-person approval of large cancels and refunds (issue #23): a request waits here until a different
// finance person approves or rejects it, or it expires. The approved action itself is an ordinary row
// of `actions` (same lock, same journal); the request keeps its id and outcome.
// No CHECK on state: a state added later would need a table rebuild (see 010); services validate it
// against contract/vocabulary.ts approvalState. At most one PENDING request per order, across processes.
// The threshold and lifetime are settings rows written when an admin sets them; until then the
// defaults in core/services/action-settings.ts apply (no rows here, so a database's settings are
// exactly what someone chose).
export default `
  CREATE TABLE approval_requests (
    id              INTEGER PRIMARY KEY,
    profile_id      INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
    profile_name    TEXT NOT NULL,
    gateway         TEXT NOT NULL,
    order_no        TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('cancel', 'refund')),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    reason          TEXT NOT NULL,
    requester       TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    expires_at_ms   INTEGER NOT NULL,
    state           TEXT NOT NULL,
    decided_by      TEXT,
    decided_at_ms   INTEGER,
    decision_reason TEXT,
    action_id       INTEGER REFERENCES actions(id) ON DELETE SET NULL,
    outcome         TEXT,
    outcome_note    TEXT
  );
  CREATE UNIQUE INDEX approval_requests_one_pending ON approval_requests (profile_id, order_no) WHERE state = 'PENDING';
  CREATE INDEX approval_requests_state ON approval_requests (state, id);

`;
