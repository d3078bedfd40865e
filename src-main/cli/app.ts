// The CLI's app core: the same database and keychain as the desktop app (RECON_DATA_DIR,
// RECON_KEYCHAIN_SERVICE), opened for the length of one command. The audit log is anchored in the
// keychain for the command, and its head caught up before the process exits.
import { anchorAudit, flushAuditHead } from '../core/audit-anchor.ts';
import { type App, createApp } from '../core/app.ts';
import type { CliIO } from './command.ts';

export async function withApp<T>(io: CliIO, work: (app: App) => Promise<T>): Promise<T> {
  const app = createApp({ shell: 'cli', env: io.env });
  try {
    await anchorAudit(app);
    return await work(app);
  } finally {
    await flushAuditHead(app).catch(() => undefined);
    app.close();
  }
}
