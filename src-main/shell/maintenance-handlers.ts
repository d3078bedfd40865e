// Handlers of the maintenance channels (Settings: backups, restore, database check, diagnostics),
// spread into the shared handler table.
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { z } from 'zod';
import type { Channel, ResultOf, contract } from '../contract/channels.ts';
import type { App } from '../core/app.ts';
import { msg } from '../contract/messages/render.ts';
import { InputError } from '../core/errors.ts';
import { checkDatabase, healthOf } from '../core/ops/maintenance.ts';
import { writeDiagnostics } from '../core/ops/diagnostics.ts';
import { log, logsDir } from '../core/ops/log.ts';
import { backupToFolder, backupsDir, listBackups, restoreFrom } from '../core/store/backup.ts';
import { exportsDir } from '../core/services/export.ts';
import { readFileSync } from 'node:fs';

type MaintenanceChannel = Extract<Channel, `maintenance:${string}`>;
type Handlers = {
  [C in MaintenanceChannel]: (request: z.infer<(typeof contract)[C]['request']>, app: App) => Promise<ResultOf<C>> | ResultOf<C>;
};

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

export const maintenanceHandlers: Handlers = {
  'maintenance:status': (_req, app) => ({
    backups: listBackups(app.dataDir).map((b) => ({ name: b.name, kind: b.kind, createdAt: new Date(b.createdAtMs).toISOString(), bytes: b.bytes })),
    health: healthOf(app),
    logsDir: logsDir(app.dataDir),
    backupsDir: backupsDir(app.dataDir),
  }),
  'maintenance:backup': async (_req, app) => {
    const done = await backupToFolder(app.db, app.dataDir, 'manual', app.version);
    log().info({ file: done.file }, 'backup written on request');
    return { name: path.basename(done.file), path: done.file, kind: 'manual', createdAt: done.meta.createdAt, bytes: done.bytes };
  },
  'maintenance:check': (_req, app) => checkDatabase(app),
  'maintenance:restore': async (req, app) => {
    const backup = listBackups(app.dataDir).find((b) => b.name === req.name);
    if (!backup) throw new InputError(`no backup named ${JSON.stringify(req.name)} in ${backupsDir(app.dataDir)}`, { msg: msg('shell.no_backup', { name: req.name, dir: backupsDir(app.dataDir) }) });
    const result = await app.replaceDatabase(() => restoreFrom(backup.file, app.dataDir));
    log().warn({ from: backup.file, replaced: result.replaced, auditEntries: result.auditEntries }, 'database restored from a backup');
    return { restored: backup.name, replacedPath: result.replaced, auditEntries: result.auditEntries };
  },
  'maintenance:diagnostics': (_req, app) => {
    mkdirSync(exportsDir(app), { recursive: true });
    const fileName = `recon-diagnostics-${stamp()}.zip`;
    const out = writeDiagnostics(app, path.join(exportsDir(app), fileName));
    return { path: out.file, fileName, bytes: out.bytes, contentBase64: readFileSync(out.file).toString('base64') };
  },
};
