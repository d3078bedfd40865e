// The renderer's only door to the core: `window.recon` in Electron (the preload bridge), or the same
// named functions over the loopback web shell. Both have the ReconBridge type from the contract.
import { methodNames, type ReconBridge } from '../src-main/contract/bridge.ts';
import type { JobProgress } from '../src-main/contract/channels.ts';

declare global {
  interface Window {
    recon?: ReconBridge;
  }
}

export class BridgeCallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
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
      throw new BridgeCallError('offline', 'the console process is not reachable; is it still running?');
    }
    const body = (await answer.json().catch(() => null)) as
      | { ok: true; result: unknown }
      | { ok: false; error: { code: string; message: string } }
      | null;
    if (!body) throw new BridgeCallError('internal', `unexpected answer from the console (HTTP ${answer.status})`);
    if (!body.ok) throw new BridgeCallError(body.error.code, body.error.message);
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

export const api: ReconBridge = window.recon ?? webBridge();
