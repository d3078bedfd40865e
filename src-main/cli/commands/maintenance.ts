// recon backup | restore | diagnostics | check: the database's safety net from the command line.
import path from 'node:path';
import { type Command, UsageError, optionalString, requireString } from '../command.ts';
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
  options: { out: { type: 'string', required: true, description: 'the backup file to create (must not exist)', value: 'FILE' } },
  async run(options, io) {
    const out = path.resolve(requireString(options, 'out'));
    return withApp(io, async (app) => {
      teamDatabaseRefuses(app.engine, 'recon backup', 'back it up with pg_dump on the database server', 'pg_dump');
      const done = await backupTo(app.db, out, { kind: 'manual', appVersion: app.version });
      log().info({ file: out }, 'backup written (recon backup)');
      io.stdout(`backup written to ${out} (${done.bytes} bytes, schema ${done.meta.schemaVersion}, ${done.meta.auditEntries} audit entries)\n`);
      return 0;
    });
  },
};

export const restoreCommand: Command = {
  path: ['restore'],
  summary: 'replace the database with a checked backup (the replaced one is kept), or start fresh',
  options: {
    from: { type: 'string', description: 'the backup file to restore', value: 'FILE' },
    latest: { type: 'boolean', description: 'restore the newest backup in the data folder\'s backups/' },
    fresh: { type: 'boolean', description: 'start with a new, empty database; the current one is moved to replaced/' },
  },
  details:
    'The backup is checked on a copy before anything is replaced: SQLite integrity_check, a schema this version can read, and the audit log\'s hash chain.\n' +
    'The replaced database is moved to the data folder\'s replaced/ folder, never deleted.',
  async run(options, io) {
    const dataDir = dataDirFromEnv(io.env);
    teamDatabaseRefuses(databaseUrlFromEnv(io.env) ? 'postgres' : 'sqlite', 'recon restore', 'restore it with the database server\'s own tools (pg_restore)', 'pg_restore');
    const chosen = [optionalString(options, 'from') !== undefined, options.latest === true, options.fresh === true].filter(Boolean).length;
    if (chosen !== 1) throw new UsageError('recon restore: give exactly one of --from FILE, --latest or --fresh');
    if (options.fresh === true) {
      const aside = startFresh(dataDir);
      log().warn({ aside }, 'database set aside; starting fresh (recon restore --fresh)');
      io.stdout(aside ? `the database was moved to ${aside}; the console starts with a new, empty database\n` : 'there was no database; the console starts with a new one\n');
      return 0;
    }
    let from = optionalString(options, 'from');
    if (options.latest === true) {
      const latest = latestBackup(dataDir);
      if (!latest) throw new UsageError(`recon restore --latest: there is no backup in ${path.join(dataDir, 'backups')}`);
      from = latest.file;
    }
    const source = path.resolve(from!);
    const done = await restoreFrom(source, dataDir);
    log().warn({ from: source, replaced: done.replaced, auditEntries: done.auditEntries }, 'database restored (recon restore)');
    io.stdout(
      `restored ${source}: integrity ok, audit log verified (${done.auditEntries} entries)` +
        (done.replaced ? `; the replaced database is kept at ${done.replaced}\n` : '\n'),
    );
    return 0;
  },
};

export const diagnosticsCommand: Command = {
  path: ['diagnostics'],
  summary: 'bundle the logs, versions and schema version into a zip for support (never secrets)',
  options: { out: { type: 'string', required: true, description: 'the zip file to write', value: 'FILE.zip' } },
  async run(options, io) {
    const out = path.resolve(requireString(options, 'out'));
    return withApp(io, async (app) => {
      const done = writeDiagnostics(app, out);
      io.stdout(`diagnostics written to ${out} (${done.logs} log files, ${done.bytes} bytes)\n`);
      return 0;
    });
  },
};

export const checkCommand: Command = {
  path: ['check'],
  summary: 'run SQLite\'s full integrity_check on the database',
  options: {},
  details: 'Exit: 0 when the database is sound, 1 when it is damaged (then: recon restore --latest).',
  async run(_options, io) {
    return withApp(io, async (app) => {
      teamDatabaseRefuses(app.engine, 'recon check', 'PostgreSQL checks its own pages (data checksums, pg_amcheck)', 'pg_amcheck');
      const verdict = integrityCheck(app.db);
      if (verdict.length === 1 && verdict[0] === 'ok') {
        io.stdout('database OK (integrity_check)\n');
        return 0;
      }
      io.stdout(`DATABASE DAMAGED: ${verdict.slice(0, 5).join('; ')}; restore the latest backup: recon restore --latest\n`);
      return 1;
    });
  },
};
