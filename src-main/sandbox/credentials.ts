// Demo credentials derived from the seed: fresh-looking per seed, identical for the same seed, so a
// console profile saved against `--seed 7` keeps working across restarts.
import { ALNUM, DIGITS, HEX, randomText, streamOf } from './prng.ts';

export interface FlashPaySandboxCredentials {
  merId: string;
  hashKey: string;
  hashIv: string;
}

export interface FirstBankSandboxCredentials {
  platformId: string;
  hashKey: string;
}

export function flashPayCredentials(seed: number): FlashPaySandboxCredentials {
  const rand = streamOf(seed, 'flashpay-credentials');
  return { merId: `HT${randomText(rand, DIGITS, 8)}`, hashKey: randomText(rand, ALNUM, 32), hashIv: randomText(rand, ALNUM, 16) };
}

export function firstBankCredentials(seed: number): FirstBankSandboxCredentials {
  const rand = streamOf(seed, 'firstbank-credentials');
  return { platformId: `FCB${randomText(rand, DIGITS, 12)}`, hashKey: randomText(rand, HEX, 32) };
}
