// recon export: the Excel workbook of a range (daily settlement, orders, fees), for scheduled jobs.
// Ctrl-C stops it and leaves no half-written file.
import path from 'node:path';
import { type Command, UsageError, optionalString, requireString, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { exportWorkbook } from '../../core/services/export.ts';
import { exceptionsForExport } from '../../core/services/reconcile.ts';
import { getProfile } from '../../core/services/profiles.ts';
import { validateRange } from '../../core/services/settlement.ts';
import { parseDay } from '../../core/time.ts';

export const exportCommand: Command = {
  path: ['export'],
  summary: 'write an Excel workbook of a range: daily settlement, orders, fees',
  summaryZh: '將一段期間匯出為 Excel 活頁簿：每日結算、訂單、手續費',
  options: {
    profile: { type: 'string', description: 'profile name (default: all)', zh: '設定檔名稱（預設：全部）', value: 'N' },
    from: { type: 'string', required: true, description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', required: true, description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
    status: { type: 'string', description: 'only these statuses (normalized or gateway:code), comma-separated', zh: '只匯出這些狀態（統一狀態或 gateway:code），以逗號分隔', value: 'S' },
    out: { type: 'string', required: true, description: 'the .xlsx file to write (its folder must exist)', zh: '要寫入的 .xlsx 檔案（所在資料夾必須已存在）', value: 'FILE.xlsx' },
  },
  details: 'Prints the path written. Exit 2 on bad input (nothing written); an interrupted export removes its partial file.',
  detailsZh: '輸出寫入的檔案路徑。輸入有誤時結束代碼為 2（不寫入任何檔案）；匯出中斷時會刪除未完成的檔案。',
  async run(options, io) {
    const from = parseDay(requireString(options, 'from'), '--from');
    const to = parseDay(requireString(options, 'to'), '--to');
    validateRange(from, to);
    const out = requireString(options, 'out');
    if (path.extname(out).toLowerCase() !== '.xlsx') throw new UsageError(`--out must name an .xlsx file, got ${JSON.stringify(out)}`, { msg: msg('cli.out_not_xlsx', { value: out }) });
    const statuses = optionalString(options, 'status')?.split(',').map((s) => s.trim()).filter(Boolean);
    return withApp(io, async (app) => {
      const profileName = optionalString(options, 'profile');
      const profileIds = profileName ? [getProfile(app, profileName).id] : undefined;
      const controller = new AbortController();
      void io.untilStopped().then(() => controller.abort(new Error('interrupted')));
      const result = await exportWorkbook(
        app,
        { filter: { profileIds, from, to, statuses }, out: path.resolve(out), replace: true, kind: 'settlement', exceptions: exceptionsForExport(app, { profileIds, from, to }), lang: io.langChosen ? io.lang : undefined },
        { jobId: 'cli', signal: controller.signal, progress: () => {} },
      );
      io.stdout(`${result.path}\t${said(io, msg('cli.order_count', { orders: result.orders }), `${result.orders} orders`)}\t${result.sheets.join(', ')}\n`);
      return 0;
    });
  },
};
