// The two gateway calls an action needs, behind one shape: a fresh query of the order (the adapter's
// one refreshOrder, cached and kept as a raw answer like sync does) and the money call itself.
// Nothing here decides anything.
import type { App } from '../app.ts';
import { ActionRefusedError } from '../errors.ts';
import type { FetchLike } from '../gateways/http.ts';
import type { MoneyAnswer, MoneySender } from '../gateways/adapter.ts';
import type { Cents } from '../money.ts';
import { orderStore, type OrderRow } from '../store/orders.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import { connectGateway } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';

export type { MoneyAnswer, MoneySender };

export interface GatewayCallOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface FreshOrder {
  order: OrderRow;
  rawAnswerId: number;
}

/** Asks the gateway for the order's state now and updates the cache (under BEGIN IMMEDIATE). */
export async function queryOrderFresh(app: App, profile: Profile, orderNo: string, options: GatewayCallOptions = {}): Promise<FreshOrder> {
  const { connection } = await connectGateway(app, profile, options);
  const { rawAnswerId } = await connection.refreshOrder(orderNo, {
    nowMs: options.now ?? Date.now,
    note: 'action re-query',
    immediate: true,
    notQueryable: (message, said) => new ActionRefusedError('not_known', `${message}. Nothing was sent.`, said),
  });
  return { order: orderStore(app.db).get(profile.id, orderNo)!, rawAnswerId };
}

/** The request summary kept in the journal and audit log before sending (no secrets, no signature). */
export function requestSummary(profile: Profile, order: OrderRow, amount: Cents, reason: string): string {
  return gatewayAdapter(profile.gateway).money.requestSummary(profile, order, amount, reason);
}

/**
 * Builds the money call with its client (and secrets) ready, so that everything that can fail
 * before the request leaves happens before the journal says SENT. The call is made once (the
 * clients never retry it): a GatewayError is a definite "no"; anything else leaves the outcome unknown.
 */
export async function moneySender(app: App, profile: Profile, options: GatewayCallOptions = {}): Promise<MoneySender> {
  const { connection } = await connectGateway(app, profile, options);
  return connection.moneySender(options.now ?? Date.now);
}
