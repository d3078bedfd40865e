// recon settlement / period / anomalies: the money booked per day (the Settlement page's figures, from
// the same function), closing and reopening periods, and implausible gateway answers held back.
// Amounts are decimal strings (exact), like `recon orders`.
import { type CliIO, type Command, UsageError, optionalString, requireString, said, choiceList } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { formatCents } from '../../core/money.ts';
import { getProfile } from '../../core/services/profiles.ts';
import { type SettlementAmounts, dailySettlement, settlementAdjustments } from '../../core/services/settlement.ts';
import { closePeriod, periodState, reopenPeriod } from '../../core/services/periods.ts';
import { acceptAnomaly, listAnomalies } from '../../core/services/anomalies.ts';
import { payouts } from '../../core/services/payouts.ts';

export function amountsJson(a: SettlementAmounts) {
  return {
    orders: a.orders,
    gross: formatCents(a.gross),
    captured: formatCents(a.captured),
    refunded: formatCents(a.refunded),
    fees: formatCents(a.fees),
    feesReturned: formatCents(a.feesReturned),
    net: formatCents(a.net),
    settled: formatCents(a.settled),
    adjustments: formatCents(a.adjustments),
  };
}

/** The labelled amounts of a settlement line, in the user's language. */
function amountsText(io: CliIO, j: ReturnType<typeof amountsJson>): string {
  const english = `captured ${j.captured}\trefunded ${j.refunded}\tfees ${j.fees}\tfees returned ${j.feesReturned}\tnet ${j.net}`;
  return said(io, msg('cli.settlement_amounts', { captured: j.captured, refunded: j.refunded, fees: j.fees, feesReturned: j.feesReturned, net: j.net }), english);
}

/** The period's state as one line: how far it is closed. */
function closedText(io: CliIO, closedThrough: string | null): string {
  const english = `closed through ${closedThrough ?? '(nothing closed)'}`;
  return said(io, closedThrough === null ? msg('cli.nothing_closed') : msg('cli.closed_through', { day: closedThrough }), english);
}

export const settlementCommand: Command = {
  path: ['settlement'],
  summary: 'money booked per Taipei day and profile (the Settlement page), as JSON with --json',
  summaryZh: '依台北日期與設定檔列出入帳金額（即「每日結算」頁）；加 --json 以 JSON 輸出',
  options: {
    from: { type: 'string', required: true, description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', required: true, description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
    profile: { type: 'string', description: 'profile name (default: all)', zh: '設定檔名稱（預設：全部）', value: 'N' },
    json: { type: 'boolean', description: 'print {rows, gateways, totals, adjustments} as JSON', zh: '以 JSON 輸出（含 rows、gateways、totals、adjustments）' },
  },
  async run(options, io) {
    const from = requireString(options, 'from');
    const to = requireString(options, 'to');
    return withApp(io, async (app) => {
      const name = optionalString(options, 'profile');
      const profileIds = name ? [getProfile(app, name).id] : undefined;
      const report = dailySettlement(app, { from, to, profileIds });
      const adjustments = settlementAdjustments(app, { from, to, profileIds });
      if (options.json) {
        io.stdout(
          `${JSON.stringify(
            {
              from: report.from,
              to: report.to,
              rows: report.rows.map((r) => ({ day: r.day, profile: r.profileName, gateway: r.gateway, ...amountsJson(r) })),
              gateways: report.gateways.map((g) => ({ gateway: g.gateway, ...amountsJson(g) })),
              totals: amountsJson(report.totals),
              adjustments: adjustments.map((a) => ({
                bookedDay: a.bookedDay, eventDay: a.eventDay, profile: a.profileName, orderNo: a.orderNo, kind: a.kind,
                amount: a.kind === 'order' ? String(a.amount) : formatCents(a.amount), source: a.source,
              })),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        for (const r of report.rows) {
          const j = amountsJson(r);
          io.stdout(`${r.day}\t${r.profileName}\t${j.orders}\t${amountsText(io, j)}\n`);
        }
        const t = amountsJson(report.totals);
        io.stdout(`${said(io, msg('cli.total'), 'total')}\t\t${t.orders}\t${amountsText(io, t)}\n`);
      }
      return 0;
    });
  },
};

export const payoutsCommand: Command = {
  path: ['payouts'],
  summary: 'what each gateway settled (paid out) per Taipei day and profile, with the orders behind it',
  summaryZh: '依台北日期與設定檔列出各金流的撥款金額，以及其中包含的訂單',
  options: {
    from: { type: 'string', required: true, description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', required: true, description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
    profile: { type: 'string', description: 'profile name (default: all)', zh: '設定檔名稱（預設：全部）', value: 'N' },
    json: { type: 'boolean', description: 'print the payouts as JSON', zh: '以 JSON 輸出撥款' },
  },
  async run(options, io) {
    const from = requireString(options, 'from');
    const to = requireString(options, 'to');
    return withApp(io, async (app) => {
      const name = optionalString(options, 'profile');
      const profileIds = name ? [getProfile(app, name).id] : undefined;
      const result = payouts(app, { from, to, profileIds });
      const rows = result.map((p) => ({
        day: p.day, profile: p.profileName, gateway: p.gateway, amount: formatCents(p.amount), pending: p.pending, rule: p.rule,
        orders: p.orders.map((o) => ({ orderNo: o.orderNo, amount: formatCents(o.amount) })),
      }));
      if (options.json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      else {
        for (const r of rows) {
          const pending = r.pending ? `\t${said(io, msg('cli.payout_pending'), 'not paid yet')}` : '';
          io.stdout(`${r.day}\t${r.profile}\t${r.amount}\t${said(io, msg('cli.order_count', { orders: r.orders.length }), `${r.orders.length} orders`)}${pending}\n`);
        }
      }
      return 0;
    });
  },
};

export const periodCloseCommand: Command = {
  path: ['period', 'close'],
  summary: 'close every Taipei day through D: its figures never change again (audited)',
  summaryZh: '結帳到 D（台北日期）為止的每一天：這些日期的數字不再變動（記入稽核紀錄）',
  options: {
    through: { type: 'string', required: true, description: 'last day to close', zh: '結帳的最後一天', value: 'YYYY-MM-DD' },
    reason: { type: 'string', description: 'a note for the audit log', zh: '備註（記入稽核紀錄）', value: 'R' },
    operator: { type: 'string', description: 'who is acting (default: the OS user name)', zh: '操作人員（預設：作業系統的使用者名稱）', value: 'NAME' },
    json: { type: 'boolean', description: 'print the periods as JSON', zh: '以 JSON 輸出結帳狀態' },
  },
  async run(options, io) {
    const through = requireString(options, 'through');
    return withApp(io, async (app) => {
      const state = closePeriod(app, through, optionalString(options, 'reason') ?? '', { operator: optionalString(options, 'operator') });
      io.stdout(options.json ? `${JSON.stringify(state, null, 2)}\n` : `${closedText(io, state.closedThrough)}\n`);
      return 0;
    });
  },
};

export const periodListCommand: Command = {
  path: ['period', 'list'],
  summary: 'which days are closed, and every close and reopen',
  summaryZh: '列出已結帳的日期，以及每一次結帳與重新開啟',
  options: { json: { type: 'boolean', description: 'print {closedThrough, events} as JSON', zh: '以 JSON 輸出（含 closedThrough、events）' } },
  async run(options, io) {
    return withApp(io, async (app) => {
      const state = periodState(app);
      if (options.json) io.stdout(`${JSON.stringify(state, null, 2)}\n`);
      else {
        io.stdout(`${closedText(io, state.closedThrough)}\n`);
        for (const e of state.events) io.stdout(`${new Date(e.atMs).toISOString()}\t${e.action}\t${e.day}\t${e.operator}\t${e.reason}\n`);
      }
      return 0;
    });
  },
};

export const periodReopenCommand: Command = {
  path: ['period', 'reopen'],
  summary: 'reopen every closed day from D on (audited; a reason is required)',
  summaryZh: '重新開啟 D 當天及之後所有已結帳的日期（記入稽核紀錄；必須說明原因）',
  options: {
    from: { type: 'string', required: true, description: 'first day to reopen', zh: '重新開啟的第一天', value: 'YYYY-MM-DD' },
    reason: { type: 'string', required: true, description: 'why it is reopened', zh: '重新開啟的原因', value: 'R' },
    operator: { type: 'string', description: 'who is acting (default: the OS user name)', zh: '操作人員（預設：作業系統的使用者名稱）', value: 'NAME' },
    json: { type: 'boolean', description: 'print the periods as JSON', zh: '以 JSON 輸出結帳狀態' },
  },
  async run(options, io) {
    const from = requireString(options, 'from');
    const reason = requireString(options, 'reason');
    return withApp(io, async (app) => {
      const state = reopenPeriod(app, from, reason, { operator: optionalString(options, 'operator') });
      io.stdout(options.json ? `${JSON.stringify(state, null, 2)}\n` : `${closedText(io, state.closedThrough)}\n`);
      return 0;
    });
  },
};

export const anomaliesCommand: Command = {
  path: ['anomalies'],
  summary: 'implausible gateway answers held back from every total until a person accepts them',
  summaryZh: '列出異常的金流資料：經人工接受之前，不計入任何合計',
  options: {
    state: { type: 'string', description: 'open (default), accepted, superseded or all', zh: 'open（預設）、accepted、superseded 或 all', value: 'S' },
    json: { type: 'boolean', description: 'print them as JSON', zh: '以 JSON 輸出' },
  },
  async run(options, io) {
    const state = optionalString(options, 'state') ?? 'open';
    if (!['open', 'accepted', 'superseded', 'all'].includes(state)) {
      throw new UsageError(`--state must be open, accepted, superseded or all, got ${JSON.stringify(state)}`, {
        msg: msg('cli.bad_choice', { option: '--state', choices: choiceList(['open', 'accepted', 'superseded', 'all']), value: state }),
      });
    }
    return withApp(io, async (app) => {
      const rows = listAnomalies(app, { state: state as 'open' });
      if (options.json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      else for (const a of rows) io.stdout(`#${a.id}\t${a.profile}\t${a.orderNo}\t${a.state}\t${a.reasons.map((r) => (io.lang === 'zh-TW' ? r.zh : r.en)).join(io.lang === 'zh-TW' ? '；' : '; ')}\n`);
      return 0;
    });
  },
};

export const anomalyAcceptCommand: Command = {
  path: ['anomalies', 'accept'],
  summary: 'accept a held-back answer: its money is booked now (audited; a note is required)',
  summaryZh: '接受一筆暫不計入的金流資料：金額立即入帳（記入稽核紀錄；必須填寫備註）',
  options: {
    id: { type: 'string', required: true, description: 'the held-back answer (see recon anomalies)', zh: '暫不計入的資料編號（見 recon anomalies）', value: 'N' },
    note: { type: 'string', required: true, description: 'why the answer is right', zh: '為什麼這筆資料是正確的', value: 'TEXT' },
    operator: { type: 'string', description: 'who is acting (default: the OS user name)', zh: '操作人員（預設：作業系統的使用者名稱）', value: 'NAME' },
    json: { type: 'boolean', description: 'print it as JSON', zh: '以 JSON 輸出' },
  },
  async run(options, io) {
    const idText = requireString(options, 'id');
    if (!/^\d{1,12}$/.test(idText)) throw new UsageError(`--id must be a number, got ${JSON.stringify(idText)}`, { msg: msg('cli.not_a_number', { option: '--id', value: idText }) });
    const note = requireString(options, 'note');
    return withApp(io, async (app) => {
      const a = acceptAnomaly(app, Number(idText), note, { operator: optionalString(options, 'operator') });
      io.stdout(options.json ? `${JSON.stringify(a, null, 2)}\n` : `${said(io, msg('cli.anomaly_accepted', { id: String(a.id) }), `#${a.id} accepted`)}\n`);
      return 0;
    });
  },
};
