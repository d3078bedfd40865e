// Builds a gateway client for a profile, with its secrets from the keychain (main process only).
import type { App } from '../app.ts';
import { FlashPayClient } from '../gateways/flashpay/client.ts';
import { FirstBankClient } from '../gateways/firstbank/client.ts';
import type { FetchLike } from '../gateways/http.ts';
import { InputError } from '../errors.ts';
import { type Profile, profileSecrets } from './profiles.ts';

export interface ClientOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
}

export async function flashPayClientFor(app: App, profile: Profile, options: ClientOptions = {}): Promise<FlashPayClient> {
  if (profile.gateway !== 'flashpay') throw new InputError(`profile ${profile.name} is a First Bank profile`);
  const { hashKey, hashIv } = await profileSecrets(app, profile);
  return new FlashPayClient({ tradeBaseUrl: profile.tradeUrl, queryBaseUrl: profile.queryUrl, merId: profile.merchantId, hashKey, hashIv, ...options });
}

export async function firstBankClientFor(app: App, profile: Profile, options: ClientOptions = {}): Promise<FirstBankClient> {
  if (profile.gateway !== 'firstbank') throw new InputError(`profile ${profile.name} is a FlashPay profile`);
  const { hashKey } = await profileSecrets(app, profile);
  return new FirstBankClient({ baseUrl: profile.queryUrl, platformId: profile.merchantId, hashKey, ...options });
}
