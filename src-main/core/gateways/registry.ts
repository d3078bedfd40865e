// The gateways the console speaks, by stored name. Everything outside core/gateways/ that needs to
// know something about a gateway asks here (docs/ADDING-A-GATEWAY.md).
import type { Bilingual } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { type GatewayAdapter, labelParam, statusOf, statusParamOf } from './adapter.ts';
import { firstBankAdapter } from './firstbank/adapter.ts';
import { flashPayAdapter } from './flashpay/adapter.ts';
import type { GatewayStatus } from './status.ts';
import { msg } from '../../contract/messages/render.ts';

const adapters = new Map<string, GatewayAdapter>();

/**
 * Adds a gateway. The product registers its own below; a test registers a test-only gateway the
 * same way (test/gateways/third-gateway.test.ts), which is how the seam is proven.
 */
export function registerGateway(adapter: GatewayAdapter): void {
  if (!/^[a-z][a-z0-9-]{0,23}$/.test(adapter.name)) throw new Error(`a gateway name is 1-24 lower-case letters, digits or dashes: ${JSON.stringify(adapter.name)}`);
  adapters.set(adapter.name, adapter);
}

/** Removes a gateway registered by a test (the product's own stay). */
export function unregisterGateway(name: string): void {
  if (name !== flashPayAdapter.name && name !== firstBankAdapter.name) adapters.delete(name);
}

registerGateway(flashPayAdapter);
registerGateway(firstBankAdapter);

export function gatewayNames(): string[] {
  return [...adapters.keys()];
}

export function gatewayAdapters(): GatewayAdapter[] {
  return [...adapters.values()];
}

export function isGatewayName(name: unknown): boolean {
  return typeof name === 'string' && adapters.has(name);
}

/** The adapter of a stored gateway name; an unknown name is bad input (a profile of a removed gateway). */
export function gatewayAdapter(name: string): GatewayAdapter {
  const adapter = adapters.get(name);
  if (!adapter) throw new InputError(`unknown gateway ${JSON.stringify(name)} (${gatewayNames().join(' or ')})`, { msg: msg('input.unknown_gateway', { name, known: gatewayNames().join('、') }) });
  return adapter;
}

/** A gateway's display name, e.g. "First Bank" (English) or "第一銀行". */
export function gatewayLabel(name: string, lang: 'zh' | 'en' = 'en'): string {
  return adapters.get(name)?.label[lang] ?? name;
}

/** Describes a gateway's own status code (unknown codes land on 'pending' and say so). */
export function gatewayStatus(name: string, code: string): GatewayStatus {
  return statusOf(gatewayAdapter(name), code);
}

/** A code of adapter data as an SQL string literal (codes are data, never user input). */
export function sqlText(code: string): string {
  return `'${code.replace(/'/g, "''")}'`;
}

/** The SQL of an IN (...) list of codes from adapter data; an empty list matches nothing. */
export function sqlList(codes: readonly string[]): string {
  return codes.length === 0 ? 'NULL' : codes.map(sqlText).join(', ');
}

/** A gateway's display name in both languages, as a message parameter. */
export function gatewayNameParam(name: string): Bilingual {
  const a = adapters.get(name);
  return a ? labelParam(a.label) : { 'zh-TW': name, en: name };
}

/** A status code with the gateway's own name for it in both languages ("12 訂單取消" / "12 Cancelled"). */
export function statusParam(name: string, code: string): Bilingual {
  return statusParamOf(gatewayAdapter(name), code);
}
