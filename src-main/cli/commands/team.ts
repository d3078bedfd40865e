// recon team import --from recon.sqlite: a desktop's orders, journal, audit log, ledger imports,
// resolutions and periods into the team database (RECON_DATABASE_URL). See store/team-import.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, UsageError, requireString } from '../command.ts';
import { databaseUrlFromEnv } from '../../core/app.ts';
import { openReadOnly } from '../../core/store/health.ts';
import { asPostgres, openPostgres } from '../../core/store/pg/open.ts';
import { importDesktopStore } from '../../core/store/team-import.ts';

export const teamImportCommand: Command = {
  path: ['team', 'import'],
  summary: 'copy a desktop\'s SQLite store into the team database (RECON_DATABASE_URL), idempotently',
  options: {
    from: { type: 'string', required: true, description: 'the desktop\'s recon.sqlite (close its console first)', value: 'FILE' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  details:
    'Ids are kept, so the audit chain stays the same chain: it is verified before and after. Rows the team database already holds identically\n' +
    'are skipped (running it twice copies nothing); different rows under the same ids refuse the whole import (exit 2), nothing written.',
  async run(options, io) {
    const url = databaseUrlFromEnv(io.env);
    if (!url) throw new UsageError('recon team import: set RECON_DATABASE_URL=postgres://… to the team database first');
    const from = path.resolve(requireString(options, 'from'));
    if (!existsSync(from)) throw new UsageError(`recon team import: ${from} does not exist`);
    const source = openReadOnly(from);
    const target = openPostgres(url);
    try {
      const r = importDesktopStore(source, asPostgres(target)!);
      if (options.json === true) {
        io.stdout(`${JSON.stringify({ ...r, audit: { before: r.audit.before.entries, after: r.audit.after.entries } })}\n`);
      } else {
        const copied = Object.values(r.tables).reduce((n, t) => n + t.copied, 0);
        const there = Object.values(r.tables).reduce((n, t) => n + t.alreadyThere, 0);
        io.stdout(
          `imported ${from} into ${asPostgres(target)!.name}: ${copied} rows copied, ${there} already there; ` +
            `${r.tables.orders!.source} orders, ${r.tables.actions!.source} actions, audit log of ${r.audit.after.entries} entries verified before and after` +
            (r.settings.keptTeamValue.length ? `; the team's own value kept for ${r.settings.keptTeamValue.join(', ')}` : '') +
            '\n',
        );
      }
      return 0;
    } finally {
      source.close();
      target.close();
    }
  },
};
