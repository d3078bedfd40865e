// 7: keychain accounts namespaced per data folder. Accounts used to be `profile-<rowid>:hashKey`, the
// same in every data folder on the machine, so a second folder (or a restored copy) overwrote and
// then deleted the first one's secrets.
//  - install: one row, a random id for this database and the folder it was first used in. A copy
//    opened from another folder gets a new id at first use (store/install.ts).
//  - profiles.keychain_ns: the install id the profile's keychain accounts are under; NULL for
//    profiles from before this migration, whose entries (legacy names) move on first use.
//  - raw_answers.body_hash: SHA-256 of the body, so the same answer to the same request is kept
//    once (store/raw-answers.ts); older rows keep NULL and are simply never matched.
export default `
  CREATE TABLE install (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    install_id TEXT NOT NULL,
    data_dir   TEXT
  ) STRICT;
  INSERT INTO install (singleton, install_id, data_dir) VALUES (1, lower(hex(randomblob(16))), NULL);
  ALTER TABLE profiles ADD COLUMN keychain_ns TEXT;
  ALTER TABLE raw_answers ADD COLUMN body_hash TEXT;
  CREATE INDEX raw_answers_hash ON raw_answers (profile_id, body_hash);
`;
