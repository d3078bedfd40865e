// recon orders: the cached orders of a range, as JSON for scripts (amounts as decimal strings).
import { type Command, UsageError, optionalString, said } from '../command.ts';
import { msg } from '../../contract/messages/render.ts';
import { withApp } from '../app.ts';
import { getProfile } from '../../core/services/profiles.ts';
import { iterateOrders, orderTotals } from '../../core/services/orders-query.ts';
import { formatCents } from '../../core/money.ts';
import { isoTaipei, parseDay } from '../../core/time.ts';
import type { OrderWithProfile } from '../../core/services/orders-query.ts';

export function orderJson(o: OrderWithProfile) {
  return {
    profile: o.profile_name,
    gateway: o.gateway,
    orderNo: o.order_no,
    gatewayOrderNo: o.gateway_order_no,
    status: o.status,
    statusCode: o.status_code,
    amount: formatCents(o.amount),
    captured: formatCents(o.captured),
    refunded: formatCents(o.refunded),
    capturable: formatCents(o.capturable),
    refundable: formatCents(o.refundable),
    fee: formatCents(o.eff_fee),
    feeSource: o.fee_source,
    feeReturned: formatCents(o.fee_returned),
    orderedAt: o.ordered_at_ms === null ? null : isoTaipei(o.ordered_at_ms),
    payType: o.pay_type,
    installments: o.installments,
    authCode: o.auth_code,
    card: o.card_masked,
    verified: o.verified === 1,
    anomaly: o.anomaly === null ? null : (JSON.parse(o.anomaly) as string[]),
  };
}

export const ordersCommand: Command = {
  path: ['orders'],
  summary: 'list cached orders (Taipei days), as JSON with --json',
  summaryZh: '列出快取中的訂單（依台北日期）；加 --json 以 JSON 輸出',
  options: {
    profile: { type: 'string', description: 'profile name (default: all)', zh: '設定檔名稱（預設：全部）', value: 'N' },
    from: { type: 'string', description: 'first Taipei day', zh: '第一天（台北日期）', value: 'YYYY-MM-DD' },
    to: { type: 'string', description: 'last Taipei day (inclusive)', zh: '最後一天（台北日期，含當天）', value: 'YYYY-MM-DD' },
    status: { type: 'string', description: 'normalized status (captured, refunded, ...) or gateway:code (flashpay:03); comma-separated', zh: '統一狀態（captured、refunded 等）或 gateway:code（例如 flashpay:03）；多個以逗號分隔', value: 'S' },
    search: { type: 'string', description: 'order number, gateway order number (prefix), auth code, or card (4444, **4444, 555555******4444); searches all dates unless --from/--to are given', zh: '訂單編號、金流單號（開頭）、授權碼或卡號（4444、**4444、555555******4444）；沒有 --from 或 --to 時搜尋所有日期', value: 'TEXT' },
    totals: { type: 'boolean', description: "print the Orders page's totals instead of the orders", zh: '改為輸出「訂單」頁的合計，而不是訂單明細' },
    json: { type: 'boolean', description: 'print a JSON array (with --totals: one object)', zh: '以 JSON 陣列輸出（搭配 --totals 時為單一物件）' },
  },
  async run(options, io) {
    const fromText = optionalString(options, 'from');
    const toText = optionalString(options, 'to');
    const from = fromText === undefined ? undefined : parseDay(fromText, '--from');
    const to = toText === undefined ? undefined : parseDay(toText, '--to');
    const statuses = optionalString(options, 'status')?.split(',').map((s) => s.trim()).filter(Boolean);
    const search = optionalString(options, 'search')?.trim() || undefined;
    if (search && search.length > 64) throw new UsageError('--search is at most 64 characters', { msg: msg('cli.search_too_long', { max: 64 }) });
    return withApp(io, async (app) => {
      const profileName = optionalString(options, 'profile');
      const profileIds = profileName ? [getProfile(app, profileName).id] : undefined;
      if (options.totals) {
        const t = orderTotals(app, { profileIds, from, to, statuses, search });
        const j = {
          count: t.count, amount: formatCents(t.amount), captured: formatCents(t.captured), refunded: formatCents(t.refunded),
          fee: formatCents(t.fee), feeReturned: formatCents(t.feeReturned), net: formatCents(t.net), flagged: t.flagged,
        };
        const english = `${j.count} orders\tamount ${j.amount}\tcaptured ${j.captured}\trefunded ${j.refunded}\tfee ${j.fee}\tfee returned ${j.feeReturned}\tnet ${j.net}`;
        const totals = msg('cli.order_totals', { count: j.count, amount: j.amount, captured: j.captured, refunded: j.refunded, fee: j.fee, feeReturned: j.feeReturned, net: j.net });
        io.stdout(options.json ? `${JSON.stringify(j)}\n` : `${said(io, totals, english)}\n`);
        return 0;
      }
      const rows = iterateOrders(app, { profileIds, from, to, statuses, search });
      if (options.json) {
        // Streamed element by element: a large cache never sits in memory as one string.
        io.stdout('[');
        let first = true;
        for (const o of rows) {
          io.stdout(`${first ? '' : ','}\n${JSON.stringify(orderJson(o))}`);
          first = false;
        }
        io.stdout(first ? ']\n' : '\n]\n');
      } else {
        for (const o of rows) {
          const j = orderJson(o);
          io.stdout(`${j.orderedAt ?? '-'}\t${j.profile}\t${j.orderNo}\t${j.statusCode}\t${j.status}\t${j.amount}\n`);
        }
      }
      return 0;
    });
  },
};
