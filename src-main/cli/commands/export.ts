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
  options: {
    profile: { type: 'string', description: 'profile name (default: all)', value: 'N' },
    from: { type: 'string', required: true, description: 'first Taipei day', value: 'YYYY-MM-DD' },
    to: { type: 'string', required: true, description: 'last Taipei day (inclusive)', value: 'YYYY-MM-DD' },
    status: { type: 'string', description: 'only these statuses (normalized or gateway:code), comma-separated', value: 'S' },
    out: { type: 'string', required: true, description: 'the .xlsx file to write (its folder must exist)', value: 'FILE.xlsx' },
  },
  details: 'Prints the path written. Exit 2 on bad input (nothing written); an interrupted export removes its partial file.',
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
