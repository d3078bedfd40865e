// recon reconcile: import the shop's ledger file and reconcile it against the profile's cached
// gateway orders. Which columns were used (given, saved or suggested) is said on stderr; the result
// is JSON on stdout with --json. Bad input: one line on stderr, exit 2, nothing written.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, UsageError, optionalString, requireString, said, choiceList } from '../command.ts';
import { withApp } from '../app.ts';
import { InputError } from '../../core/errors.ts';
import { type ColumnMapping, LEDGER_FIELDS, parseColumnsOption, resolveMapping } from '../../core/ledger/mapping.ts';
import { type SuffixRule, compileSuffixRule } from '../../core/ledger/suffix.ts';
import { readLedgerTable } from '../../core/ledger/table.ts';
import { formatCents } from '../../core/money.ts';
import { chooseMapping, importLedgerTable } from '../../core/services/ledger-import.ts';
import { getProfile } from '../../core/services/profiles.ts';
import { listExceptions, runReconciliation } from '../../core/services/reconcile.ts';
import type { ExceptionRecord } from '../../core/store/reconcile.ts';
import { parseDay } from '../../core/time.ts';
import { exceptionDetailMessage } from '../../core/services/exception-words.ts';
import { msg } from '../../contract/messages/render.ts';

function describe(mapping: ColumnMapping): string {
  return LEDGER_FIELDS.filter((f) => mapping[f]).map((f) => `${f}=${mapping[f]}`).join(',');
}

function parseSuffixOption(text: string | undefined): SuffixRule | undefined {
  if (text === undefined) return undefined;
  if (text === 'none' || text === 'lastA4') return { kind: text };
  if (text.startsWith('regex:')) return { kind: 'regex', pattern: text.slice('regex:'.length) };
  throw new UsageError(`--suffix must be none, lastA4 or regex:PATTERN, got ${JSON.stringify(text)}`, { msg: msg('cli.bad_suffix', { value: text }) });
}

function money(cents: number | null): string | null {
  return cents === null ? null : formatCents(cents);
}

export function exceptionJson(e: ExceptionRecord) {
  return {
    kind: e.kind,
    orderNo: e.order_no,
    gatewayOrderNo: e.cache_order_no,
    day: e.taipei_day,
    ledgerAmount: money(e.ledger_amount),
    gatewayAmount: money(e.gateway_amount),
    ledgerStatus: e.ledger_status,
    ledgerStatusText: e.ledger_status_text,
    gatewayStatus: e.gateway_status,
    gatewayStatusCode: e.gateway_status_code,
    detail: e.detail,
    detailMsg: exceptionDetailMessage(e),
    state: e.state,
    note: e.note,
  };
}

const STATES = ['open', 'resolved', 'all'] as const;

export const exceptionsCommand: Command = {
  path: ['exceptions'],
  summary: 'list the reconciliation exceptions queue (open across every run and period)',
  summaryZh: '列出對帳例外佇列（所有對帳與期間中尚未處理的例外）',
  options: {
    profile: { type: 'string', description: 'only this profile (default: all)', zh: '只列出此設定檔（預設：全部）', value: 'N' },
    state: { type: 'string', description: 'open (default), resolved (resolved or accepted) or all (also those no longer found)', zh: 'open（預設）、resolved（已解決或已接受）或 all（也包括不再出現的）', value: 'open|resolved|all' },
    json: { type: 'boolean', description: 'print a JSON array', zh: '以 JSON 陣列輸出' },
  },
  details: 'An exception stays open until it is resolved or accepted, or until a later reconciliation covering its order no longer finds it.',
  detailsZh: '例外會一直保持未處理，直到被解決或接受，或之後涵蓋該訂單的對帳不再發現它為止。',
  async run(options, io) {
    const state = optionalString(options, 'state') ?? 'open';
    if (!(STATES as readonly string[]).includes(state)) {
      throw new UsageError(`--state must be open, resolved or all, got ${JSON.stringify(state)}`, { msg: msg('cli.bad_choice', { option: '--state', choices: choiceList(STATES), value: state }) });
    }
    return withApp(io, async (app) => {
      const profileName = optionalString(options, 'profile');
      const profileId = profileName === undefined ? undefined : getProfile(app, profileName).id;
      const rows =
        state === 'open'
          ? listExceptions(app, { profileId, state: 'open' })
          : state === 'resolved'
            ? listExceptions(app, { profileId, activeOnly: false }).filter((e) => e.state !== 'open')
            : listExceptions(app, { profileId, activeOnly: false });
      const out = rows.map((e) => ({ id: e.id, profile: e.profile_name, ...exceptionJson(e), stillFound: e.active === 1, lastSeenAtMs: e.last_seen_at_ms }));
      if (options.json) io.stdout(`${JSON.stringify(out)}\n`);
      else {
        const gone = said(io, msg('cli.no_longer_found'), ' (no longer found)');
        for (const e of out) io.stdout(`#${e.id}\t${e.profile}\t${e.kind}\t${e.orderNo}\t${e.day ?? '-'}\t${e.state}${e.stillFound ? '' : gone}\t${said(io, e.detailMsg, e.detail)}\n`);
        io.stderr(`${said(io, msg('cli.exception_count', { count: out.length }), `${out.length} exceptions`)}\n`);
      }
      return 0;
    });
  },
};

export const reconcileCommand: Command = {
  path: ['reconcile'],
  summary: "import the shop's ledger (CSV/XLSX) and list where the gateway disagrees",
  summaryZh: '匯入商店帳（CSV 或 XLSX），列出與金流不一致之處',
  options: {
    profile: { type: 'string', required: true, description: 'profile name', zh: '設定檔名稱', value: 'N' },
    ledger: { type: 'string', required: true, description: 'the shop system export: .csv (UTF-8 or Big5) or .xlsx', zh: '商店系統匯出的檔案：.csv（UTF-8 或 Big5）或 .xlsx', value: 'FILE' },
    columns: { type: 'string', description: 'FIELD=COL pairs (COL: header or 1-based number); fields orderNo, amount, date, status, gateway, reCheckId, payType', zh: '以 FIELD=COL 指定欄位（COL 為標題或從 1 起算的欄號）；欄位有 orderNo、amount、date、status、gateway、reCheckId、payType', value: 'orderNo=COL,...' },
    suffix: { type: 'string', description: 'order-number suffix to strip when matching: none, lastA4 ({order}A{mmss}) or regex:PATTERN (saved per profile)', zh: '配對時要去除的訂單編號後綴：none、lastA4（{order}A{mmss}）或 regex:PATTERN（每個設定檔各自儲存）', value: 'RULE' },
    from: { type: 'string', description: 'first Taipei day (default: the ledger\'s first day)', zh: '第一天（台北日期；預設：商店帳的第一天）', value: 'YYYY-MM-DD' },
    to: { type: 'string', description: 'last Taipei day (default: the ledger\'s last day)', zh: '最後一天（台北日期；預設：商店帳的最後一天）', value: 'YYYY-MM-DD' },
    json: { type: 'boolean', description: 'print {"matched": n, "exceptions": [...]} as JSON', zh: '以 JSON 輸出 {"matched": n, "exceptions": [...]}' },
  },
  details: [
    'Without --columns the saved mapping of the profile is used when it fits the file, else one suggested from the headers; stderr says which.',
    'Bad rows are listed on stderr (row, column, value, reason) and skipped. Compare against the cache: run `recon sync` first.',
    'Exit 0 when the run completed (exceptions or not); 2 on bad input, with nothing written.',
  ].join('\n'),
  detailsZh: [
    '沒有 --columns 時，若設定檔儲存的欄位對應適用於此檔案就沿用，否則依標題自動建議；stderr 會說明用了哪一種。',
    '有誤的列會列在 stderr（列、欄、值、原因）並略過。比對的是本機快取：請先執行 `recon sync`。',
    '結束代碼：對帳完成時為 0（不論有無例外）；輸入有誤時為 2，且不寫入任何資料。',
  ].join('\n'),
  async run(options, io) {
    const file = requireString(options, 'ledger');
    const fromText = optionalString(options, 'from');
    const toText = optionalString(options, 'to');
    const from = fromText === undefined ? undefined : parseDay(fromText, '--from');
    const to = toText === undefined ? undefined : parseDay(toText, '--to');
    const suffixRule = parseSuffixOption(optionalString(options, 'suffix'));
    if (suffixRule) compileSuffixRule(suffixRule);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new InputError(`cannot read --ledger ${file}: ${reason}`, { msg: msg('cli.cannot_read_ledger', { file, reason }) });
    }
    const table = await readLedgerTable(bytes);
    return withApp(io, async (app) => {
      const profile = getProfile(app, requireString(options, 'profile'));
      const chosen = chooseMapping(app, profile, table);
      const columns = optionalString(options, 'columns');
      let mapping: ColumnMapping;
      if (columns !== undefined) {
        mapping = parseColumnsOption(columns, table.headers, chosen.mapping);
        const rest = Object.keys(chosen.mapping).length ? chosen.mappingSource : 'none';
        const english = `columns: ${describe(mapping)} (from --columns${Object.keys(chosen.mapping).length ? `, the rest ${chosen.mappingSource}` : ''})`;
        io.stderr(`${said(io, msg('cli.columns_given', { columns: describe(mapping), rest }), english)}\n`);
      } else {
        mapping = chosen.mapping;
        const english = `columns: ${describe(mapping)} (${chosen.mappingSource === 'saved' ? `the saved mapping of ${profile.name}` : 'suggested from the headers; pass --columns to change'})`;
        const source = chosen.mappingSource === 'saved' ? msg('cli.columns_saved', { columns: describe(mapping), profile: profile.name }) : msg('cli.columns_suggested', { columns: describe(mapping) });
        io.stderr(`${said(io, source, english)}\n`);
      }
      resolveMapping(mapping, table.headers);
      const imported = importLedgerTable(app, profile, table, { fileName: path.basename(file), mapping, suffixRule });
      const counts = { imported: imported.imported, encoding: imported.encoding, bad: imported.badCount, skipped: imported.skipped, from: imported.from, to: imported.to };
      const english = `ledger: ${imported.imported} rows imported (${imported.encoding}), ${imported.badCount} bad, ${imported.skipped} for other profiles; ${imported.from}..${imported.to}`;
      io.stderr(`${said(io, msg('cli.ledger_imported', counts), english)}\n`);
      for (const b of imported.bad.slice(0, 20)) {
        const badRow = msg('cli.ledger_bad_row', { row: String(b.row), column: b.column, value: b.value, reason: b.reasonMsg ?? b.reason });
        io.stderr(`${said(io, badRow, `bad row ${b.row}, column ${b.column}, ${JSON.stringify(b.value)}: ${b.reason}`)}\n`);
      }
      if (imported.badCount > 20) io.stderr(`${said(io, msg('cli.ledger_more_bad', { count: imported.badCount - 20 }), `... and ${imported.badCount - 20} more bad rows`)}\n`);
      const result = runReconciliation(app, profile, { from: from ?? imported.from, to: to ?? imported.to });
      if (options.json) {
        io.stdout(
          `${JSON.stringify({
            matched: result.matched,
            exceptions: result.exceptions.map(exceptionJson),
            profile: profile.name,
            from: result.from,
            to: result.to,
            ledgerRows: result.ledgerRows,
            gatewayOrders: result.gatewayOrders,
            bad: imported.bad,
          })}\n`,
        );
      } else {
        const summary = msg('cli.reconcile_summary', { from: result.from, to: result.to, matched: result.matched, exceptions: result.exceptions.length });
        io.stdout(`${said(io, summary, `${result.from}..${result.to}: ${result.matched} matched, ${result.exceptions.length} exceptions`)}\n`);
        for (const e of result.exceptions.map(exceptionJson)) {
          const row = { kind: e.kind, orderNo: e.orderNo, ledgerAmount: e.ledgerAmount ?? '-', ledgerStatus: e.ledgerStatusText ?? '', gatewayAmount: e.gatewayAmount ?? '-', gatewayStatus: e.gatewayStatusCode ?? '', state: e.state };
          const english = `${e.kind}\t${e.orderNo}\tshop ${e.ledgerAmount ?? '-'} ${e.ledgerStatusText ?? ''}\tgateway ${e.gatewayAmount ?? '-'} ${e.gatewayStatusCode ?? ''}\t${e.state}`;
          io.stdout(`${said(io, msg('cli.reconcile_row', row), english)}\n`);
        }
      }
      return 0;
    }, { audit: true });
  },
};
