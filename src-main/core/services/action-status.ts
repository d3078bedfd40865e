// One line naming a gateway status code for journal notes and messages: "02 授權成功 (Authorized)".
import { firstBankTransStatus } from '../gateways/firstbank/statuses.ts';
import { flashPayStatus } from '../gateways/flashpay/statuses.ts';
import type { GatewayName } from '../gateways/status.ts';

export function describeStatus(gateway: GatewayName, code: string): string {
  if (code === '') return '(no status yet)';
  const s = gateway === 'flashpay' ? flashPayStatus(code) : firstBankTransStatus(code);
  return `${gateway === 'firstbank' ? 'TransStatus ' : ''}${s.code} ${s.zh} (${s.en})`;
}
