// The control API under /_sandbox/ (JSON), the same on both sandboxes: inspect orders, actions,
// notifications and the shop ledger; move the shared clock; arm faults. Never faulted itself.
import { z } from 'zod';
import { isoTaipei } from '../core/time.ts';
import type { ActionRecord } from './actions.ts';
import { HOUR_MS, type SandboxClock } from './clock.ts';
import { type FaultPlan, faultSpecSchema } from './faults.ts';
import { type SandboxAnswer, type SandboxRequest, jsonAnswer } from './http.ts';
import type { Ledger } from './ledger.ts';
import type { NotificationRecord } from './notifier.ts';

export const CONTROL_PREFIX = '/_sandbox/';

export interface ControlSurface {
  gateway: 'flashpay' | 'firstbank';
  clock: SandboxClock;
  faults: FaultPlan;
  orders(): unknown[];
  actions(): readonly ActionRecord[];
  notifications(): NotificationRecord[];
  ledger(): Ledger;
  /** Gateway-specific settings (First Bank: the notify URL); undefined when there are none. */
  settings?: { schema: z.ZodType; get(): unknown; apply(value: unknown): void };
}

const clockSchema = z.object({ advanceHours: z.number().finite().min(0).max(24 * 400) });

function clockView(clock: SandboxClock): Record<string, unknown> {
  const now = clock.now();
  return { now: isoTaipei(now), nowMs: now, frozen: clock.frozen };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body === '' ? '{}' : body);
  } catch {
    return undefined;
  }
}

function invalid(error: z.ZodError | string): SandboxAnswer {
  return jsonAnswer({ error: typeof error === 'string' ? error : z.prettifyError(error) }, 400);
}

/**
 * The web shell's gatekeeping, for the same reason: a page on another site (or rebound by DNS to
 * 127.0.0.1) must not re-point notifications or arm faults. Node clients send no Origin and JSON;
 * a browser's cross-site "simple" POST (text/plain, form) never gets here.
 */
export function refuseForeign(request: SandboxRequest): SandboxAnswer | undefined {
  const hosts = request.localPort === undefined ? [] : [`127.0.0.1:${request.localPort}`, `localhost:${request.localPort}`];
  if (!request.host || !hosts.includes(request.host.toLowerCase())) {
    return jsonAnswer({ error: `foreign Host header ${JSON.stringify(request.host ?? '')}` }, 421);
  }
  if (request.origin !== undefined && !hosts.map((h) => `http://${h}`).includes(request.origin.toLowerCase())) {
    return jsonAnswer({ error: `foreign Origin ${JSON.stringify(request.origin)}` }, 403);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD' && !/^application\/json\s*(;|$)/i.test(request.contentType)) {
    return jsonAnswer({ error: 'Content-Type must be application/json' }, 415);
  }
  return undefined;
}

export async function controlAnswer(request: SandboxRequest, surface: ControlSurface): Promise<SandboxAnswer> {
  const refused = refuseForeign(request);
  if (refused) return refused;
  const route = `${request.method} ${request.path.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'GET orders':
      return jsonAnswer({ gateway: surface.gateway, ...clockView(surface.clock), orders: surface.orders() });
    case 'GET actions':
      return jsonAnswer({ gateway: surface.gateway, actions: surface.actions() });
    case 'GET notifications':
      return jsonAnswer({ gateway: surface.gateway, notifications: surface.notifications() });
    case 'GET ledger.csv': {
      const { csv } = surface.ledger();
      return { status: 200, contentType: 'text/csv; charset=utf-8', body: csv, headers: { 'content-disposition': `attachment; filename="${surface.gateway}-ledger.csv"` } };
    }
    case 'GET ledger-discrepancies':
      return jsonAnswer({ gateway: surface.gateway, discrepancies: surface.ledger().discrepancies });
    case 'GET clock':
      return jsonAnswer(clockView(surface.clock));
    case 'POST clock': {
      const parsed = clockSchema.safeParse(parseJson(request.body));
      if (!parsed.success) return invalid(parsed.error);
      await surface.clock.advance(parsed.data.advanceHours * HOUR_MS);
      return jsonAnswer(clockView(surface.clock));
    }
    case 'GET faults':
      return jsonAnswer({ faults: surface.faults.list() });
    case 'POST faults': {
      const parsed = faultSpecSchema.safeParse(parseJson(request.body));
      if (!parsed.success) return invalid(parsed.error);
      surface.faults.arm(parsed.data);
      return jsonAnswer({ faults: surface.faults.list() });
    }
    case 'GET settings':
      return jsonAnswer(surface.settings?.get() ?? {});
    case 'POST settings': {
      if (!surface.settings) return invalid(`the ${surface.gateway} sandbox has no settings`);
      const parsed = surface.settings.schema.safeParse(parseJson(request.body));
      if (!parsed.success) return invalid(parsed.error);
      surface.settings.apply(parsed.data);
      return jsonAnswer(surface.settings.get());
    }
    default:
      return jsonAnswer({ error: `no control endpoint ${route}` }, 404);
  }
}
