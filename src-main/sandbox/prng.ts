// Seeded randomness for demo data and credentials: the same seed must give byte-identical data on
// every machine, so nothing here may touch Math.random or the wall clock.

export type Random = () => number;

/** mulberry32: tiny, fast, and good enough for plausible-looking demo data (not for secrets). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream per purpose (credentials, FlashPay orders, ledger...), so adding a draw to
 * one stream never shifts the data of another.
 */
export function streamOf(seed: number, purpose: string): Random {
  let hash = 0x811c9dc5;
  for (const ch of purpose) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return mulberry32((hash ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}

/** Integer in [min, max], both inclusive. */
export function randInt(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function chance(rand: Random, probability: number): boolean {
  return rand() < probability;
}

export function pick<T>(rand: Random, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function randomText(rand: Random, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
