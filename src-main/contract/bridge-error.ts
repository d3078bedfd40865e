// What crosses the bridge when a call fails (Electron IPC and the web shell alike): a stable code, the
// English text, and where the core gave one, the catalogue message the renderer shows in the user's
// language plus the technical detail behind it.
import type { Message } from './messages/render.ts';

export interface BridgeError {
  code: string;
  message: string;
  errorId?: string;
  msg?: Message;
  detail?: string;
}

/**
 * Electron's contextBridge copies only an Error's message into the page (custom properties such as
 * `code` are dropped), so the preload puts the whole BridgeError into the message behind this marker
 * and the renderer takes it out again.
 */
const MARK = 'recon-bridge-error:';

export function encodeBridgeError(error: BridgeError): string {
  return `${MARK}${JSON.stringify(error)}`;
}

/** The BridgeError inside a message the preload encoded; null for any other message. */
export function decodeBridgeError(message: string): BridgeError | null {
  const at = message.indexOf(MARK);
  if (at < 0) return null;
  try {
    const value = JSON.parse(message.slice(at + MARK.length)) as Partial<BridgeError>;
    return typeof value.code === 'string' && typeof value.message === 'string' ? (value as BridgeError) : null;
  } catch {
    return null;
  }
}
