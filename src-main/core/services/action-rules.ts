// What a cancel or refund may do, decided from the order's latest known state and what each API can
// do, before anything is sent. Pure: no database, no network, so every case is a unit test. Each
// gateway's own refusals and outcomes are its adapter's (core/gateways/<name>/adapter.ts); the
// checks every gateway shares are here.
import {
  type Decision,
  type ExpectedOutcome,
  type OrderFacts,
  type RefusalCode,
  refuse,
} from '../gateways/adapter.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import { msg } from '../../contract/messages/render.ts';
import { labelParam } from '../gateways/adapter.ts';
import type { Cents } from '../money.ts';
import { formatCents } from '../money.ts';
import type { ActionKind } from '../store/actions.ts';

export type { Decision, ExpectedOutcome, OrderFacts, RefusalCode };

export function operationOf(gateway: string): string {
  return gatewayAdapter(gateway).money.operation;
}

/** Decides what `kind` would do on this order; `requested` is the amount the operator asked for. */
export function decide(order: OrderFacts, kind: ActionKind, requested: Cents | null): Decision {
  const adapter = gatewayAdapter(order.gateway);
  const refusal = adapter.money.refusal(order, kind);
  if (refusal) return refusal;
  if (requested !== null && requested !== order.amount) {
    return refuse(
      'partial_amount',
      `the API can only ${adapter.money.verb} the full order amount (${formatCents(order.amount)}), not ${formatCents(requested)}; ` +
        `partial refunds are done in ${adapter.backOffice}.`,
      msg('refusal.partial_amount', { verb: adapter.money.verb, amountCents: order.amount, requestedCents: requested, backOffice: labelParam(adapter.backOfficeLabel) }),
    );
  }
  return { allowed: true, kind, ...adapter.money.expected(order), operation: adapter.money.operation };
}

/** The kind that fits an order when the operator has not chosen one (the UI's dialog). */
export function naturalKind(gateway: string, statusCode: string): ActionKind {
  return gatewayAdapter(gateway).money.naturalKind(statusCode);
}

/** After an unknown outcome: did the action happen, evidently not, or is the state unclear? */
export function judgeAfter(gateway: string, statusCode: string): 'happened' | 'not-happened' | 'unclear' {
  const { rules } = gatewayAdapter(gateway);
  if (rules.happened.includes(statusCode)) return 'happened';
  if (rules.allowed.includes(statusCode)) return 'not-happened';
  return 'unclear';
}
