// Hash helpers shared by both gateways. Comparisons are constant time so a forger cannot learn a
// valid chk/signature byte by byte from response timing.
import { createHash, timingSafeEqual } from 'node:crypto';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

export function sha256HexUpper(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').toUpperCase();
}

/** True when `received` is the same SHA-256 digest as `expectedHex`, in either hex case. */
export function digestEquals(expectedHex: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const candidate = received.trim();
  if (!SHA256_HEX.test(candidate) || !SHA256_HEX.test(expectedHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(candidate, 'hex'));
}
