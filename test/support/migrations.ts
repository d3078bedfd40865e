// A database as an older console left it: the schema just before a given migration, for upgrade
// tests that put data in first and then let openDatabase run the newer migrations over it.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DB_FILE } from '../../src-main/core/store/db.ts';
import { migrations } from '../../src-main/core/store/migrations.ts';

/** The schema as it was before `migration` (a migration module's SQL) ran. */
export function databaseBefore(dataDir: string, migration: string): Database.Database {
  const version = migrations.indexOf(migration);
  if (version < 0) throw new Error('that migration is not registered');
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DB_FILE));
  db.pragma('foreign_keys = ON');
  for (let v = 0; v < version; v++) db.exec(migrations[v]!);
  db.pragma(`user_version = ${version}`);
  return db;
}
