// Changing profiles as a person does it in Settings or the CLI: every field checked at once (so the
// form shows each error next to its field), an edit that keeps the profile's id and secrets, and an
// audit entry for every add, edit, secret replacement and removal (never the secrets themselves).
import type { App } from '../app.ts';
import { type Message, msg } from '../../contract/messages/render.ts';
import { InputError } from '../errors.ts';
import { parseCents } from '../money.ts';
import { auditLog } from '../store/audit.ts';
import { profileStore } from '../store/profiles.ts';
import { defaultOperator } from './actions.ts';
import { parseFeeRate } from './profile-admin.ts';
import {
  type Profile,
  type ProfileInput,
  type ProfileSecrets,
  addProfile,
  findProfile,
  getProfile,
  getProfileById,
  removeProfile,
  updateProfileSecrets,
  validateBaseUrl,
  validateProfileInput,
  needsSecret,
  secretsFor,
  validateSecret,
} from './profiles.ts';

export const PROFILE_FIELDS = ['name', 'merchantId', 'tradeUrl', 'queryUrl', 'feeRate', 'feeFixed', 'hashKey', 'hashIv'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface ProfileForm {
  name?: string;
  gateway: string;
  merchantId?: string;
  tradeUrl?: string;
  queryUrl?: string;
  feeRate?: string;
  feeFixed?: string;
  hashKey?: string;
  hashIv?: string;
}

/** A field's problem: the English text, and the catalogue message the form shows in its language. */
export interface FieldProblem {
  text: string;
  msg?: Message;
}

function check(errors: Partial<Record<ProfileField, FieldProblem>>, field: ProfileField, fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors[field] = { text: err.message, ...(err.msg ? { msg: err.msg } : {}) };
  }
}

/** Every problem of a profile form at once, by field; `{}` when it would be accepted. Secrets are
 *  checked only when given (an edit keeps the stored ones). `editing`: the profile's current name. */
export function profileFieldErrors(app: App, form: ProfileForm, editing?: string): Partial<Record<ProfileField, FieldProblem>> {
  const errors: Partial<Record<ProfileField, FieldProblem>> = {};
  const name = form.name?.trim() ?? '';
  check(errors, 'name', () => {
    validateProfileInput({ name, gateway: form.gateway, tradeUrl: 'https://example.invalid', merchantId: 'M' });
    if (name !== editing && findProfile(app, name)) throw new InputError(`a profile named ${JSON.stringify(name)} already exists`, { msg: msg('profile.name_taken', { name }) });
  });
  check(errors, 'merchantId', () => validateProfileInput({ name: 'x', gateway: form.gateway, tradeUrl: 'https://example.invalid', merchantId: form.merchantId ?? '' }));
  check(errors, 'tradeUrl', () => validateBaseUrl(form.tradeUrl ?? '', 'the base URL'));
  if (form.queryUrl?.trim()) check(errors, 'queryUrl', () => validateBaseUrl(form.queryUrl!, 'the query URL'));
  if (form.feeRate?.trim()) check(errors, 'feeRate', () => validateProfileInput({ name: 'x', gateway: form.gateway, tradeUrl: 'https://example.invalid', merchantId: 'M', feeRatePpm: parseFeeRate(form.feeRate!) }));
  if (form.feeFixed?.trim()) check(errors, 'feeFixed', () => parseCents(form.feeFixed!, 'the fixed fee'));
  if (form.hashKey !== undefined || form.hashIv !== undefined) {
    const secrets = secretsFor(form.gateway, form);
    // Each secret is checked on its own, so each field shows its own problem.
    check(errors, 'hashKey', () => validateSecret(form.gateway, 'hashKey', secrets.hashKey));
    if (needsSecret(form.gateway, 'hashIv')) check(errors, 'hashIv', () => validateSecret(form.gateway, 'hashIv', secrets.hashIv));
  }
  return errors;
}

function audit(app: App, event: string, profile: Profile, operator: string | undefined, note: string, request: unknown = {}): void {
  auditLog(app.db).append({
    atMs: Date.now(),
    operator: operator?.trim() || defaultOperator(),
    shell: app.shell,
    event,
    outcome: 'info',
    profile: profile.name,
    gateway: profile.gateway,
    orderNo: null,
    actionId: null,
    amount: null,
    request: JSON.stringify(request),
    response: '',
    raw: '',
    note,
  });
}

/** What an audit entry may say about a profile: its settings, never a secret. */
function publicFields(p: Profile) {
  return { name: p.name, gateway: p.gateway, environment: p.environment, tradeUrl: p.tradeUrl, queryUrl: p.queryUrl, merchantId: p.merchantId, feeRatePpm: p.feeRatePpm, feeFixedCents: p.feeFixedCents };
}

export async function addProfileAudited(app: App, input: ProfileInput, secrets: ProfileSecrets, operator?: string): Promise<Profile> {
  const p = await addProfile(app, input, secrets);
  audit(app, 'profile.add', p, operator, `added profile ${p.name} (${p.gateway}, ${p.environment})`, publicFields(p));
  return p;
}

export async function replaceSecretsAudited(app: App, profile: Profile, secrets: ProfileSecrets, operator?: string): Promise<void> {
  await updateProfileSecrets(app, profile, secrets);
  audit(app, 'profile.secrets', profile, operator, `replaced the secrets of ${profile.name} (kept in the ${profile.demo ? 'demo session' : 'keychain'})`);
}

export async function removeProfileAudited(app: App, name: string, operator?: string): Promise<void> {
  const p = getProfile(app, name);
  await removeProfile(app, name);
  audit(app, 'profile.remove', p, operator, `removed profile ${p.name}`, publicFields(p));
}

export interface ProfileEdit {
  name?: string;
  environment?: Profile['environment'];
  tradeUrl?: string;
  queryUrl?: string;
  merchantId?: string;
  feeRatePpm?: number | null;
  feeFixedCents?: number | null;
}

/** Edits a profile in place: same id, so its orders, journal, ledger and secrets stay with it. */
export function updateProfile(app: App, name: string, edit: ProfileEdit, operator?: string): Profile {
  const before = getProfile(app, name);
  const merged: ProfileInput = {
    name: edit.name ?? before.name,
    gateway: before.gateway,
    environment: edit.environment ?? before.environment,
    tradeUrl: edit.tradeUrl ?? before.tradeUrl,
    queryUrl: edit.queryUrl ?? (edit.tradeUrl !== undefined && before.queryUrl === before.tradeUrl ? undefined : before.queryUrl),
    merchantId: edit.merchantId ?? before.merchantId,
    feeRatePpm: edit.feeRatePpm === undefined ? before.feeRatePpm : edit.feeRatePpm,
    feeFixedCents: edit.feeFixedCents === undefined ? before.feeFixedCents : edit.feeFixedCents,
  };
  const v = validateProfileInput(merged);
  if (v.name !== before.name && findProfile(app, v.name)) throw new InputError(`a profile named ${JSON.stringify(v.name)} already exists`, { msg: msg('profile.name_taken', { name: v.name }) });
  app.db.transaction(() => {
    profileStore(app.db).update(before.id, v);
    const after = getProfileById(app, before.id);
    const changed = Object.entries(publicFields(after)).filter(([k, val]) => publicFields(before)[k as keyof ReturnType<typeof publicFields>] !== val).map(([k]) => k);
    audit(app, 'profile.update', after, operator, `edited profile ${before.name}${after.name !== before.name ? ` (now ${after.name})` : ''}: ${changed.join(', ') || 'nothing changed'}`, { before: publicFields(before), after: publicFields(after) });
  }).immediate();
  return getProfileById(app, before.id);
}
