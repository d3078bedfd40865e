// "Re-query now": ask the gateway about one order and store the answer like a sync would (the
// adapter's one refreshOrder, shared with the actions' re-query).
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { type ClientOptions, connectGateway } from './gateway-clients.ts';
import type { Profile } from './profiles.ts';

export async function requeryOrder(app: App, profile: Profile, orderNo: string, options: ClientOptions = {}): Promise<'inserted' | 'updated' | 'unchanged'> {
  const { connection } = await connectGateway(app, profile, options);
  const result = await connection.refreshOrder(orderNo, {
    nowMs: Date.now,
    notQueryable: (message, said) => new InputError(message, said ? { msg: said } : undefined),
  });
  return result.outcome;
}
