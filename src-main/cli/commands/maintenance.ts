// recon backup | restore | diagnostics | check: the database's safety net from the command line.
import path from 'node:path';
import { type Command, UsageError, optionalString, requireString, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { msg as message } from '../../contract/messages/render.ts';
import { type StoreEngine, databaseUrlFromEnv } from '../../core/app.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { backupTo, latestBackup, restoreFrom, startFresh } from '../../core/store/backup.ts';
import { integrityCheck } from '../../core/store/db.ts';
import { writeDiagnostics } from '../../core/ops/diagnostics.ts';
import { log } from '../../core/ops/log.ts';

/** The SQLite file's safety net does not apply to a team database: say what to use instead. */
function teamDatabaseRefuses(engine: StoreEngine, command: string, instead: string, tool: string): void {
  if (engine === 'postgres') {
    throw new UsageError(`${command}: the store is the team database (PostgreSQL, RECON_DATABASE_URL); ${instead}`, { msg: message('team.server_tools', { command, tool }) });
  }
}

export const backupCommand: Command = {
  path: ['backup'],
  summary: 'write an online backup of the database (SQLite backup API) to a new file',
  summaryZh: '將資料庫線上備份到新的檔案（使用 SQLite 的備份 API）',
  options: { out: { type: 'string', required: true, description: 'the backup file to create (must not exist)', zh: '要建立的備份檔（不能是已存在的檔案）', value: 'FILE' } },
  async run(options, io) {
    const out = path.resolve(requireString(options, 'out'));
    return withApp(io, async (app) => {
      teamDatabaseRefuses(app.engine, 'recon backup', 'back it up with pg_dump on the database server', 'pg_dump');
      const done = await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
      log().info({ file: out }, 'backup written (recon backup)');
      const english = `backup written to ${out} (${done.bytes} bytes, schema ${done.meta.schemaVersion}, ${done.meta.auditEntries} audit entries)`;
      io.stdout(`${said(io, msg('cli.backup_written', { file: out, bytes: done.bytes, schema: done.meta.schemaVersion, auditEntries: done.meta.auditEntries }), english)}\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  path: ['restore'],
  summary: 'replace the database with a checked backup (the replaced one is kept), or start fresh',
  summaryZh: '以檢查過的備份還原資料庫（被取代的資料庫會保留），或改用全新的空白資料庫',
  options: {
    from: { type: 'string', description: 'the backup file to restore', zh: '要還原的備份檔', value: 'FILE' },
    latest: { type: 'boolean', description: 'restore the newest backup in the data folder\'s backups/', zh: '還原資料夾中 backups/ 裡最新的備份' },
    fresh: { type: 'boolean', description: 'start with a new, empty database; the current one is moved to replaced/', zh: '改用全新的空白資料庫；目前的資料庫會移到 replaced/' },
  },
  details:
    'The backup is checked on a copy before anything is replaced: SQLite integrity_check, a schema this version can read, and the audit log\'s hash chain.\n' +
    'The replaced database is moved to the data folder\'s replaced/ folder, never deleted.',
  detailsZh:
    '取代資料庫之前，會先在副本上檢查備份：SQLite integrity_check、此版本能讀取的資料庫結構，以及稽核紀錄的雜湊鏈。\n' +
    '被取代的資料庫會移到資料夾中的 replaced/，不會刪除。',
  async run(options, io) {
    const dataDir = dataDirFromEnv(io.env);
    teamDatabaseRefuses(databaseUrlFromEnv(io.env) ? 'postgres' : 'sqlite', 'recon restore', 'restore it with the database server\'s own tools (pg_restore)', 'pg_restore');
    const chosen = [optionalString(options, 'from') !== undefined, options.latest === true, options.fresh === true].filter(Boolean).length;
    if (chosen !== 1) throw new UsageError('recon restore: give exactly one of --from FILE, --latest or --fresh', { msg: msg('cli.restore_one_of') });
    if (options.fresh === true) {
      const aside = startFresh(dataDir);
      log().warn({ aside }, 'database set aside; starting fresh (recon restore --fresh)');
      io.stdout(
        aside
          ? `${said(io, msg('cli.restore_fresh_moved', { file: aside }), `the database was moved to ${aside}; the console starts with a new, empty database`)}\n`
          : `${said(io, msg('cli.restore_fresh_new'), 'there was no database; the console starts with a new one')}\n`,
      );
      return 0;
    }
    let from = optionalString(options, 'from');
    if (options.latest === true) {
      const latest = latestBackup(dataDir);
      const folder = path.join(dataDir, 'backups');
      if (!latest) throw new UsageError(`recon restore --latest: there is no backup in ${folder}`, { msg: msg('cli.restore_no_backup', { folder }) });
      from = latest.file;
    }
    const source = path.resolve(from!);
    const done = await restoreFrom(source, dataDir);
    log().warn({ from: source, replaced: done.replaced, auditEntries: done.auditEntries }, 'database restored (recon restore)');
    const english = `restored ${source}: integrity ok, audit log verified (${done.auditEntries} entries)` + (done.replaced ? `; the replaced database is kept at ${done.replaced}` : '');
    const restored = done.replaced
      ? msg('cli.restored_kept', { file: source, auditEntries: done.auditEntries, replaced: done.replaced })
      : msg('cli.restored', { file: source, auditEntries: done.auditEntries });
    io.stdout(`${said(io, restored, english)}\n`);
    return 0;
  },
};

export const diagnosticsCommand: Command = {
  path: ['diagnostics'],
  summary: 'bundle the logs, versions and schema version into a zip for support (never secrets)',
  summaryZh: '將記錄檔、版本與資料庫結構版本打包成 zip，提供給技術支援（不含任何金鑰）',
  options: { out: { type: 'string', required: true, description: 'the zip file to write', zh: '要寫入的 zip 檔案', value: 'FILE.zip' } },
  async run(options, io) {
    const out = path.resolve(requireString(options, 'out'));
    return withApp(io, async (app) => {
      const done = writeDiagnostics(app, out);
      io.stdout(`${said(io, msg('cli.diagnostics_written', { file: out, logs: done.logs, bytes: done.bytes }), `diagnostics written to ${out} (${done.logs} log files, ${done.bytes} bytes)`)}\n`);
      return 0;
    });
  },
};

export const checkCommand: Command = {
  path: ['check'],
  summary: 'run SQLite\'s full integrity_check on the database',
  summaryZh: '對資料庫執行 SQLite 完整的 integrity_check 檢查',
  options: {},
  details: 'Exit: 0 when the database is sound, 1 when it is damaged (then: recon restore --latest).',
  detailsZh: '結束代碼：0 資料庫完好；1 資料庫已損毀（請執行 recon restore --latest）。',
  async run(_options, io) {
    return withApp(io, async (app) => {
      teamDatabaseRefuses(app.engine, 'recon check', 'PostgreSQL checks its own pages (data checksums, pg_amcheck)', 'pg_amcheck');
      const verdict = integrityCheck(app.db);
      if (verdict.length === 1 && verdict[0] === 'ok') {
        io.stdout(`${said(io, msg('cli.db_ok'), 'database OK (integrity_check)')}\n`);
        return 0;
      }
      const problems = verdict.slice(0, 5).join('; ');
      io.stdout(`${said(io, msg('cli.db_damaged', { problems }), `DATABASE DAMAGED: ${problems}; restore the latest backup: recon restore --latest`)}\n`);
      return 1;
    });
  },
};
