// Every security decision of the Electron shell, as pure functions of plain values so unit tests can
// check them without an Electron binary.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const ELECTRON_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface WindowOptionsLike {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    spellcheck: false;
    devTools: boolean;
  };
}

/** `packaged`: app.isPackaged. A shipped build has no DevTools (a console into the renderer for anyone at the keyboard). */
export function windowOptions(preloadPath: string, options: { packaged: boolean } = { packaged: true }): WindowOptionsLike {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '對帳主控台 Reconciliation Console',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.packaged,
    },
  };
}

/** Only the app's own top frame, loaded from app://renderer, may call IPC. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** In-app navigation is limited to the app's own pages; everything else is denied. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The one guarded path to the outside world: https links only, opened by the OS browser. */
export function safeExternalUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username || u.password) return null;
    return u.toString();
  } catch {
    return null;
  }
}

/** Maps app://renderer/<path> to a file under the renderer folder; null for anything outside it. */
export function resolveAppFile(requestUrl: string, rendererDir: string, sep = '/'): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  const parts = rel.split('/');
  if (parts.some((p) => p === '..' || p === '' || p.includes('\\') || p.includes('\0'))) return null;
  return [rendererDir.replace(/[\\/]+$/, ''), ...parts].join(sep);
}

/** Permissions (camera, notifications, geolocation, ...) the console never needs: all denied. */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/**
 * Requests alone are not enough: Chromium answers permission *checks* (navigator.permissions,
 * clipboard, media device enumeration, HID/serial/USB) without asking the request handler, and
 * grants some by default. Every check, request and device permission is denied.
 */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
  session.setDevicePermissionHandler(() => false);
}
