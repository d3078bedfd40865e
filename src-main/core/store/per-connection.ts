// Statements are prepared once per connection: a repository is built on first use of a database
// handle and kept with it (a WeakMap, so a closed and dropped handle takes its statements along).
import type { Db } from './db.ts';

export function perConnection<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
