// The CLI's app core: the same database and keychain as the desktop app (RECON_DATA_DIR,
// RECON_KEYCHAIN_SERVICE), opened for the length of one command. Commands that write or check the
// audit log (`audit: true`) first load this install's audit key from the keychain, so their entries
// are sealed, and catch the keychain's head up before the process exits. The others never touch
// the keychain for it (a locked keychain that prompts would hold up every command).
import { anchorAudit, flushAuditHead } from '../core/audit-anchor.ts';
import { type App, createApp } from '../core/app.ts';
import type { CliIO } from './command.ts';

export async function withApp<T>(io: CliIO, work: (app: App) => Promise<T>, options: { audit?: boolean } = {}): Promise<T> {
  const app = createApp({ shell: 'cli', env: io.env });
  try {
    if (options.audit) await anchorAudit(app);
    return await work(app);
  } finally {
    await flushAuditHead(app).catch(() => undefined);
    app.close();
  }
}
