// What the settlement and export channels answer: the services' results in the contract's shapes.
import path from 'node:path';
import type { App } from '../app.ts';
import type { RequestOf, ResultOf, SettlementOrder } from '../../contract/channels.ts';
import { gatewayStatusOf } from '../export/sheets.ts';
import { addDays, taipeiDayOf } from '../time.ts';
import type { OrderFacts } from './order-facts.ts';
import { exportFileName, exportTarget, releaseTarget, startExport } from './export.ts';
import { dailySettlement, settlementAdjustments, settlementDayOrders } from './settlement.ts';
import { periodStore } from '../store/periods.ts';
import { exceptionsForExport } from './reconcile.ts';

/** The settlement view opens on the last 30 Taipei days up to today. */
export const DEFAULT_SETTLEMENT_DAYS = 30;

export function settlementDailyView(app: App, req: RequestOf<'settlement:daily'>, nowMs = Date.now()): ResultOf<'settlement:daily'> {
  const to = req.to ?? taipeiDayOf(nowMs);
  const from = req.from ?? addDays(to, -(DEFAULT_SETTLEMENT_DAYS - 1));
  const report = dailySettlement(app, { profileIds: req.profileIds, from, to, nowMs });
  const adjustments = settlementAdjustments(app, { profileIds: req.profileIds, from, to, limit: 500 });
  return { ...report, from, to, adjustments, closedThrough: periodStore(app.db).closedThrough() };
}

function toSettlementOrder(o: OrderFacts & { adjusted: 0 | 1 }): SettlementOrder {
  const status = gatewayStatusOf(o.gateway, o.status_code);
  return {
    profile: o.profile_name,
    gateway: o.gateway,
    orderNo: o.order_no,
    orderedAtMs: o.ordered_at_ms,
    status: o.status,
    statusCode: o.status_code,
    statusZh: status.zh,
    statusEn: status.en,
    amount: o.amount,
    captured: o.captured,
    refunded: o.refunded,
    fee: o.eff_fee,
    feeSource: o.fee_source,
    feeReturned: o.fee_returned,
    net: o.captured - o.refunded - o.eff_fee + o.fee_returned,
    settled: o.is_settled === 1,
    adjusted: o.adjusted === 1,
  };
}

export function settlementDayOrdersView(app: App, req: RequestOf<'settlement:dayOrders'>): ResultOf<'settlement:dayOrders'> {
  const r = settlementDayOrders(app, { day: req.day, profileIds: req.profileIds });
  return { day: r.day, total: r.total, orders: r.orders.map(toSettlementOrder) };
}

/** Exports go to the data folder's exports/: the renderer never chooses a folder to write into. */
export function startExportView(app: App, req: RequestOf<'export:start'>, nowMs = Date.now()): ResultOf<'export:start'> {
  const target = exportTarget(app, exportFileName(req.kind, req.filter, nowMs, req.fileName));
  let job: ReturnType<typeof startExport>;
  try {
    job = startExport(app, { filter: req.filter, kind: req.kind, out: target, nowMs, exceptions: exceptionsForExport(app, req.filter), lang: req.lang, dayStyle: req.dayStyle });
  } catch (err) {
    releaseTarget(target);
    throw err;
  }
  void job.done.then(() => releaseTarget(target), () => releaseTarget(target));
  const fileName = path.basename(target);
  return { jobId: job.jobId, path: target, fileName, downloadUrl: app.shell === 'web' ? `./exports/${encodeURIComponent(fileName)}` : null };
}
