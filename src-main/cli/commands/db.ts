// recon db status | recon db migrate: which store the console uses (SQLite file, or the team's
// PostgreSQL from RECON_DATABASE_URL) and its schema.
import { type Command, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { appVersion, databaseUrlFromEnv } from '../../core/app.ts';
import { dataDirFromEnv } from '../../core/paths.ts';
import { migrateStore, storeStatus } from '../../core/store/status.ts';

export const dbStatusCommand: Command = {
  path: ['db', 'status'],
  summary: 'show the store: engine (SQLite, or PostgreSQL from RECON_DATABASE_URL), where, schema, counts',
  summaryZh: '顯示資料庫：引擎（SQLite，或由 RECON_DATABASE_URL 指定的 PostgreSQL）、位置、結構版本、筆數',
  options: { json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' } },
  details: 'Exit 0 when the schema is current, 1 when it needs `recon db migrate` (or is empty), 2 when it is newer than this console.',
  detailsZh: '結構為最新時結束代碼 0；需要執行 `recon db migrate`（或資料庫是空的）時為 1；比這個版本的主控台還新時為 2。',
  async run(options, io) {
    const s = storeStatus({ url: databaseUrlFromEnv(io.env), dataDir: dataDirFromEnv(io.env) });
    if (options.json === true) {
      io.stdout(`${JSON.stringify(s)}\n`);
    } else {
      const counts = s.counts ? `; ${s.counts.orders} orders, ${s.counts.actions} actions, ${s.counts.auditEntries} audit entries` : '';
      const english = `${s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'} ${s.location}: schema ${s.schema} of ${s.expected} (${s.state})${counts}`;
      const coded = msg('cli.db_status', { engine: s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite', location: s.location, schema: String(s.schema), expected: String(s.expected), state: s.state.replace('-', '_'), counted: s.counts ? 'yes' : 'no', orders: s.counts?.orders ?? 0, actions: s.counts?.actions ?? 0, audit: s.counts?.auditEntries ?? 0 });
      io.stdout(`${said(io, coded, english)}\n`);
    }
    return s.state === 'current' ? 0 : s.state === 'newer' ? 2 : 1;
  },
};

export const dbMigrateCommand: Command = {
  path: ['db', 'migrate'],
  summary: 'bring the store (SQLite file, or PostgreSQL from RECON_DATABASE_URL) to this version\'s schema',
  summaryZh: '把資料庫（SQLite 檔案，或由 RECON_DATABASE_URL 指定的 PostgreSQL）升級到這個版本的結構',
  options: { json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' } },
  details: 'All pending migrations run in one transaction; a database written by a newer console is refused.',
  detailsZh: '所有待執行的結構升級在同一個交易中完成；由較新版本主控台寫入的資料庫會被拒絕。',
  async run(options, io) {
    const r = migrateStore({ url: databaseUrlFromEnv(io.env), dataDir: dataDirFromEnv(io.env), appVersion: appVersion() });
    if (options.json === true) io.stdout(`${JSON.stringify(r)}\n`);
    else {
      const english = r.from === r.to ? `${r.location}: schema ${r.to}, already current` : `${r.location}: schema ${r.from} -> ${r.to}`;
      io.stdout(`${said(io, msg('cli.db_migrated', { location: r.location, from: String(r.from), to: String(r.to), same: r.from === r.to ? 'yes' : 'no' }), english)}\n`);
    }
    return 0;
  },
};
