// What the Settings page and the CLI need around profiles: summaries that say whether secrets are set
// (never what they are), the fee-rate parser, and "test connection".
import { profileStore } from '../store/profiles.ts';
import type { App } from '../app.ts';
import type { Message } from '../../contract/messages/render.ts';
import { InputError, ReconError, errorMessage } from '../errors.ts';
import type { ProfileSummary } from '../../contract/channels.ts';
import { type Profile, listProfiles, secretsStatus } from './profiles.ts';
import { connectGateway } from './gateway-clients.ts';
import { msg } from '../../contract/messages/render.ts';

/** "2.75" or "2.75%" -> 27500 parts per million, exactly. */
export function parseFeeRate(text: string): number {
  const m = /^(\d{1,2})(?:\.(\d{1,4}))?%?$/.exec(text.trim());
  if (!m) throw new InputError(`the fee rate is a percentage like 2.75, got ${JSON.stringify(text)}`, { msg: msg('profile.fee_rate_shape', { text }) });
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
}

export async function profileSummary(app: App, p: Profile): Promise<ProfileSummary> {
  let secrets: ProfileSummary['secrets'];
  try {
    secrets = await secretsStatus(app, p);
  } catch {
    secrets = { hashKey: false, hashIv: false, store: 'unavailable' };
  }
  const last = profileStore(app.db).lastSync(p.id);
  let firstError: string | null = null;
  if (last?.summary) {
    try {
      firstError = (JSON.parse(last.summary) as { errors?: string[] }).errors?.[0] ?? null;
    } catch {
      firstError = null;
    }
  }
  const lastSync = last ? { state: last.state as 'done' | 'failed' | 'cancelled', from: last.from, to: last.to, atMs: last.atMs, firstError } : null;
  return { ...p, secrets, lastSync };
}

export async function profileSummaries(app: App): Promise<ProfileSummary[]> {
  return Promise.all(listProfiles(app).map((p) => profileSummary(app, p)));
}

/** Proves the URL, merchant id and keys work with a harmless read (each adapter's testConnection). */
export async function testConnection(app: App, profile: Profile, timeoutMs = 15_000): Promise<{ ok: boolean; message: string; msg?: Message; detail?: string; ms: number }> {
  const started = Date.now();
  const done = (ok: boolean, message: string, said?: Message, detail?: string) => ({ ok, message, ...(said ? { msg: said } : {}), ...(detail ? { detail } : {}), ms: Date.now() - started });
  try {
    const { connection } = await connectGateway(app, profile, { timeoutMs });
    const r = await connection.testConnection();
    return done(r.ok, r.message, r.msg);
  } catch (err) {
    if (err instanceof ReconError) return done(false, err.message, err.msg, err.detail);
    return done(false, `unexpected error: ${errorMessage(err)}`);
  }
}
