// Connects a profile to its gateway: the adapter's client, with the profile's secrets from the
// keychain (main process only).
import type { App } from '../app.ts';
import type { ClientOptions, GatewayAdapter, GatewayConnection } from '../gateways/adapter.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import { type Profile, profileSecrets } from './profiles.ts';

export type { ClientOptions };

export async function connectGateway(app: App, profile: Profile, options: ClientOptions = {}): Promise<{ adapter: GatewayAdapter; connection: GatewayConnection }> {
  const adapter = gatewayAdapter(profile.gateway);
  const secrets = await profileSecrets(app, profile);
  return { adapter, connection: adapter.connect(app, profile, secrets, { timeoutMs: options.timeoutMs, fetch: options.fetch }) };
}
