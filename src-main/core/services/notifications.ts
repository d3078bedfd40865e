// The notification inspector: a pasted or loaded FlashPay return_url body or First Bank async
// notification (3.5), verified and decoded here in main with the profile's keys (the renderer sees
// the decoded fields, never a key), and optionally ingested into the order cache. A missed
// notification is why shops believe wrong things; ingesting the one the shop's server dropped fixes
// the cache without waiting for a sync.
import type { App } from '../app.ts';
import { ReconError, errorMessage } from '../errors.ts';
import { gatewayAdapter, gatewayAdapters, gatewayLabel, gatewayNameParam } from '../gateways/registry.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import { statusParamOf, type VerifiedNotification } from '../gateways/adapter.ts';
import type { GatewayName } from '../gateways/status.ts';
import { maskPans } from '../pan.ts';
import { type NormalizedOrder, orderStore } from '../store/orders.ts';
import { type Profile, profileSecrets } from './profiles.ts';

export const MAX_NOTIFICATIONS = 500;

/** What the inspector shows of a verified notification (the adapter decodes it). */
export type DecodedNotification = VerifiedNotification['decoded'];

export interface InspectedNotification {
  index: number;
  ok: boolean;
  kind: GatewayName | 'unknown';
  error?: string;
  errorMsg?: Message;
  warnings: string[];
  warningMessages?: Message[];
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
  return gatewayAdapters().find((a) => a.detectNotification(body))?.name ?? 'unknown';
}

function excerptOf(body: string): string {
  return body.length > 90 ? `${body.slice(0, 90)}…` : body;
}

async function verifyAll(app: App, profile: Profile, text: string): Promise<Verified[]> {
  const bodies = splitNotifications(text);
  if (bodies.length > MAX_NOTIFICATIONS) throw new ReconError('input', `at most ${MAX_NOTIFICATIONS} notifications at a time; split the file`, { msg: msg('input.too_many_notifications', { max: MAX_NOTIFICATIONS }) });
  const secrets = await profileSecrets(app, profile);
  return bodies.map((body, index) => {
    const kind = detectKind(body);
    const item: InspectedNotification = { index: index + 1, ok: false, kind, warnings: [], excerpt: excerptOf(maskPans(body)), decoded: null };
    if (kind === 'unknown') {
      item.error = `neither ${gatewayAdapters().map((a) => a.notificationShape).join(' nor ')}`;
      item.errorMsg = msg('notify.unknown_kind');
      return { item, order: null, raw: body };
    }
    if (kind !== profile.gateway) {
      item.error = `this is a ${gatewayLabel(kind)} message, but ${profile.name} is a ${gatewayLabel(profile.gateway)} profile`;
      item.errorMsg = msg('notify.wrong_gateway', { kind: gatewayNameParam(kind), profile: profile.name, gateway: gatewayNameParam(profile.gateway) });
      return { item, order: null, raw: body };
    }
    try {
      const verified = gatewayAdapter(kind).verifyNotification(body, secrets, profile);
      item.warnings.push(...verified.warnings);
      if (verified.warningMessages) item.warningMessages = verified.warningMessages;
      item.decoded = verified.decoded;
      const order = verified.order;
      item.ok = true;
      return { item, order, raw: body };
    } catch (err) {
      if (!(err instanceof ReconError)) throw err;
      item.error = errorMessage(err);
      if (err.msg) item.errorMsg = err.msg;
      return { item, order: null, raw: body };
    }
  });
}

export async function inspectNotifications(app: App, profile: Profile, text: string): Promise<InspectedNotification[]> {
  return (await verifyAll(app, profile, text)).map((v) => v.item);
}

export interface IngestOutcome {
  index: number;
  orderNo: string;
  outcome: 'inserted' | 'updated' | 'unchanged' | 'skipped';
  reason?: string;
  /** The reason as a catalogue message, for the user's language. */
  reasonMsg?: Message;
}

export async function ingestNotifications(app: App, profile: Profile, text: string, nowMs = Date.now()): Promise<{ ingested: number; items: InspectedNotification[]; outcomes: IngestOutcome[] }> {
  const verified = await verifyAll(app, profile, text);
  const store = orderStore(app.db);
  // How far along its life an order is: a notification may move an order forward, never back (an
  // old "authorized" notice must not undo a settlement a sync already saw).
  const adapter = gatewayAdapter(profile.gateway);
  const ranks = adapter.rules.rank;
  const outcomes: IngestOutcome[] = [];
  app.db.transaction(() => {
    for (const v of verified) {
      if (!v.item.ok || !v.order) continue;
      const cached = store.get(profile.id, v.order.orderNo);
      const before = cached ? (ranks[cached.status_code] ?? 0) : -1;
      const after = ranks[v.order.statusCode] ?? 0;
      if (cached && cached.status_code !== '' && after <= before) {
        const same = after === before && cached.status_code === v.order.statusCode;
        outcomes.push({
          index: v.item.index, orderNo: v.order.orderNo, outcome: same ? 'unchanged' : 'skipped',
          ...(same ? {} : {
            reason: `the cache already has a later state (${cached.status_code}) from the gateway; re-query to refresh`,
            reasonMsg: msg('notify.later_state_cached', { status: statusParamOf(adapter, cached.status_code) }),
          }),
        });
        continue;
      }
      const rawAnswerId = store.saveRawAnswer({ profileId: profile.id, atMs: nowMs, operation: 'notify', request: 'notification inspector', raw: maskPans(v.raw), verified: true });
      outcomes.push({ index: v.item.index, orderNo: v.order.orderNo, outcome: store.upsert(profile.id, v.order, { rawAnswerId, source: 'notify', nowMs }) });
    }
  })();
  return { ingested: outcomes.filter((o) => o.outcome === 'inserted' || o.outcome === 'updated').length, items: verified.map((v) => v.item), outcomes };
}
