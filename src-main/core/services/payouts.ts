// Payouts (撥款): per profile and Taipei day, what the gateway settled, i.e. the net (captured - refunded
// - fees + fees returned) of the money that became settled that day, with the orders behind it, so a
// bank deposit can be ticked off. Neither gateway reports a settlement time, so the day is derived:
//  - FlashPay: the day the order reached 04 (capture settled) or 08 (refund settled): an order first
//    seen already settled counts on its order day; a later change on the day a sync (or the console's
//    own action) first saw it.
//  - First Bank: the platform pays a day's batch at day end: the day of the payment (2) or refund (3),
//    from LastStatusChgTime where the report gives it; a day not yet over is marked pending.
import type { App } from '../app.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import type { GatewayName } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import { type TaipeiDay, addDays, taipeiDayOf } from '../time.ts';
import type { RequestOf, ResultOf } from '../../contract/channels.ts';
import { selectPayoutOrders } from '../store/payouts.ts';
import { validateRange } from './settlement.ts';


export interface Payout {
  day: TaipeiDay;
  profileId: number;
  profileName: string;
  gateway: GatewayName;
  amount: Cents;
  /** First Bank's batch of a day that is not over yet. */
  pending: boolean;
  rule: string;
  orders: Array<{ orderNo: string; amount: Cents }>;
}

export function payouts(app: App, query: { from?: string; to?: string; profileIds?: number[]; nowMs?: number }): Payout[] {
  const { from, to } = validateRange(query.from, query.to);
  const today = taipeiDayOf(query.nowMs ?? Date.now());
  const rows = selectPayoutOrders(app.db, { profileIds: query.profileIds }, { from: from ?? '0000-01-01', to: to ?? '9999-12-31' });
  const out: Payout[] = [];
  for (const r of rows) {
    let last = out.at(-1);
    if (!last || last.day !== r.day || last.profileId !== r.profileId) {
      last = { day: r.day, profileId: r.profileId, profileName: r.profileName, gateway: r.gateway, amount: 0, pending: gatewayAdapter(r.gateway).rules.settledAtDayEnd && r.day >= today, rule: gatewayAdapter(r.gateway).payoutRule.en, orders: [] };
      out.push(last);
    }
    last.amount += r.amount;
    last.orders.push({ orderNo: r.orderNo, amount: r.amount });
  }
  return out;
}

/** The Payouts page opens on the last 30 Taipei days up to today, like the Settlement page. */
export const DEFAULT_PAYOUT_DAYS = 30;

/** The Payouts page's figures: the same payouts() as `recon payouts`, in the contract's shape. */
export function payoutsView(app: App, req: RequestOf<'payouts:list'>, nowMs = Date.now()): ResultOf<'payouts:list'> {
  const today = taipeiDayOf(nowMs);
  const to = req.to ?? today;
  const from = req.from ?? addDays(to, -(DEFAULT_PAYOUT_DAYS - 1));
  const list = payouts(app, { from, to, profileIds: req.profileIds, nowMs });
  return {
    from,
    to,
    today,
    payouts: list.map(({ rule: _rule, ...p }) => p),
    total: list.reduce((sum, p) => sum + p.amount, 0),
  };
}
