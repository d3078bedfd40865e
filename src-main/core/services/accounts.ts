// Team accounts (issue #23): who may sign in, with what role; passwords checked with scrypt in
// constant time; a name locked out with growing waits after repeated failures; sessions that end after
// a spell of idleness and, whatever happens, after an absolute lifetime. Every sign-in attempt and every
// account change goes into the audit log.
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import type { App } from '../app.ts';
import { InputError, SignInError } from '../errors.ts';
import { type UserRow, accountStore } from '../store/accounts.ts';
import { type AuditOutcome, auditLog } from '../store/audit.ts';
import { type Role, roleSchema } from '../../contract/vocabulary.ts';
import { msg } from '../../contract/messages/render.ts';
import { defaultOperator } from './action-input.ts';

export interface TeamUser {
  id: number;
  name: string;
  role: Role;
}

export interface UserSummary {
  name: string;
  role: Role;
  disabled: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

/** scrypt cost as stored beside each hash, so a later, dearer setting can rehash on the next sign-in. */
interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}
// 32 MiB and about a tenth of a second per check on a laptop core: dear enough for a stolen file, cheap
// enough that a team signing in each morning never notices.
const SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };

export const PASSWORD_MIN_CHARS = 10;
/** Failures in a row a name may have before it is locked; then 1, 2, 4 … minutes, at most an hour. */
export const LOCKOUT = { freeFailures: 5, firstLockMs: 60_000, maxLockMs: 60 * 60_000 } as const;
/** A session ends after 30 minutes unused, and 12 hours after sign-in in any case. */
export const SESSION_LIMITS = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 } as const;

export interface When {
  /** The clock, injectable for tests of lockout and expiry. */
  nowMs?: number;
}
export interface Who extends When {
  /** Who made an account change (the CLI: the OS user). */
  operator?: string;
}

const NAME_RULE = /^[\p{L}\p{N}._@-]{1,64}$/u;

function cleanName(name: string): string {
  const n = name.normalize('NFC').trim();
  if (!NAME_RULE.test(n)) throw new InputError('a user name is 1-64 letters, digits or . _ @ -', { msg: msg('team.bad_name') });
  return n;
}

export function parseRole(text: string): Role {
  const parsed = roleSchema.safeParse(text);
  if (!parsed.success) {
    throw new InputError(`the role must be one of ${roleSchema.options.join(', ')}`, { msg: msg('team.bad_role', { choices: { 'zh-TW': roleSchema.options.join('、'), en: roleSchema.options.join(', ') }, value: text }) });
  }
  return parsed.data;
}

function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN_CHARS) {
    throw new InputError(`the password needs at least ${PASSWORD_MIN_CHARS} characters`, { msg: msg('team.weak_password', { min: PASSWORD_MIN_CHARS }) });
  }
}

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r is exactly 32 MiB, the default limit, which scrypt then refuses.
    scryptCallback(password.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

async function hashPassword(password: string): Promise<{ hash: string; salt: string; params: string }> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return { hash: key.toString('base64'), salt: salt.toString('base64'), params: JSON.stringify(SCRYPT) };
}

async function passwordMatches(password: string, row: Pick<UserRow, 'password_hash' | 'password_salt' | 'password_params'>): Promise<boolean> {
  const params = JSON.parse(row.password_params) as ScryptParams;
  const expected = Buffer.from(row.password_hash, 'base64');
  const got = await scrypt(password, Buffer.from(row.password_salt, 'base64'), params);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

// A name nobody has still costs one scrypt, so the answer's timing does not tell which names exist.
let decoy: Promise<{ hash: string; salt: string; params: string }> | undefined;
function decoyRow(): Promise<{ password_hash: string; password_salt: string; password_params: string }> {
  decoy ??= hashPassword(randomBytes(18).toString('base64'));
  return decoy.then((d) => ({ password_hash: d.hash, password_salt: d.salt, password_params: d.params }));
}

function toRole(row: UserRow): Role {
  // A row written by a newer console with a role this one does not know gets the least one.
  const parsed = roleSchema.safeParse(row.role);
  return parsed.success ? parsed.data : 'viewer';
}

function summary(row: UserRow): UserSummary {
  return { name: row.name, role: toRole(row), disabled: row.disabled === 1, createdAtMs: row.created_at_ms, updatedAtMs: row.updated_at_ms };
}

function sessionHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An audit line for accounts: never a password, a hash or a session token. */
function audit(app: App, e: { atMs: number; operator: string; event: string; outcome: AuditOutcome; request: Record<string, unknown>; note?: string }): void {
  auditLog(app.db).append({
    atMs: e.atMs,
    // eslint-disable-next-line no-control-regex -- a typed name with control characters must not forge log lines
    operator: e.operator.slice(0, 64).replace(/[\u0000-\u001f]/g, '?'),
    shell: app.shell,
    event: e.event,
    outcome: e.outcome,
    profile: null,
    gateway: null,
    orderNo: null,
    actionId: null,
    amount: null,
    request: JSON.stringify(e.request),
    response: '',
    raw: '',
    note: e.note ?? '',
  });
}

function userOrRefuse(app: App, name: string): UserRow {
  const row = accountStore(app.db).userByName(cleanName(name));
  if (!row) throw new InputError(`there is no user named ${JSON.stringify(name)}`, { msg: msg('team.no_user', { name }) });
  return row;
}

export function listUsers(app: App): UserSummary[] {
  return accountStore(app.db).users().map(summary);
}

export async function addUser(app: App, input: { name: string; role: Role; password: string }, who: Who = {}): Promise<UserSummary> {
  const name = cleanName(input.name);
  const role = parseRole(input.role);
  checkPassword(input.password);
  const store = accountStore(app.db);
  if (store.userByName(name)) throw new InputError(`there is already a user named ${JSON.stringify(name)}`, { msg: msg('team.user_exists', { name }) });
  const pw = await hashPassword(input.password);
  const nowMs = who.nowMs ?? Date.now();
  return store.transaction(() => {
    // Checked again: another process may have added the name while scrypt ran.
    if (store.userByName(name)) throw new InputError(`there is already a user named ${JSON.stringify(name)}`, { msg: msg('team.user_exists', { name }) });
    const id = store.insertUser({ name, role, password_hash: pw.hash, password_salt: pw.salt, password_params: pw.params, created_at_ms: nowMs, updated_at_ms: nowMs });
    audit(app, { atMs: nowMs, operator: who.operator ?? defaultOperator(), event: 'account.add', outcome: 'info', request: { name, role } });
    return summary(store.userById(id)!);
  });
}

/** Disables an account and ends its sessions at once (a person who left must not stay signed in). */
export function disableUser(app: App, name: string, who: Who = {}): UserSummary {
  const store = accountStore(app.db);
  const row = userOrRefuse(app, name);
  const nowMs = who.nowMs ?? Date.now();
  return store.transaction(() => {
    store.setDisabled(row.id, true, nowMs);
    const ended = store.deleteSessionsOf(row.id);
    audit(app, { atMs: nowMs, operator: who.operator ?? defaultOperator(), event: 'account.disable', outcome: 'info', request: { name: row.name }, note: `sessions ended: ${ended}` });
    return summary(store.userById(row.id)!);
  });
}

/** A new password; the old one's sessions end (whoever knew it may have signed in). Re-enables nothing. */
export async function resetPassword(app: App, name: string, password: string, who: Who = {}): Promise<UserSummary> {
  const store = accountStore(app.db);
  const row = userOrRefuse(app, name);
  checkPassword(password);
  const pw = await hashPassword(password);
  const nowMs = who.nowMs ?? Date.now();
  return store.transaction(() => {
    store.setPassword(row.id, pw, nowMs);
    const ended = store.deleteSessionsOf(row.id);
    audit(app, { atMs: nowMs, operator: who.operator ?? defaultOperator(), event: 'account.reset_password', outcome: 'info', request: { name: row.name }, note: `sessions ended: ${ended}` });
    return summary(store.userById(row.id)!);
  });
}

/** Until when `key` (a lower-cased name) is locked out, or null. */
function lockedUntil(app: App, key: string, nowMs: number): number | null {
  const attempts = accountStore(app.db).attemptsSinceSuccess(key, 200);
  const failures = attempts.filter((a) => a.outcome === 'failed');
  if (failures.length < LOCKOUT.freeFailures) return null;
  const lockMs = Math.min(LOCKOUT.firstLockMs * 2 ** (failures.length - LOCKOUT.freeFailures), LOCKOUT.maxLockMs);
  const until = failures[0]!.at_ms + lockMs;
  return until > nowMs ? until : null;
}

export interface SignedIn {
  /** The session token: goes to the browser's cookie only; the database keeps its SHA-256. */
  token: string;
  user: TeamUser;
  expiresAtMs: number;
}

export async function signIn(app: App, nameTyped: string, password: string, when: When = {}): Promise<SignedIn> {
  const typed = nameTyped.normalize('NFC').trim().slice(0, 64);
  const key = typed.toLowerCase();
  const store = accountStore(app.db);
  const startMs = when.nowMs ?? Date.now();
  const until = lockedUntil(app, key, startMs);
  if (until !== null) {
    store.transaction(() => {
      store.recordSignIn(key, startMs, 'locked');
      audit(app, { atMs: startMs, operator: typed, event: 'account.sign_in', outcome: 'refused', request: { name: typed }, note: 'locked' });
    });
    throw new SignInError('locked', `too many failed sign-ins: locked until ${new Date(until).toISOString()}`, { msg: msg('team.locked', { untilMs: until }) });
  }
  // Counted as a failure before the password is checked, so guesses sent in parallel cannot all get
  // past the lockout while scrypt runs; a success then turns this attempt into 'ok'.
  store.recordSignIn(key, startMs, 'failed');
  const row = NAME_RULE.test(typed) ? store.userByName(typed) : undefined;
  const matches = await passwordMatches(password, row ?? (await decoyRow()));
  const nowMs = when.nowMs ?? Date.now();
  if (!row || !matches) {
    audit(app, { atMs: nowMs, operator: typed, event: 'account.sign_in', outcome: 'failed', request: { name: typed }, note: row ? 'wrong password' : 'no such user' });
    throw new SignInError('bad_credentials', 'wrong name or password', { msg: msg('team.bad_credentials') });
  }
  if (row.disabled === 1) {
    audit(app, { atMs: nowMs, operator: row.name, event: 'account.sign_in', outcome: 'refused', request: { name: typed }, note: 'disabled' });
    throw new SignInError('disabled', 'this account is disabled', { msg: msg('team.disabled') });
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAtMs = nowMs + SESSION_LIMITS.absoluteMs;
  store.transaction(() => {
    // Sessions nobody came back to would otherwise stay forever (they are only removed when used).
    store.pruneSessions(nowMs, nowMs - SESSION_LIMITS.idleMs);
    store.recordSignIn(key, nowMs, 'ok');
    store.insertSession({ id_hash: sessionHash(token), user_id: row.id, created_at_ms: nowMs, last_seen_at_ms: nowMs, expires_at_ms: expiresAtMs });
    audit(app, { atMs: nowMs, operator: row.name, event: 'account.sign_in', outcome: 'succeeded', request: { name: typed } });
  });
  return { token, user: { id: row.id, name: row.name, role: toRole(row) }, expiresAtMs };
}

/** A signed-in person and when their session ends at the latest (the absolute lifetime). */
export interface SessionUser extends TeamUser {
  expiresAtMs: number;
}

/** The person a session token belongs to, if the session is still alive; each use restarts the idle clock. */
export function resumeSession(app: App, token: string, when: When = {}): SessionUser {
  const store = accountStore(app.db);
  const nowMs = when.nowMs ?? Date.now();
  const idHash = sessionHash(token);
  const s = store.session(idHash);
  const row = s ? store.userById(s.user_id) : undefined;
  if (!s || !row || row.disabled === 1) throw new SignInError('no_session', 'not signed in', { msg: msg('team.no_session') });
  if (nowMs >= s.expires_at_ms || nowMs - s.last_seen_at_ms >= SESSION_LIMITS.idleMs) {
    store.deleteSession(idHash);
    throw new SignInError('session_expired', 'the session has expired', { msg: msg('team.session_expired') });
  }
  store.touchSession(idHash, nowMs);
  return { id: row.id, name: row.name, role: toRole(row), expiresAtMs: s.expires_at_ms };
}

/** Whether a session is still alive, without counting this as a use (the idle clock keeps running). */
export function sessionAlive(app: App, token: string, when: When = {}): boolean {
  const store = accountStore(app.db);
  const nowMs = when.nowMs ?? Date.now();
  const s = store.session(sessionHash(token));
  const row = s ? store.userById(s.user_id) : undefined;
  return Boolean(s && row && row.disabled !== 1 && nowMs < s.expires_at_ms && nowMs - s.last_seen_at_ms < SESSION_LIMITS.idleMs);
}

export function signOut(app: App, token: string): void {
  accountStore(app.db).deleteSession(sessionHash(token));
}
