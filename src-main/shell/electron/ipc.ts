// Main-process IPC: one ipcMain.handle per contract channel. Each call checks the sender frame,
// validates the payload against the contract, then calls the shared handler table. Written against
// minimal interfaces so tests can drive it with a stubbed ipcMain.
import { contract } from '../../contract/channels.ts';
import type { App } from '../../core/app.ts';
import { dispatch, toBridgeError } from '../handlers.ts';
import { isTrustedSender } from './security.ts';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>): void;
}
export interface IpcEventLike {
  senderFrame: { url: string; parent: unknown } | null;
}

export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; errorId?: string } };

export function registerIpc(ipcMain: IpcMainLike, app: App, log: (line: string) => void = () => {}): string[] {
  const channels = Object.keys(contract);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload): Promise<Envelope> => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`refused IPC ${channel} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
        return { ok: false, error: { code: 'forbidden', message: 'this frame may not call the console' } };
      }
      try {
        return { ok: true, result: await dispatch(app, channel, payload) };
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
