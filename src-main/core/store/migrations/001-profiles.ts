// 1: settings and profiles
export default `
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
    fee_rate_ppm  INTEGER,           -- fee schedule: parts per million of the captured amount
    fee_fixed_cents INTEGER,         -- and a fixed fee per captured order, in cents
    demo          INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
  ) STRICT;
  `;
