// recon team import --from recon.sqlite: a desktop's orders, journal, audit log, ledger imports,
// resolutions and periods into the team database (RECON_DATABASE_URL). See store/team-import.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, UsageError, requireString, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { databaseUrlFromEnv } from '../../core/app.ts';
import { openReadOnly } from '../../core/store/health.ts';
import { asPostgres, openPostgres } from '../../core/store/pg/open.ts';
import { importDesktopStore } from '../../core/store/team-import.ts';
import { withApp } from '../app.ts';
import { exportAuditKey, importAuditKey } from '../../core/audit-anchor.ts';
import { auditLog } from '../../core/store/audit.ts';

export const teamImportCommand: Command = {
  path: ['team', 'import'],
  summary: 'copy a desktop\'s SQLite store into the team database (RECON_DATABASE_URL), idempotently',
  summaryZh: '把一台桌機的 SQLite 資料複製到團隊資料庫（RECON_DATABASE_URL），重複執行不會重複複製',
  options: {
    from: { type: 'string', required: true, description: 'the desktop\'s recon.sqlite (close its console first)', zh: '桌機的 recon.sqlite（請先關閉該主控台）', value: 'FILE' },
    json: { type: 'boolean', description: 'print JSON', zh: '以 JSON 輸出' },
  },
  details:
    'Ids are kept, so the audit chain stays the same chain: it is verified before and after. Rows the team database already holds identically\n' +
    'are skipped (running it twice copies nothing); different rows under the same ids refuse the whole import (exit 2), nothing written.',
  detailsZh:
    '編號保持不變，因此稽核鏈仍是同一條鏈：匯入前後都會驗證。團隊資料庫已有且完全相同的資料列會略過（執行兩次不會多複製）；\n' +
    '相同編號但內容不同的資料列會使整個匯入被拒絕（結束代碼 2），不寫入任何資料。',
  async run(options, io) {
    const url = databaseUrlFromEnv(io.env);
    if (!url) throw new UsageError('recon team import: set RECON_DATABASE_URL=postgres://… to the team database first', { msg: msg('cli.team_url_missing', { variable: 'RECON_DATABASE_URL' }) });
    const from = path.resolve(requireString(options, 'from'));
    if (!existsSync(from)) throw new UsageError(`recon team import: ${from} does not exist`, { msg: msg('cli.file_missing', { file: from }) });
    const source = openReadOnly(from);
    const target = openPostgres(url);
    try {
      const r = importDesktopStore(source, asPostgres(target)!);
      if (options.json === true) {
        io.stdout(`${JSON.stringify({ ...r, audit: { before: r.audit.before.entries, after: r.audit.after.entries } })}\n`);
      } else {
        const copied = Object.values(r.tables).reduce((n, t) => n + t.copied, 0);
        const there = Object.values(r.tables).reduce((n, t) => n + t.alreadyThere, 0);
        const english =
          `imported ${from} into ${asPostgres(target)!.name}: ${copied} rows copied, ${there} already there; ` +
          `${r.tables.orders!.source} orders, ${r.tables.actions!.source} actions, audit log of ${r.audit.after.entries} entries verified before and after` +
          (r.settings.keptTeamValue.length ? `; the team's own value kept for ${r.settings.keptTeamValue.join(', ')}` : '');
        const coded = msg('cli.team_imported', {
          file: from, target: asPostgres(target)!.name, copied, there, orders: r.tables.orders!.source, actions: r.tables.actions!.source,
          audit: r.audit.after.entries, kept: r.settings.keptTeamValue.length ? r.settings.keptTeamValue.join('、') : '—',
        });
        io.stdout(`${said(io, coded, english)}\n`);
      }
      return 0;
    } finally {
      source.close();
      target.close();
    }
  },
};

// recon team export-key | recon team import-key: the audit key of a team database, from the keychain of
// the server that sealed the log to another server's. Every server on one database must seal with
// the same key, and a keychain never leaves its machine; stdout and stdin, never an argument or a file.
export const teamExportKeyCommand: Command = {
  path: ['team', 'export-key'],
  summary: "print the team database's audit key for another team server (pipe it to `recon team import-key`)",
  summaryZh: '印出團隊資料庫的稽核金鑰，交給另一台團隊伺服器（以管線傳給 `recon team import-key`）',
  options: {},
  details: 'The key goes to stdout only; keep it secret (whoever holds it can seal audit entries). The note goes to stderr.',
  detailsZh: '金鑰只會輸出到 stdout，請保密（持有者可以封存稽核紀錄）。說明文字輸出到 stderr。',
  async run(_options, io) {
    return withApp(io, async (app) => {
      io.stdout(`${await exportAuditKey(app)}\n`);
      io.stderr(`${said(io, msg('team.key_exported'), "The team's audit key was printed: keep it secret and give it only to another team server, with `recon team import-key`.")}\n`);
      return 0;
    });
  },
};

export const teamImportKeyCommand: Command = {
  path: ['team', 'import-key'],
  summary: "store the team's audit key (from `recon team export-key`, on stdin) in this machine's keychain",
  summaryZh: '把團隊的稽核金鑰（`recon team export-key` 的輸出，從 stdin 讀取）存入這台機器的鑰匙圈',
  options: {},
  details: 'Read from the first line of stdin. Refused (exit 2) unless the key sealed the newest entry of the database\'s audit log.',
  detailsZh: '從 stdin 的第一行讀取。除非這把金鑰封存了資料庫稽核紀錄的最新一筆，否則拒絕（結束代碼 2）。',
  async run(_options, io) {
    const text = (await io.readStdin()).split(/\r?\n/)[0] ?? '';
    // No anchoring before the import: a keychain without the key would only report it missing.
    return withApp(io, async (app) => {
      const outcome = await importAuditKey(app, text);
      const seq = String(auditLog(app.db).last()?.seq ?? 0);
      io.stdout(
        `${outcome === 'already'
          ? said(io, msg('team.key_already'), "This machine's keychain already holds the team's audit key.")
          : said(io, msg('team.key_imported', { seq }), `Stored the team's audit key in this machine's keychain (checked: it sealed audit entry ${seq}).`)}\n`,
      );
      return 0;
    });
  },
};
