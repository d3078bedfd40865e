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
