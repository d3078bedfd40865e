// The key/value `settings` table (defaults written by migrations).
import type { Db } from './db.ts';
import { perConnection } from './per-connection.ts';

export interface SettingsStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export const settingsStore = perConnection((db: Db): SettingsStore => {
  const read = db.prepare<{ key: string }>('SELECT value FROM settings WHERE key = @key').pluck();
  const write = db.prepare<{ key: string; value: string }>('INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  return {
    get: (key) => read.get({ key }) as string | undefined,
    set: (key, value) => void write.run({ key, value }),
  };
});
