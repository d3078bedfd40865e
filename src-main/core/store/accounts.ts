// Accounts, sessions and sign-in attempts (migration 012). Plain rows in and out; the rules (scrypt,
// lockout, timeouts) are core/services/accounts.ts's. A PostgreSQL store implements this interface.
import type { Db } from './db.ts';
import { perConnection } from './per-connection.ts';

export interface UserRow {
  id: number;
  name: string;
  role: string;
  password_hash: string;
  password_salt: string;
  password_params: string;
  disabled: 0 | 1;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at_ms: number;
  last_seen_at_ms: number;
  expires_at_ms: number;
}

export type SignInOutcome = 'ok' | 'failed' | 'locked';

export interface AccountStore {
  userByName(name: string): UserRow | undefined;
  userById(id: number): UserRow | undefined;
  users(): UserRow[];
  insertUser(u: Omit<UserRow, 'id' | 'disabled'>): number;
  setDisabled(id: number, disabled: boolean, nowMs: number): void;
  setPassword(id: number, p: { hash: string; salt: string; params: string }, nowMs: number): void;
  insertSession(s: SessionRow): void;
  session(idHash: string): SessionRow | undefined;
  touchSession(idHash: string, nowMs: number): void;
  deleteSession(idHash: string): void;
  deleteSessionsOf(userId: number): number;
  /** Removes sessions past their absolute end or unused since `idleSinceMs`. */
  pruneSessions(nowMs: number, idleSinceMs: number): number;
  recordSignIn(name: string, atMs: number, outcome: SignInOutcome): void;
  /** The newest attempts on `name`, newest first, back to (and including) its last success. */
  attemptsSinceSuccess(name: string, limit: number): Array<{ at_ms: number; outcome: SignInOutcome }>;
  transaction<T>(work: () => T): T;
}

export const accountStore = perConnection((db: Db): AccountStore => {
  // lower(): names are unique whatever their case on both engines (SQLite NOCASE, PostgreSQL lower(name) index).
  const byName = db.prepare<{ name: string }, UserRow>('SELECT * FROM users WHERE lower(name) = lower(@name)');
  const byId = db.prepare<{ id: number }, UserRow>('SELECT * FROM users WHERE id = @id');
  const all = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name');
  const insert = db.prepare<Omit<UserRow, 'id' | 'disabled'>>(
    `INSERT INTO users (name, role, password_hash, password_salt, password_params, created_at_ms, updated_at_ms)
     VALUES (@name, @role, @password_hash, @password_salt, @password_params, @created_at_ms, @updated_at_ms)`,
  );
  const disable = db.prepare<{ id: number; disabled: number; nowMs: number }>('UPDATE users SET disabled = @disabled, updated_at_ms = @nowMs WHERE id = @id');
  const password = db.prepare<{ id: number; hash: string; salt: string; params: string; nowMs: number }>(
    'UPDATE users SET password_hash = @hash, password_salt = @salt, password_params = @params, updated_at_ms = @nowMs WHERE id = @id',
  );
  const newSession = db.prepare<SessionRow>(
    'INSERT INTO sessions (id_hash, user_id, created_at_ms, last_seen_at_ms, expires_at_ms) VALUES (@id_hash, @user_id, @created_at_ms, @last_seen_at_ms, @expires_at_ms)',
  );
  const getSession = db.prepare<{ idHash: string }, SessionRow>('SELECT * FROM sessions WHERE id_hash = @idHash');
  const touch = db.prepare<{ idHash: string; nowMs: number }>('UPDATE sessions SET last_seen_at_ms = @nowMs WHERE id_hash = @idHash');
  const dropSession = db.prepare<{ idHash: string }>('DELETE FROM sessions WHERE id_hash = @idHash');
  const dropSessionsOf = db.prepare<{ userId: number }>('DELETE FROM sessions WHERE user_id = @userId');
  const prune = db.prepare<{ nowMs: number; idleSinceMs: number }>('DELETE FROM sessions WHERE expires_at_ms <= @nowMs OR last_seen_at_ms <= @idleSinceMs');
  const attempt = db.prepare<{ name: string; atMs: number; outcome: SignInOutcome }>('INSERT INTO sign_ins (name, at_ms, outcome) VALUES (@name, @atMs, @outcome)');
  const attempts = db.prepare<{ name: string; limit: number }, { at_ms: number; outcome: SignInOutcome }>(
    `SELECT at_ms, outcome FROM sign_ins
      WHERE name = @name AND id >= COALESCE((SELECT MAX(id) FROM sign_ins WHERE name = @name AND outcome = 'ok'), 0)
      ORDER BY id DESC LIMIT @limit`,
  );
  return {
    userByName: (name) => byName.get({ name }),
    userById: (id) => byId.get({ id }),
    users: () => all.all(),
    insertUser: (u) => Number(insert.run(u).lastInsertRowid),
    setDisabled: (id, disabled, nowMs) => void disable.run({ id, disabled: disabled ? 1 : 0, nowMs }),
    setPassword: (id, p, nowMs) => void password.run({ id, ...p, nowMs }),
    insertSession: (s) => void newSession.run(s),
    session: (idHash) => getSession.get({ idHash }),
    touchSession: (idHash, nowMs) => void touch.run({ idHash, nowMs }),
    deleteSession: (idHash) => void dropSession.run({ idHash }),
    deleteSessionsOf: (userId) => dropSessionsOf.run({ userId }).changes,
    pruneSessions: (nowMs, idleSinceMs) => prune.run({ nowMs, idleSinceMs }).changes,
    recordSignIn: (name, atMs, outcome) => void attempt.run({ name, atMs, outcome }),
    attemptsSinceSuccess: (name, limit) => attempts.all({ name, limit }),
    // IMMEDIATE: the audit append inside it must not interleave with another process's (store/audit.ts).
    transaction: (work) => db.transaction(work).immediate(),
  };
});
