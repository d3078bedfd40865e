// What a reconciliation exception means, as a catalogue message built from the fields each exception
// keeps (amounts, the shop's status and words, the gateway's status): the Reconciliation page, the
// CLI and the workbook show it in the user's language. The stored English `detail` stays as recorded.
import { type Message, msg } from '../../contract/messages/render.ts';
import { statusParamOf } from '../gateways/adapter.ts';
import { gatewayAdapter, isGatewayName } from '../gateways/registry.ts';
import type { ExceptionRecord } from '../store/reconcile.ts';

export function exceptionDetailMessage(e: Pick<ExceptionRecord, 'kind' | 'gateway' | 'order_no' | 'cache_order_no' | 'ledger_amount' | 'gateway_amount' | 'ledger_status' | 'ledger_status_text' | 'gateway_status_code' | 'detail'>): Message {
  const gatewayStatus = e.gateway_status_code !== null && isGatewayName(e.gateway) ? statusParamOf(gatewayAdapter(e.gateway), e.gateway_status_code) : (e.gateway_status_code ?? '—');
  switch (e.kind) {
    case 'amount_mismatch':
      return msg('recon.amount_mismatch', {
        ledgerCents: e.ledger_amount ?? 0,
        gatewayCents: e.gateway_amount ?? 0,
        differenceCents: (e.ledger_amount ?? 0) - (e.gateway_amount ?? 0),
      });
    case 'status_mismatch':
      return msg('recon.status_mismatch', { shop: e.ledger_status ?? 'other', shopText: e.ledger_status_text ?? '', gatewayStatus });
    case 'missing_at_gateway':
      return e.cache_order_no ? msg('recon.unconfirmed') : msg('recon.missing_at_gateway');
    case 'missing_in_ledger': {
      const twice = /^a second paid gateway order for shop order (\S+) /.exec(e.detail);
      return twice ? msg('recon.paid_twice', { orderNo: twice[1]! }) : msg('recon.missing_in_ledger');
    }
  }
}
