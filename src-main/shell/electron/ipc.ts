// Main-process IPC: one ipcMain.handle per contract channel. Each call checks the sender frame,
// validates the payload against the contract, then calls the shared handler table, or, while the
// desktop is connected to a team server (issue #23), the server through the same contract. Written
// against minimal interfaces so tests can drive it with a stubbed ipcMain.
import { contract } from '../../contract/channels.ts';
import type { App } from '../../core/app.ts';
import { dispatch, toBridgeError } from '../handlers.ts';
import type { TeamConnection } from '../team/connection.ts';
import { isTrustedSender } from './security.ts';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>): void;
}
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; errorId?: string; msg?: unknown } };

export type Route = 'connection' | 'remote' | 'local';

/**
 * Where a call goes: team:* steer the link itself; while linked to a team server (connected, or signed
 * out of it by the server and not yet disconnected) everything else is the server's, which the
 * connection refuses while signed out (the renderer must see neither this desktop's database nor its
 * secrets); otherwise the local core.
 */
export function routeFor(channel: string, linked: boolean): Route {
  if (channel.startsWith('team:')) return 'connection';
  return linked ? 'remote' : 'local';
}

async function answer(app: App, team: TeamConnection | undefined, channel: string, payload: unknown): Promise<unknown> {
  const route = routeFor(channel, team?.linked ?? false);
  if (route === 'remote') return team!.call(channel, payload);
  if (route === 'connection' && team) {
    if (channel === 'team:connect') return team.connect(payload);
    if (channel === 'team:disconnect') return team.disconnect();
    if (channel === 'team:status') return team.status();
  }
  return dispatch(app, channel, payload);
}

export function registerIpc(ipcMain: IpcMainLike, app: App, log: (line: string) => void = () => {}, team?: TeamConnection): string[] {
  const channels = Object.keys(contract);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload): Promise<Envelope> => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`refused IPC ${channel} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
        return { ok: false, error: { code: 'forbidden', message: 'this frame may not call the console' } };
      }
      try {
        return { ok: true, result: await answer(app, team, channel, payload) };
      } catch (err) {
        return { ok: false, error: toBridgeError(err, { channel }) };
      }
    });
  }
  return channels;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview' | 'devtools-opened', listener: (event: { preventDefault(): void }, url: string) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  closeDevTools?(): void;
}

/** Denies navigation away from the app, new windows and webviews; https links go to the OS browser. */
export function hardenWebContents(
  contents: WebContentsLike,
  openExternal: (url: string) => void,
  isAllowedNavigation: (url: string) => boolean,
  safeExternalUrl: (url: string) => string | null,
  options: { devTools: boolean } = { devTools: false },
): void {
  // webPreferences.devTools:false already blocks them; this also covers a window created elsewhere.
  if (!options.devTools) contents.on('devtools-opened', () => contents.closeDevTools?.());
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url)) {
      event.preventDefault();
      const external = safeExternalUrl(url);
      if (external) openExternal(external);
    }
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}
