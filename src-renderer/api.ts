// The renderer's only door to the core: `window.recon` in Electron (the preload bridge), or the same
// named functions over the loopback web shell. Both have the ReconBridge type from the contract.
import { methodNames, type ReconBridge } from '../src-main/contract/bridge.ts';
import type { JobProgress } from '../src-main/contract/channels.ts';
import { type BridgeError, decodeBridgeError } from '../src-main/contract/bridge-error.ts';
import { isMessageCode, msg, renderMessage } from '../src-main/contract/messages/render.ts';
import type { Lang } from '../src-main/contract/messages/catalogue.ts';
import type { DayStyle } from '../src-main/contract/day-text.ts';
import type { Role } from '../src-main/contract/vocabulary.ts';

declare global {
  interface Window {
    recon?: ReconBridge;
  }
}

/**
 * A failed call. `message` is what the page shows: the core's catalogue message rendered in the
 * page's language when it sent one, else its own text. `detail` is the technical reason behind it.
 */
export class BridgeCallError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  readonly errorId: string | undefined;
  constructor(error: BridgeError) {
    super(error.msg && isMessageCode(error.msg.code) ? renderMessage(error.msg, pageLang(), { dayStyle: pageDayStyle() }) : error.message);
    this.code = error.code;
    this.detail = error.detail;
    this.errorId = error.errorId;
  }
}

/** Told when a call answers "not signed in" (a team server's session ended): the app shows sign-in. */
const unauthenticatedListeners = new Set<(err: BridgeCallError) => void>();
export function onUnauthenticated(listener: (err: BridgeCallError) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => void unauthenticatedListeners.delete(listener);
}
function failed(err: BridgeCallError): BridgeCallError {
  if (err.code === 'unauthenticated') for (const l of unauthenticatedListeners) l(err);
  return err;
}

function pageLang(): Lang {
  return document.documentElement.lang === 'en' ? 'en' : 'zh-TW';
}

function pageDayStyle(): DayStyle {
  return localStorage.getItem('dayStyle') === 'roc' ? 'roc' : 'western';
}

/** Electron's preload hands errors over as encoded messages: give the page the same errors as the web shell. */
function electronBridge(recon: ReconBridge): ReconBridge {
  const bridge: Record<string, unknown> = { ...recon };
  for (const method of Object.values(methodNames)) {
    const original = (recon as unknown as Record<string, (request: unknown) => Promise<unknown>>)[method]!;
    bridge[method] = (request: unknown) =>
      original(request).catch((err: unknown) => {
        const decoded = err instanceof Error ? decodeBridgeError(err.message) : null;
        throw decoded ? failed(new BridgeCallError(decoded)) : err;
      });
  }
  return bridge as ReconBridge;
}

function webBridge(): ReconBridge {
  const call = async (channel: string, request: unknown): Promise<unknown> => {
    let answer: Response;
    try {
      answer = await fetch(`./api/call/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      throw new BridgeCallError({ code: 'offline', message: 'the console process is not reachable; is it still running?', msg: msg('bridge.offline') });
    }
    const body = (await answer.json().catch(() => null)) as
      | { ok: true; result: unknown }
      | { ok: false; error: BridgeError }
      | null;
    if (!body) throw new BridgeCallError({ code: 'internal', message: `unexpected answer from the console (HTTP ${answer.status})`, msg: msg('bridge.bad_answer', { status: answer.status }) });
    if (!body.ok) throw failed(new BridgeCallError(body.error));
    return body.result;
  };
  const bridge: Record<string, unknown> = {};
  for (const [channel, method] of Object.entries(methodNames)) {
    bridge[method] = (request: unknown) => call(channel, request);
  }
  const listeners = new Set<(p: JobProgress) => void>();
  let source: EventSource | undefined;
  bridge.onJobProgress = (listener: (p: JobProgress) => void) => {
    listeners.add(listener);
    if (!source) {
      source = new EventSource('./api/events');
      source.addEventListener('job:progress', (e) => {
        const progress = JSON.parse((e as MessageEvent<string>).data) as JobProgress;
        for (const l of listeners) l(progress);
      });
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = undefined;
      }
    };
  };
  return bridge as ReconBridge;
}

export const api: ReconBridge = window.recon ? electronBridge(window.recon) : webBridge();

/** The desktop app (it may connect to a team server), not a browser. */
export const isDesktop = window.recon !== undefined;

/** Who is using the console: nobody in particular (the desktop, the loopback shell), or a signed-in person. */
export type SessionInfo =
  | { mode: 'local' }
  | { mode: 'team'; name: string; role: Role; expiresAtMs?: number; via: 'web' | 'desktop'; url?: string }
  | { mode: 'signed-out'; via?: 'desktop'; url?: string };

async function post(route: string, body: unknown): Promise<{ status: number; body: { ok: true; result: unknown } | { ok: false; error: BridgeError } | null }> {
  let answer: Response;
  try {
    answer = await fetch(route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch {
    throw new BridgeCallError({ code: 'offline', message: 'the console process is not reachable; is it still running?', msg: msg('bridge.offline') });
  }
  return { status: answer.status, body: (await answer.json().catch(() => null)) as { ok: true; result: unknown } | { ok: false; error: BridgeError } | null };
}

export async function sessionInfo(): Promise<SessionInfo> {
  if (window.recon) {
    // The desktop: connected to a team server through Settings, or its own embedded core.
    const status = await api.teamStatus({});
    // Signed out by the server: still that server's until the person disconnects (never the local data).
    if (status.signedOut) return { mode: 'signed-out', via: 'desktop', ...(status.url ? { url: status.url } : {}) };
    return status.connected && status.name && status.role ? { mode: 'team', name: status.name, role: status.role, ...(status.expiresAtMs ? { expiresAtMs: status.expiresAtMs } : {}), ...(status.url ? { url: status.url } : {}), via: 'desktop' } : { mode: 'local' };
  }
  const a = await post('./api/session', {});
  if (a.status === 401) return { mode: 'signed-out' };
  if (!a.body) throw new BridgeCallError({ code: 'internal', message: `unexpected answer from the console (HTTP ${a.status})`, msg: msg('bridge.bad_answer', { status: a.status }) });
  if (!a.body.ok) throw new BridgeCallError(a.body.error);
  const r = a.body.result as { mode: 'local' } | { mode: 'team'; name: string; role: Role; expiresAtMs: number };
  return r.mode === 'team' ? { ...r, via: 'web' } : { mode: 'local' };
}

/** A team server's sign-in (the web page); its coded refusals (wrong password, locked, disabled) as BridgeCallErrors. */
export async function signIn(name: string, password: string): Promise<SessionInfo> {
  const a = await post('./api/sign-in', { name, password });
  if (!a.body) throw new BridgeCallError({ code: 'internal', message: `unexpected answer from the console (HTTP ${a.status})`, msg: msg('bridge.bad_answer', { status: a.status }) });
  if (!a.body.ok) throw new BridgeCallError(a.body.error);
  const r = a.body.result as { name: string; role: Role; expiresAtMs: number };
  return { mode: 'team', name: r.name, role: r.role, expiresAtMs: r.expiresAtMs, via: 'web' };
}

export async function signOut(via: 'web' | 'desktop'): Promise<void> {
  if (via === 'desktop') await api.teamDisconnect({});
  else await post('./api/sign-out', {});
}
