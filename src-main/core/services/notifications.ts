// The notification inspector: a pasted or loaded FlashPay return_url body or First Bank async
// notification (3.5), verified and decoded here in main with the profile's keys (the renderer sees
// the decoded fields, never a key), and optionally ingested into the order cache. A missed
// notification is why shops believe wrong things; ingesting the one the shop's server dropped fixes
// the cache without waiting for a sync.
import type { App } from '../app.ts';
import { ReconError, errorMessage } from '../errors.ts';
import { type FlashPayKeys, openAnswer } from '../gateways/flashpay/codec.ts';
import { type FlashPayOrder, parseFlashPayOrder } from '../gateways/flashpay/orders.ts';
import { SIGNATURE_FIELD } from '../gateways/firstbank/codec.ts';
import { checkFirstBankNotification } from '../gateways/firstbank/inspect.ts';
import type { FirstBankOrder } from '../gateways/firstbank/orders.ts';
import type { GatewayName } from '../gateways/status.ts';
import { maskPans } from '../pan.ts';
import { type NormalizedOrder, orderStore, fromFirstBank, fromFlashPay } from '../store/orders.ts';
import { type Profile, profileSecrets } from './profiles.ts';

export const MAX_NOTIFICATIONS = 500;

export interface DecodedNotification {
  orderNo: string;
  gatewayOrderNo: string | null;
  status: string;
  statusCode: string;
  amount: number | null;
  orderedAt: string | null;
  paid: boolean;
  fields: Record<string, string>;
}

export interface InspectedNotification {
  index: number;
  ok: boolean;
  kind: GatewayName | 'unknown';
  error?: string;
  warnings: string[];
  excerpt: string;
  decoded: DecodedNotification | null;
}

interface Verified {
  item: InspectedNotification;
  order: NormalizedOrder | null;
  raw: string;
}

/** One body per line, or bodies separated by blank lines (a pretty-printed JSON body spans lines). */
export function splitNotifications(text: string): string[] {
  const items: string[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const t = block.trim();
    if (t === '') continue;
    if (t.startsWith('{') && t.includes('\n')) {
      try {
        JSON.parse(t);
        items.push(t);
        continue;
      } catch {
        // several one-line bodies: split below
      }
    }
    for (const line of t.split('\n')) if (line.trim() !== '') items.push(line.trim());
  }
  return items;
}

export function detectKind(body: string): GatewayName | 'unknown' {
  const t = body.trim();
  if (/(^|&)dat=/.test(t) || /^\{[\s\S]*"dat"\s*:/.test(t)) return 'flashpay';
  if (/(^|&)(OrderId|HashKey|PlatFormId|TransStatus)=/.test(t)) return 'firstbank';
  return 'unknown';
}

function excerptOf(body: string): string {
  return body.length > 90 ? `${body.slice(0, 90)}…` : body;
}

function flatten(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = maskPans(typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

function flashPayDecoded(o: FlashPayOrder): DecodedNotification {
  return {
    orderNo: o.ordNo, gatewayOrderNo: o.orderNo, status: o.status, statusCode: o.statusCode, amount: o.amount,
    orderedAt: o.orderedAt?.original ?? null, paid: ['02', '03', '04'].includes(o.statusCode), fields: flatten(o.raw),
  };
}

function firstBankDecoded(o: FirstBankOrder): DecodedNotification {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.raw)) if (k !== SIGNATURE_FIELD) fields[k] = maskPans(v);
  return {
    orderNo: o.orderId, gatewayOrderNo: o.reCheckId, status: o.status, statusCode: o.transStatusCode ?? '', amount: o.amount,
    orderedAt: o.transTime?.original ?? null, paid: o.paid, fields,
  };
}

function verifyFlashPay(body: string, keys: FlashPayKeys, profile: Profile, item: InspectedNotification): NormalizedOrder {
  const answer = openAnswer(body, keys);
  if (answer.kind === 'error') throw new ReconError('malformed', 'a plain JSON object without dat: that is a FlashPay error answer, not a notification');
  const order = parseFlashPayOrder(answer.payload);
  if (order.merId !== '' && order.merId !== profile.merchantId) {
    throw new ReconError('merchant', `addressed to merchant ${order.merId}, not to this profile's ${profile.merchantId}`);
  }
  if (order.txType !== null && order.txType !== '104') item.warnings.push(`tx_type is ${order.txType}, not 104: an answer to a query rather than a return_url notification`);
  if (order.statusInferred) item.warnings.push(`no order_status: ${order.statusCode} inferred from ret_code ${order.retCode ?? '(none)'}`);
  if (order.amount === null) item.warnings.push('no tx_amt or amt: the amount is unknown');
  item.decoded = flashPayDecoded(order);
  return fromFlashPay(order, true);
}

function verifyFirstBank(body: string, hashKey: string, profile: Profile, item: InspectedNotification): NormalizedOrder {
  // The same verdict and labels as `recon firstbank verify` (seed rule, stray space, plugin rule).
  const checked = checkFirstBankNotification(body, hashKey);
  const platform = checked.fields.PlatFormId?.trim() ?? '';
  if (platform !== profile.merchantId) throw new ReconError('merchant', `addressed to platform ${platform || '(none)'}, not to this profile's ${profile.merchantId}`);
  item.warnings.push(...checked.notes.map((n) => n.message));
  item.decoded = firstBankDecoded(checked.order);
  return fromFirstBank(checked.order, true);
}

async function verifyAll(app: App, profile: Profile, text: string): Promise<Verified[]> {
  const bodies = splitNotifications(text);
  if (bodies.length > MAX_NOTIFICATIONS) throw new ReconError('input', `at most ${MAX_NOTIFICATIONS} notifications at a time; split the file`);
  const secrets = await profileSecrets(app, profile);
  return bodies.map((body, index) => {
    const kind = detectKind(body);
    const item: InspectedNotification = { index: index + 1, ok: false, kind, warnings: [], excerpt: excerptOf(maskPans(body)), decoded: null };
    if (kind === 'unknown') {
      item.error = 'neither a FlashPay body (ver=…&dat=…&chk=…) nor a First Bank notification (OrderId=…&HashKey=…)';
      return { item, order: null, raw: body };
    }
    if (kind !== profile.gateway) {
      item.error = `this is a ${kind === 'flashpay' ? 'FlashPay' : 'First Bank'} message, but ${profile.name} is a ${profile.gateway === 'flashpay' ? 'FlashPay' : 'First Bank'} profile`;
      return { item, order: null, raw: body };
    }
    try {
      const order = kind === 'flashpay' ? verifyFlashPay(body, { hashKey: secrets.hashKey, hashIv: secrets.hashIv }, profile, item) : verifyFirstBank(body, secrets.hashKey, profile, item);
      item.ok = true;
      return { item, order, raw: body };
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      item.error = errorMessage(err);
      return { item, order: null, raw: body };
    }
  });
}

export async function inspectNotifications(app: App, profile: Profile, text: string): Promise<InspectedNotification[]> {
  return (await verifyAll(app, profile, text)).map((v) => v.item);
}

// How far along its life an order is: a notification may move an order forward, never back (an
// old "authorized" notice must not undo a settlement a sync already saw).
const RANK: Record<GatewayName, Record<string, number>> = {
  flashpay: { '': -1, '00': 0, ZP: 0, '02': 1, ZF: 2, '12': 2, '03': 2, '04': 3, '06': 3, '08': 4 },
  firstbank: { '': -1, '0': 0, '5': 1, '2': 2, '4': 3, '1': 4, '3': 4, '6': 4, '7': 4 },
};

export interface IngestOutcome {
  index: number;
  orderNo: string;
  outcome: 'inserted' | 'updated' | 'unchanged' | 'skipped';
  reason?: string;
}

export async function ingestNotifications(app: App, profile: Profile, text: string, nowMs = Date.now()): Promise<{ ingested: number; items: InspectedNotification[]; outcomes: IngestOutcome[] }> {
  const verified = await verifyAll(app, profile, text);
  const store = orderStore(app.db);
  const ranks = RANK[profile.gateway];
  const outcomes: IngestOutcome[] = [];
  app.db.transaction(() => {
    for (const v of verified) {
      if (!v.item.ok || !v.order) continue;
      const cached = store.get(profile.id, v.order.orderNo);
      const before = cached ? (ranks[cached.status_code] ?? 0) : -1;
      const after = ranks[v.order.statusCode] ?? 0;
      if (cached && cached.status_code !== '' && after <= before) {
        outcomes.push({
          index: v.item.index, orderNo: v.order.orderNo, outcome: after === before && cached.status_code === v.order.statusCode ? 'unchanged' : 'skipped',
          reason: after === before && cached.status_code === v.order.statusCode ? undefined : `the cache already has a later state (${cached.status_code}) from the gateway; re-query to refresh`,
        });
        continue;
      }
      const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'notify', request: 'notification inspector', raw: maskPans(v.raw), verified: true });
      outcomes.push({ index: v.item.index, orderNo: v.order.orderNo, outcome: store.upsert(profile.id, v.order, { rawAnswerId, source: 'notify', nowMs }) });
    }
  })();
  return { ingested: outcomes.filter((o) => o.outcome === 'inserted' || o.outcome === 'updated').length, items: verified.map((v) => v.item), outcomes };
}
