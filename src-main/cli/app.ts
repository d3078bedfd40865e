// The CLI's app core: the same database and keychain as the desktop app (RECON_DATA_DIR,
// RECON_KEYCHAIN_SERVICE), opened for the length of one command.
import { type App, createApp } from '../core/app.ts';
import type { CliIO } from './command.ts';

export async function withApp<T>(io: CliIO, work: (app: App) => Promise<T>): Promise<T> {
  const app = createApp({ shell: 'cli', env: io.env });
  try {
    return await work(app);
  } finally {
    app.close();
  }
}
