// Profiles: one per merchant account and gateway. Secrets (HashKey, HashIV) go to the keychain
// (demo profiles: to memory, labelled as such); the database never sees them.
import { rememberSecret } from '../ops/redact.ts';
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { installNamespace, profileNamespace, setProfileNamespace } from '../store/install.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import { type ProfileRow, profileStore } from '../store/profiles.ts';
import type { GatewayName } from '../gateways/status.ts';
import { msg } from '../../contract/messages/render.ts';

export type Environment = 'sandbox' | 'test' | 'production';

export interface Profile {
  id: number;
  name: string;
  gateway: GatewayName;
  environment: Environment;
  tradeUrl: string;
  queryUrl: string;
  merchantId: string;
  /** Fee schedule for gateways that report no fee: parts per million of the captured amount. */
  feeRatePpm: number | null;
  feeFixedCents: number | null;
  demo: boolean;
  createdAt: string;
}

export interface ProfileInput {
  name: string;
  gateway: GatewayName;
  environment?: Environment;
  tradeUrl: string;
  queryUrl?: string;
  merchantId: string;
  feeRatePpm?: number | null;
  feeFixedCents?: number | null;
  demo?: boolean;
}

export interface ProfileSecrets {
  hashKey: string;
  hashIv?: string;
}

function fromRow(r: ProfileRow): Profile {
  return {
    id: r.id,
    name: r.name,
    gateway: r.gateway,
    environment: r.environment,
    tradeUrl: r.trade_url,
    queryUrl: r.query_url,
    merchantId: r.merchant_id,
    feeRatePpm: r.fee_rate_ppm,
    feeFixedCents: r.fee_fixed_cents,
    demo: r.demo === 1,
    createdAt: r.created_at,
  };
}

const NAME_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,39}$/u;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function validateBaseUrl(text: string, what: string): string {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    throw new InputError(`${what} is not a web address: ${JSON.stringify(text)} (it starts with https://)`, { msg: msg('profile.not_web_address', { text }) });
  }
  // "htp:/x" parses as a URL of scheme htp: say it is not a web address, not merely "not https".
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new InputError(`${what} is not a web address: ${JSON.stringify(text)} (it starts with https://)`, { msg: msg('profile.not_web_address', { text }) });
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname))) {
    throw new InputError(`${what} must use https (plain http only for a sandbox on this machine): ${JSON.stringify(text)}`, { msg: msg('profile.needs_https', { text }) });
  }
  if (u.username || u.password) throw new InputError(`${what} must not carry a user name or password`, { msg: msg('profile.url_credentials') });
  // Base URLs: the clients append trade.php / querytrade.php / PayServerOnline/...; drop a pasted file name.
  const path = u.pathname.replace(/\/(trade|querytrade)\.php$/i, '').replace(/\/PayServerOnline(\/.*)?$/i, '').replace(/\/+$/, '');
  return `${u.origin}${path}`;
}

export function inferEnvironment(url: string): Environment {
  return isLoopback(new URL(url).hostname) ? 'sandbox' : 'production';
}

export function validateSecrets(gateway: GatewayName, secrets: ProfileSecrets): void {
  const adapter = gatewayAdapter(gateway);
  for (const name of adapter.secrets) adapter.validateSecret(name, secrets[name]);
}

export function validateSecret(gateway: GatewayName, name: SecretName, value: string | undefined): void {
  gatewayAdapter(gateway).validateSecret(name, value);
}

/** The secrets a form or command line gives, keeping only those the gateway uses (a HashIV only where needed). */
export function secretsFor(gateway: GatewayName, given: { hashKey?: string; hashIv?: string }): ProfileSecrets {
  return { hashKey: given.hashKey ?? '', hashIv: needsSecret(gateway, 'hashIv') ? (given.hashIv ?? '') : undefined };
}

/** Whether the gateway's profiles keep this secret (a HashIV only where the adapter needs one). */
export function needsSecret(gateway: GatewayName, secret: SecretName): boolean {
  return gatewayAdapter(gateway).secrets.includes(secret);
}

export function validateProfileInput(input: ProfileInput): Required<Omit<ProfileInput, 'demo'>> & { demo: boolean } {
  const name = input.name.trim();
  if (!NAME_RE.test(name)) throw new InputError('a profile name is 1-40 letters, digits, spaces, dots, dashes or underscores', { msg: msg('profile.bad_name') });
  gatewayAdapter(input.gateway);
  const tradeUrl = validateBaseUrl(input.tradeUrl, 'the base URL');
  const queryUrl = input.queryUrl ? validateBaseUrl(input.queryUrl, 'the query URL') : tradeUrl;
  const merchantId = input.merchantId.trim();
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(merchantId)) throw new InputError('the merchant id is 1-40 letters, digits, dashes or underscores', { msg: msg('profile.bad_merchant_id') });
  const feeRatePpm = input.feeRatePpm ?? null;
  if (feeRatePpm !== null && (!Number.isSafeInteger(feeRatePpm) || feeRatePpm < 0 || feeRatePpm > 200_000)) {
    throw new InputError('the fee rate must be between 0% and 20%', { msg: msg('profile.bad_fee_rate') });
  }
  const feeFixedCents = input.feeFixedCents ?? null;
  if (feeFixedCents !== null && (!Number.isSafeInteger(feeFixedCents) || feeFixedCents < 0)) throw new InputError('the fixed fee must be a non-negative amount', { msg: msg('profile.bad_fixed_fee') });
  return {
    name,
    gateway: input.gateway,
    environment: input.environment ?? inferEnvironment(tradeUrl),
    tradeUrl,
    queryUrl,
    merchantId,
    feeRatePpm,
    feeFixedCents,
    demo: input.demo ?? false,
  };
}

type SecretName = 'hashKey' | 'hashIv';

/** The account name before migration 007: the same in every data folder, hence shared by them. */
export function legacySecretAccount(profileId: number, which: SecretName): string {
  return `profile-${profileId}:${which}`;
}

export function secretAccount(ns: string, profileId: number, which: SecretName): string {
  return `install-${ns}/profile-${profileId}:${which}`;
}

/**
 * The profile's accounts under this data folder's namespace. A profile still under an old namespace
 * moves there first: legacy (pre-007) entries are moved (set, then the old one deleted); entries of
 * the folder this database was copied from are copied, never deleted (they are the original's).
 */
async function accountsOf(app: App, profile: Pick<Profile, 'id' | 'demo'>): Promise<Record<SecretName, string>> {
  const ns = installNamespace(app.db, app.dataDir);
  const current = profileNamespace(app.db, profile.id);
  const accounts = { hashKey: secretAccount(ns, profile.id, 'hashKey'), hashIv: secretAccount(ns, profile.id, 'hashIv') };
  if (current === ns) return accounts;
  const store = storeFor(app, profile);
  for (const which of ['hashKey', 'hashIv'] as const) {
    const old = current === null ? legacySecretAccount(profile.id, which) : secretAccount(current, profile.id, which);
    const secret = await store.get(old);
    if (secret === null) continue;
    await store.set(accounts[which], secret);
    if (current === null) await store.delete(old);
  }
  setProfileNamespace(app.db, profile.id, ns);
  return accounts;
}

export function listProfiles(app: App): Profile[] {
  return profileStore(app.db).list().map(fromRow);
}

export function findProfile(app: App, name: string): Profile | undefined {
  const row = profileStore(app.db).byName(name);
  return row ? fromRow(row) : undefined;
}

export function getProfile(app: App, name: string): Profile {
  const p = findProfile(app, name);
  if (!p) {
    const known = listProfiles(app).map((x) => x.name);
    throw new InputError(`no profile named ${JSON.stringify(name)}${known.length ? ` (profiles: ${known.join(', ')})` : ' (add one with `recon profile add` or in Settings)'}`, {
      msg: known.length ? msg('profile.unknown', { name, known: known.join('、') }) : msg('profile.unknown_none', { name, command: 'recon profile add' }),
    });
  }
  return p;
}

export function getProfileById(app: App, id: number): Profile {
  const row = profileStore(app.db).byId(id);
  if (!row) throw new InputError(`no profile with id ${id}`, { msg: msg('profile.unknown_id', { id: String(id) }) });
  return fromRow(row);
}

function storeFor(app: App, profile: Pick<Profile, 'demo'>) {
  return profile.demo ? app.demoSecrets : app.credentials;
}

/** Adds a profile and its secrets; if the keychain refuses, the profile is not kept. */
export async function addProfile(app: App, input: ProfileInput, secrets: ProfileSecrets): Promise<Profile> {
  const v = validateProfileInput(input);
  validateSecrets(v.gateway, secrets);
  rememberSecrets(secrets);
  if (findProfile(app, v.name)) throw new InputError(`a profile named ${JSON.stringify(v.name)} already exists`, { msg: msg('profile.name_taken', { name: v.name }) });
  const id = profileStore(app.db).insert({ ...v, createdAt: new Date().toISOString() });
  const store = storeFor(app, v);
  const ns = installNamespace(app.db, app.dataDir);
  setProfileNamespace(app.db, id, ns);
  try {
    await store.set(secretAccount(ns, id, 'hashKey'), secrets.hashKey);
    if (secrets.hashIv !== undefined) await store.set(secretAccount(ns, id, 'hashIv'), secrets.hashIv);
  } catch (err) {
    await store.delete(secretAccount(ns, id, 'hashKey')).catch(() => false);
    profileStore(app.db).remove(id);
    throw err;
  }
  return getProfileById(app, id);
}

export async function updateProfileSecrets(app: App, profile: Profile, secrets: ProfileSecrets): Promise<void> {
  validateSecrets(profile.gateway, secrets);
  rememberSecrets(secrets);
  const store = storeFor(app, profile);
  const accounts = await accountsOf(app, profile);
  await store.set(accounts.hashKey, secrets.hashKey);
  if (secrets.hashIv !== undefined) await store.set(accounts.hashIv, secrets.hashIv);
}

export async function removeProfile(app: App, name: string): Promise<void> {
  const p = getProfile(app, name);
  const store = storeFor(app, p);
  const accounts = await accountsOf(app, p);
  await store.delete(accounts.hashKey);
  await store.delete(accounts.hashIv);
  profileStore(app.db).remove(p.id);
}

export async function secretsStatus(app: App, profile: Profile): Promise<{ hashKey: boolean; hashIv: boolean; store: 'keychain' | 'memory' }> {
  const store = storeFor(app, profile);
  const accounts = await accountsOf(app, profile);
  return {
    hashKey: await store.has(accounts.hashKey),
    hashIv: needsSecret(profile.gateway, 'hashIv') ? await store.has(accounts.hashIv) : false,
    store: store.kind,
  };
}

/** Main-process only: the secrets for a gateway call. */
export async function profileSecrets(app: App, profile: Profile): Promise<{ hashKey: string; hashIv: string }> {
  const store = storeFor(app, profile);
  const accounts = await accountsOf(app, profile);
  const hashKey = await store.get(accounts.hashKey);
  const hashIv = needsSecret(profile.gateway, 'hashIv') ? await store.get(accounts.hashIv) : '';
  if (!hashKey || hashIv === null) {
    throw new InputError(`the secrets of profile ${JSON.stringify(profile.name)} are not in the ${store.kind === 'memory' ? 'demo session' : 'keychain'}; set them in Settings`, {
      msg: msg('profile.secrets_missing', { name: profile.name, where: store.kind === 'memory' ? 'memory' : 'keychain' }),
    });
  }
  rememberSecrets({ hashKey, hashIv });
  return { hashKey, hashIv };
}

/** Secrets this process holds are censored from the log wherever they would appear. */
function rememberSecrets(secrets: { hashKey: string; hashIv?: string }): void {
  rememberSecret(secrets.hashKey);
  rememberSecret(secrets.hashIv);
}
