// The install id that namespaces this database's keychain accounts (migration 007).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Db } from './db.ts';
import { isPostgres } from './engine.ts';

/**
 * This data folder's install id. The first use records the folder; a database opened from another
 * folder (a restored or copied one) gets a fresh id, so its secrets never share accounts with the
 * original's: it copies them on first use and removing a profile there leaves the original's alone.
 */
export function installNamespace(db: Db, dataDir: string): string {
  // A team database is opened from many folders on many machines at once: it is one install, and
  // each desktop's keychain holds the profiles' secrets under that one id.
  if (isPostgres(db)) return db.prepare('SELECT install_id FROM install WHERE singleton = 1').pluck().get() as string;
  const folder = path.resolve(dataDir);
  return db.transaction(() => {
    const row = db.prepare('SELECT install_id AS id, data_dir AS dir FROM install WHERE singleton = 1').get() as { id: string; dir: string | null };
    if (row.dir === folder) return row.id;
    const id = row.dir === null ? row.id : randomBytes(16).toString('hex');
    db.prepare('UPDATE install SET install_id = @id, data_dir = @folder WHERE singleton = 1').run({ id, folder });
    return id;
  }).immediate();
}

export function profileNamespace(db: Db, profileId: number): string | null {
  return (db.prepare('SELECT keychain_ns FROM profiles WHERE id = ?').pluck().get(profileId) as string | null | undefined) ?? null;
}

export function setProfileNamespace(db: Db, profileId: number, ns: string): void {
  db.prepare('UPDATE profiles SET keychain_ns = @ns WHERE id = @profileId').run({ ns, profileId });
}
