// One line naming a gateway status code for journal notes and messages: "02 授權成功 (Authorized)".
import { gatewayAdapter, gatewayStatus } from '../gateways/registry.ts';

export function describeStatus(gateway: string, code: string): string {
  if (code === '') return '(no status yet)';
  const s = gatewayStatus(gateway, code);
  return `${gatewayAdapter(gateway).statusCodeName}${s.code} ${s.zh} (${s.en})`;
}
