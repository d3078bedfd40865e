// Shapes the cache's rows into what the contract promises the renderer (camelCase, cents, UTC ms).
import { decide, naturalKind } from './action-rules.ts';
import type { GatewayDescription, OrderDetailResult, OrderListRow, StatusMeta } from '../../contract/channels.ts';
import { gatewayAdapters } from '../gateways/registry.ts';
import { FLASHPAY_STATUSES } from '../gateways/flashpay/statuses.ts';
import { FIRSTBANK_TRANS_STATUSES } from '../gateways/firstbank/statuses.ts';
import { NORMALIZED_STATUSES, STATUS_LABELS } from '../gateways/status.ts';
import type { OrderDetail, OrderWithProfile } from './orders-query.ts';
import { decompressPayload } from '../store/payload-codec.ts';

const RAW_LIMIT = 64 * 1024;

export function toOrderListRow(o: OrderWithProfile): OrderListRow {
  return {
    id: o.id,
    profileId: o.profile_id,
    profile: o.profile_name,
    gateway: o.gateway,
    orderNo: o.order_no,
    gatewayOrderNo: o.gateway_order_no,
    orderedAtMs: o.ordered_at_ms,
    status: o.status,
    statusCode: o.status_code,
    amount: o.amount,
    captured: o.captured,
    refunded: o.refunded,
    capturable: o.capturable,
    refundable: o.refundable,
    fee: o.eff_fee,
    feeSource: o.fee_source,
    feeReturned: o.fee_returned,
    shipping: o.shipping,
    payType: o.pay_type,
    installments: o.installments,
    bonus: o.bonus === 1,
    authCode: o.auth_code,
    card: o.card_masked,
    verified: o.verified === 1,
    source: o.source,
    updatedAtMs: o.updated_at_ms,
    anomaly: o.anomaly === null ? null : (JSON.parse(o.anomaly) as string[]),
  };
}

/** Refusals whose remedy is the gateway's back-office (the UI links there rather than saying "wait"). */
const BACK_OFFICE_REFUSALS = new Set(['partly_refunded', 'partial_amount', 'amount_mismatch', 'unknown_status', 'no_cancel_api']);

function actionHint(o: OrderDetail['order']): OrderDetailResult['action'] {
  const kind = naturalKind(o.gateway, o.status_code);
  const d = decide({ gateway: o.gateway, statusCode: o.status_code, amount: o.amount, refunded: o.refunded }, kind, null);
  return d.allowed ? { kind, allowed: true, refusal: null, backOffice: false } : { kind, allowed: false, refusal: d.code, backOffice: BACK_OFFICE_REFUSALS.has(d.code) };
}

export function toOrderDetail(d: OrderDetail): OrderDetailResult {
  return {
    order: toOrderListRow(d.order),
    payload: decompressPayload(d.order.payload),
    history: d.history.map((h) => ({
      atMs: h.at_ms,
      source: h.source,
      statusCode: h.status_code,
      status: h.status,
      captured: h.captured,
      refunded: h.refunded,
      fee: h.fee,
      feeReturned: h.fee_returned,
    })),
    action: actionHint(d.order),
    raw: d.raw
      ? {
          operation: d.raw.operation,
          atMs: d.raw.at_ms,
          // A 106 answer covers a whole month of orders; the drawer shows its start.
          text: d.raw.raw.length > RAW_LIMIT ? d.raw.raw.slice(0, RAW_LIMIT) : d.raw.raw,
          truncated: d.raw.raw.length > RAW_LIMIT,
          verified: d.raw.verified === 1,
        }
      : null,
    anomalies: d.anomalies,
  };
}

/** Every registered gateway, as the renderer needs it (names, labels, status table, profile fields). */
export function describeGateways(): GatewayDescription[] {
  return gatewayAdapters().map((a) => ({
    name: a.name,
    label: a.label,
    title: a.title,
    payoutRule: a.payoutRule,
    statusCodeName: a.statusCodeName,
    statusField: a.statusField,
    statuses: Object.entries(a.statuses).map(([code, s]) => ({ code, zh: s.zh, en: s.en, normalized: s.normalized })),
    secrets: [...a.secrets],
    profileFields: a.profileFields.map((f) => ({ ...f })),
    capabilities: a.capabilities,
  }));
}

export function statusMetadata(): StatusMeta {
  return {
    normalized: NORMALIZED_STATUSES.map((value) => ({ value, ...STATUS_LABELS[value] })),
    flashpay: Object.entries(FLASHPAY_STATUSES).map(([code, s]) => ({ code, zh: s.zh, en: s.en, normalized: s.normalized })),
    firstbank: Object.entries(FIRSTBANK_TRANS_STATUSES).map(([code, s]) => ({ code, zh: s.zh, en: s.en, normalized: s.normalized })),
  };
}
