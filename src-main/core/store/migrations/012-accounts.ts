// Team accounts (issue #23): people, their sessions, and the sign-in attempts that lock a name out.
// What is kept is never enough to act as someone: a scrypt verifier (not the password) with its salt
// and cost, and the SHA-256 of each session token (the token itself lives only in the browser's
// cookie), so a copied database or backup opens no account and no session.
// No CHECK on role: a role added later would need a table rebuild (see 010); services validate it
// against contract/vocabulary.ts roleSchema.
export default `
  CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    password_salt   TEXT NOT NULL,
    password_params TEXT NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id_hash         TEXT PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at_ms   INTEGER NOT NULL,
    last_seen_at_ms INTEGER NOT NULL,
    expires_at_ms   INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (user_id);

  -- Keyed by the name as typed (lower-cased), known or not: guessing at a name that does not exist
  -- locks the same way, so the lockout does not tell which names exist.
  CREATE TABLE sign_ins (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    at_ms   INTEGER NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'locked'))
  );
  CREATE INDEX sign_ins_name ON sign_ins (name, id);
`;
