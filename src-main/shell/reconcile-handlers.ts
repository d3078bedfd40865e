// Handlers of the reconciliation and notification-inspector channels, kept out of handlers.ts so the
// shared table only spreads them in. File contents arrive as base64 and are decoded here, in main.
import type { z } from 'zod';
import type { Channel, ResultOf, contract } from '../contract/channels.ts';
import type { App } from '../core/app.ts';
import { msg } from '../contract/messages/render.ts';
import { InputError } from '../core/errors.ts';
import { importLedger, previewLedger } from '../core/services/ledger-import.ts';
import { ingestNotifications, inspectNotifications } from '../core/services/notifications.ts';
import { getProfile } from '../core/services/profiles.ts';
import { listExceptions, resolveException, runReconciliation } from '../core/services/reconcile.ts';
import type { ExceptionRecord } from '../core/store/reconcile.ts';
import { exceptionDetailMessage } from '../core/services/exception-words.ts';

type ReconcileChannel = Extract<Channel, `ledger:${string}` | `reconcile:${string}` | `notifications:${string}`>;
type Handlers = {
  [C in ReconcileChannel]: (request: z.infer<(typeof contract)[C]['request']>, app: App) => Promise<ResultOf<C>> | ResultOf<C>;
};

/** Base64 characters checked and decoded per turn of the event loop (a multiple of 4). */
const BASE64_SLICE = 1024 * 1024;

/**
 * A 15 MB file arrives as 20 MB of base64: checked and decoded whole, that took the main thread for
 * half a second on a loaded machine. Slices of 1 MB are checked and decoded into one buffer, with the
 * event loop served between them.
 */
async function decodeBase64(text: string): Promise<Uint8Array> {
  const out = Buffer.alloc(Buffer.byteLength(text, 'base64'));
  let written = 0;
  for (let at = 0; at < text.length; at += BASE64_SLICE) {
    const slice = text.slice(at, at + BASE64_SLICE);
    const last = at + BASE64_SLICE >= text.length;
    if (!(last ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9+/]*$/).test(slice)) throw new InputError('the file content is not base64', { msg: msg('shell.not_base64') });
    written += out.write(slice, written, 'base64');
    if (!last) await new Promise((r) => setImmediate(r));
  }
  return out.subarray(0, written);
}

export function toExceptionRow(e: ExceptionRecord): ResultOf<'reconcile:resolve'> {
  return {
    id: e.id,
    profileId: e.profile_id,
    profile: e.profile_name,
    gateway: e.gateway,
    kind: e.kind,
    orderNo: e.order_no,
    cacheOrderNo: e.cache_order_no,
    ledgerAmount: e.ledger_amount,
    gatewayAmount: e.gateway_amount,
    ledgerStatus: e.ledger_status,
    ledgerStatusText: e.ledger_status_text,
    gatewayStatus: e.gateway_status,
    gatewayStatusCode: e.gateway_status_code,
    day: e.taipei_day,
    detail: e.detail,
    detailMsg: exceptionDetailMessage(e),
    state: e.state,
    note: e.note,
    resolvedBy: e.resolved_by,
    resolvedAtMs: e.resolved_at_ms,
    lastSeenAtMs: e.last_seen_at_ms,
    active: e.active === 1,
  };
}

export const reconcileHandlers: Handlers = {
  'ledger:preview': async (req, app) => previewLedger(app, getProfile(app, req.profile), req.fileName, await decodeBase64(req.contentBase64)),
  'ledger:import': async (req, app) =>
    importLedger(app, getProfile(app, req.profile), await decodeBase64(req.contentBase64), {
      fileName: req.fileName,
      mapping: req.mapping,
      suffixRule: req.suffixRule,
      operator: req.operator,
    }),
  'reconcile:run': (req, app) => {
    const r = runReconciliation(app, getProfile(app, req.profile), { from: req.from, to: req.to, operator: req.operator });
    return { ...r, exceptions: r.exceptions.map(toExceptionRow) };
  },
  'reconcile:exceptions': (req, app) =>
    listExceptions(app, {
      profileId: req.profile ? getProfile(app, req.profile).id : undefined,
      kind: req.kind,
      state: req.state,
      activeOnly: !req.includeInactive,
    }).map(toExceptionRow),
  'reconcile:resolve': (req, app) => toExceptionRow(resolveException(app, req.id, req.resolution, req.note, { operator: req.operator })),
  'notifications:inspect': async (req, app) => ({ items: await inspectNotifications(app, getProfile(app, req.profile), req.text) }),
  'notifications:ingest': (req, app) => ingestNotifications(app, getProfile(app, req.profile), req.text),
};
