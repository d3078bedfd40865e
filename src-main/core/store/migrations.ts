// Numbered migrations: index i brings user_version from i to i+1. Append only; never edit one that
// has shipped.
export const migrations: string[] = [
  // 1: settings and profiles
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  CREATE TABLE profiles (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    gateway       TEXT NOT NULL CHECK (gateway IN ('flashpay', 'firstbank')),
    environment   TEXT NOT NULL CHECK (environment IN ('sandbox', 'test', 'production')),
    trade_url     TEXT NOT NULL,
    query_url     TEXT NOT NULL,
    merchant_id   TEXT NOT NULL,
    fee_percent_bp INTEGER,          -- fee schedule, basis points of the captured amount
    fee_fixed_cents INTEGER,
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
  ) STRICT;
  `,
];
