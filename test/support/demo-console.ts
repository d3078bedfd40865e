// The demo console most e2e files start: the web shell in demo mode after its first sync over the
// sandboxes, with a read-only handle on its database to check the screens against.
import path from 'node:path';
import Database from 'better-sqlite3';
import { type ConsoleProcess, startConsole } from './console-process.ts';
import { waitForJobs } from './console-api.ts';

export interface DemoConsole {
  c: ConsoleProcess;
  db: Database.Database;
  /** The newest Taipei day holding orders (the demo data ends today). */
  today: string;
  stop(): Promise<void>;
}

export async function startDemoConsole(): Promise<DemoConsole> {
  const c = await startConsole({ args: ['--demo'] });
  const errors = (await waitForJobs(c)).flatMap((j) => j.errors);
  if (errors.length) {
    await c.stop();
    throw new Error(`the demo's first sync reported errors: ${errors.join('; ')}`);
  }
  const db = new Database(path.join(c.dataDir, 'recon.sqlite'), { readonly: true });
  const today = db.prepare('SELECT MAX(taipei_day) FROM orders').pluck().get() as string;
  return {
    c,
    db,
    today,
    async stop() {
      db.close();
      await c.stop();
    },
  };
}
