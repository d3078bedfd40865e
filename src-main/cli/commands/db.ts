// recon db status | recon db migrate: which store the console uses (SQLite file, or the team's
// PostgreSQL from RECON_DATABASE_URL) and its schema.
import type { Command } from '../command.ts';
import { appVersion, databaseUrlFromEnv } from '../../core/app.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { migrateStore, storeStatus } from '../../core/store/status.ts';

export const dbStatusCommand: Command = {
  path: ['db', 'status'],
  summary: 'show the store: engine (SQLite, or PostgreSQL from RECON_DATABASE_URL), where, schema, counts',
  options: { json: { type: 'boolean', description: 'print JSON' } },
  details: 'Exit 0 when the schema is current, 1 when it needs `recon db migrate` (or is empty), 2 when it is newer than this console.',
  async run(options, io) {
    const s = storeStatus({ url: databaseUrlFromEnv(io.env), dataDir: dataDirFromEnv(io.env) });
    if (options.json === true) {
      io.stdout(`${JSON.stringify(s)}\n`);
    } else {
      const counts = s.counts ? `; ${s.counts.orders} orders, ${s.counts.actions} actions, ${s.counts.auditEntries} audit entries` : '';
      io.stdout(`${s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'} ${s.location}: schema ${s.schema} of ${s.expected} (${s.state})${counts}\n`);
    }
    return s.state === 'current' ? 0 : s.state === 'newer' ? 2 : 1;
  },
};

export const dbMigrateCommand: Command = {
  path: ['db', 'migrate'],
  summary: 'bring the store (SQLite file, or PostgreSQL from RECON_DATABASE_URL) to this version\'s schema',
  options: { json: { type: 'boolean', description: 'print JSON' } },
  details: 'All pending migrations run in one transaction; a database written by a newer console is refused.',
  async run(options, io) {
    const r = migrateStore({ url: databaseUrlFromEnv(io.env), dataDir: dataDirFromEnv(io.env), appVersion: appVersion() });
    if (options.json === true) io.stdout(`${JSON.stringify(r)}\n`);
    else io.stdout(r.from === r.to ? `${r.location}: schema ${r.to}, already current\n` : `${r.location}: schema ${r.from} -> ${r.to}\n`);
    return 0;
  },
};
