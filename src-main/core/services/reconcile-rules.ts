// The matching rules, pure, stated once (the README and the Reconciliation page say the same):
//  - a ledger row and a gateway order match by order number, after the profile's suffix rule;
//  - missing_at_gateway: a ledger row the shop counts as money (paid or refunded) with no gateway
//    order, or only one the gateway never confirmed; a pending, cancelled or failed row without a
//    gateway order is not an exception (no money on either side: an abandoned checkout);
//  - missing_in_ledger: a gateway order that was paid (FlashPay 02/03/04/06/08, First Bank 2/3/4) with
//    no ledger row; cancelled, failed or never-paid orders without a row are not exceptions;
//  - amount_mismatch: the amounts differ by any amount;
//  - status_mismatch: the shop says paid but the gateway does not hold the money, or the shop says
//    refunded / cancelled / pending / failed while the gateway holds it.
import { gatewayAdapter } from '../gateways/registry.ts';
import type { GatewayName, NormalizedStatus } from '../gateways/status.ts';
import type { ShopStatus } from '../ledger/status.ts';
import { exceptionKind } from '../../contract/vocabulary.ts';

export type { ExceptionKind } from '../../contract/vocabulary.ts';
export const EXCEPTION_KINDS = exceptionKind.options;

/** The buyer paid at some point (refunds included): such an order belongs in the shop's ledger. */
export function wasPaid(gateway: GatewayName, code: string): boolean {
  return gatewayAdapter(gateway).rules.paid.includes(code);
}

export function holdsMoney(gateway: GatewayName, code: string): boolean {
  return gatewayAdapter(gateway).rules.holdsMoney.includes(code);
}

/** The shop counts this row as money that went through the gateway (in, or in and back out). */
export function shopExpectsGatewayOrder(shop: ShopStatus): boolean {
  return shop === 'paid' || shop === 'refunded';
}

export function statusContradicts(shop: ShopStatus, gateway: GatewayName, code: string): boolean {
  return (shop === 'paid') !== holdsMoney(gateway, code);
}

export interface GatewaySide {
  orderNo: string;
  gateway: GatewayName;
  status: NormalizedStatus;
  statusCode: string;
  amount: number;
  orderedAtMs: number | null;
}

export interface LedgerSide {
  orderNo: string;
  amount: number;
  status: ShopStatus;
  statusText: string;
}

/** Several gateway orders can share a shop number (retries): the paid one is the shop's order. */
export function pickCandidate<T extends GatewaySide>(candidates: T[]): T | undefined {
  return [...candidates].sort((a, b) => {
    const paid = Number(wasPaid(b.gateway, b.statusCode)) - Number(wasPaid(a.gateway, a.statusCode));
    return paid !== 0 ? paid : (b.orderedAtMs ?? 0) - (a.orderedAtMs ?? 0);
  })[0];
}

export interface PairFinding {
  kind: 'amount_mismatch' | 'status_mismatch';
  detail: string;
}

export function comparePair(ledger: LedgerSide, order: GatewaySide, formatMoney: (cents: number) => string): PairFinding[] {
  const findings: PairFinding[] = [];
  if (ledger.amount !== order.amount) {
    findings.push({
      kind: 'amount_mismatch',
      detail: `the shop has ${formatMoney(ledger.amount)}, the gateway ${formatMoney(order.amount)} (difference ${formatMoney(ledger.amount - order.amount)})`,
    });
  }
  if (statusContradicts(ledger.status, order.gateway, order.statusCode)) {
    findings.push({
      kind: 'status_mismatch',
      detail: `the shop says ${ledger.status} (${ledger.statusText}), the gateway says ${order.status} (${order.statusCode})`,
    });
  }
  return findings;
}
