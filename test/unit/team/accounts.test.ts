// Issue #23: team accounts on a real SQLite file. Passwords are checked (and stored only as scrypt
// verifiers), a name is locked after five failures with waits that grow, sessions end when idle and
// after their absolute lifetime (the clock injected), every sign-in and account change is audited, and
// what a signed-in person does through dispatchAs is recorded under their name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT, SESSION_LIMITS, addUser, disableUser, listUsers, resetPassword, resumeSession, signIn, signOut } from '../../../src-main/core/services/accounts.ts';
import { SignInError, InputError } from '../../../src-main/core/errors.ts';
import { auditLog } from '../../../src-main/core/store/audit.ts';
import { dispatchAs } from '../../../src-main/shell/handlers.ts';
import { tempApp } from '../../support/app.ts';
import { defaultOperator } from '../../../src-main/core/services/action-input.ts';

let app: ReturnType<typeof tempApp>;
beforeEach(() => {
  app = tempApp({ shell: 'web' });
});
afterEach(() => app.cleanup());

const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const MIN = 60_000;

function auditEvents(): Array<{ event: string; outcome: string; operator: string; request: string; note: string }> {
  return auditLog(app.db)
    .list({}, 0, 10_000)
    .rows.reverse()
    .map((r) => ({ event: r.event, outcome: r.outcome, operator: r.operator, request: r.request, note: r.note }));
}

async function reason(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof SignInError)) throw new Error(`expected a SignInError, got ${String(err)}`);
  expect(err.code).toBe('unauthenticated');
  expect(err.msg?.code).toMatch(/^team\./);
  return err.reason;
}

describe('accounts', () => {
  it('adds, lists, disables and resets; keeps no password and audits each change', async () => {
    await addUser(app, { name: 'amy', role: 'finance', password: 'correct horse' }, { operator: 'root', nowMs: T0 });
    await addUser(app, { name: 'sam', role: 'support', password: 'battery staple' }, { operator: 'root', nowMs: T0 });
    expect(listUsers(app).map((u) => [u.name, u.role, u.disabled])).toEqual([['amy', 'finance', false], ['sam', 'support', false]]);
    await expect(addUser(app, { name: 'AMY', role: 'viewer', password: 'whatever123' })).rejects.toThrow(InputError);
    await expect(addUser(app, { name: 'bob', role: 'boss' as never, password: 'whatever123' })).rejects.toThrow(/role/);
    await expect(addUser(app, { name: 'bob', role: 'viewer', password: 'short' })).rejects.toThrow(/at least 10/);
    await expect(addUser(app, { name: 'bob smith', role: 'viewer', password: 'long enough!' })).rejects.toThrow(/user name/);

    // The database holds a verifier, never the password.
    const dump = JSON.stringify(app.db.prepare('SELECT * FROM users').all());
    expect(dump).not.toContain('correct horse');

    const session = await signIn(app, 'sam', 'battery staple', { nowMs: T0 });
    disableUser(app, 'sam', { operator: 'root', nowMs: T0 + 1 });
    expect(listUsers(app).find((u) => u.name === 'sam')?.disabled).toBe(true);
    // Disabling ends the sessions at once, and the right password no longer signs in.
    expect(await reason(Promise.resolve().then(() => resumeSession(app, session.token, { nowMs: T0 + 2 })))).toBe('no_session');
    expect(await reason(signIn(app, 'sam', 'battery staple', { nowMs: T0 + 3 }))).toBe('disabled');

    const before = await signIn(app, 'amy', 'correct horse', { nowMs: T0 });
    await resetPassword(app, 'amy', 'a new passphrase', { operator: 'root', nowMs: T0 + 5 });
    expect(await reason(Promise.resolve().then(() => resumeSession(app, before.token, { nowMs: T0 + 6 })))).toBe('no_session');
    expect(await reason(signIn(app, 'amy', 'correct horse', { nowMs: T0 + 7 }))).toBe('bad_credentials');
    expect((await signIn(app, 'amy', 'a new passphrase', { nowMs: T0 + 8 })).user).toMatchObject({ name: 'amy', role: 'finance' });

    const events = auditEvents();
    expect(events.filter((e) => e.event.startsWith('account.') && e.event !== 'account.sign_in').map((e) => [e.event, e.operator, JSON.parse(e.request).name])).toEqual([
      ['account.add', 'root', 'amy'],
      ['account.add', 'root', 'sam'],
      ['account.disable', 'root', 'sam'],
      ['account.reset_password', 'root', 'amy'],
    ]);
    expect(events.filter((e) => e.event === 'account.sign_in').map((e) => [e.operator, e.outcome])).toEqual([
      ['sam', 'succeeded'],
      ['sam', 'refused'],
      ['amy', 'succeeded'],
      ['amy', 'failed'],
      ['amy', 'succeeded'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/correct horse|battery staple|a new passphrase/);
    expect(JSON.stringify(events)).not.toContain(before.token);
  });

  it('locks a name after five failures, for longer each time, and refuses even the right password while locked', async () => {
    await addUser(app, { name: 'amy', role: 'finance', password: 'correct horse' }, { nowMs: T0 });
    let now = T0;
    for (let i = 0; i < LOCKOUT.freeFailures; i++) expect(await reason(signIn(app, 'amy', `guess ${i}`, { nowMs: (now += 1000) }))).toBe('bad_credentials');
    // Locked for a minute from the fifth failure: the right password is refused unchecked.
    expect(await reason(signIn(app, 'amy', 'correct horse', { nowMs: now + 30_000 }))).toBe('locked');
    expect(await reason(signIn(app, 'AMY', 'correct horse', { nowMs: now + MIN - 1 }))).toBe('locked');
    // The minute over, one more wrong guess locks it for two.
    now += MIN;
    expect(await reason(signIn(app, 'amy', 'guess 6', { nowMs: now }))).toBe('bad_credentials');
    expect(await reason(signIn(app, 'amy', 'correct horse', { nowMs: now + 2 * MIN - 1 }))).toBe('locked');
    now += 2 * MIN;
    expect(await reason(signIn(app, 'amy', 'guess 7', { nowMs: now }))).toBe('bad_credentials');
    expect(await reason(signIn(app, 'amy', 'correct horse', { nowMs: now + 4 * MIN - 1 }))).toBe('locked');
    // Once it has passed, the right password signs in and the count starts again.
    now += 4 * MIN;
    await signIn(app, 'amy', 'correct horse', { nowMs: now });
    for (let i = 0; i < LOCKOUT.freeFailures - 1; i++) expect(await reason(signIn(app, 'amy', `again ${i}`, { nowMs: (now += 1000) }))).toBe('bad_credentials');
    await signIn(app, 'amy', 'correct horse', { nowMs: now + 1000 });

    const signIns = auditEvents().filter((e) => e.event === 'account.sign_in').map((e) => e.outcome);
    expect(signIns.filter((o) => o === 'refused')).toHaveLength(4);
    expect(signIns.filter((o) => o === 'succeeded')).toHaveLength(2);
  });

  it('locks a name nobody has the same way (the lockout does not tell which names exist)', async () => {
    let now = T0;
    for (let i = 0; i < LOCKOUT.freeFailures; i++) expect(await reason(signIn(app, 'ghost', 'guess', { nowMs: (now += 1000) }))).toBe('bad_credentials');
    expect(await reason(signIn(app, 'ghost', 'guess', { nowMs: now + 1000 }))).toBe('locked');
  });

  it('lets no more than five guesses through when they arrive all at once', async () => {
    await addUser(app, { name: 'amy', role: 'finance', password: 'correct horse' }, { nowMs: T0 });
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => reason(signIn(app, 'amy', `guess ${i}`, { nowMs: T0 + 1000 }))));
    expect(outcomes.filter((o) => o === 'bad_credentials')).toHaveLength(LOCKOUT.freeFailures);
    expect(outcomes.filter((o) => o === 'locked')).toHaveLength(12 - LOCKOUT.freeFailures);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    await addUser(app, { name: 'amy', role: 'finance', password: 'correct horse' }, { nowMs: T0 });
    const idle = await signIn(app, 'amy', 'correct horse', { nowMs: T0 });
    expect(resumeSession(app, idle.token, { nowMs: T0 + SESSION_LIMITS.idleMs - 1 }).name).toBe('amy');
    // Each use restarts the idle clock.
    expect(resumeSession(app, idle.token, { nowMs: T0 + 2 * SESSION_LIMITS.idleMs - 2 }).name).toBe('amy');
    expect(await reason(Promise.resolve().then(() => resumeSession(app, idle.token, { nowMs: T0 + 3 * SESSION_LIMITS.idleMs })))).toBe('session_expired');
    // Gone for good, not only for that moment.
    expect(await reason(Promise.resolve().then(() => resumeSession(app, idle.token, { nowMs: T0 + 3 * SESSION_LIMITS.idleMs + 1 })))).toBe('no_session');

    const busy = await signIn(app, 'amy', 'correct horse', { nowMs: T0 });
    let now = T0;
    while (now + 20 * MIN < T0 + SESSION_LIMITS.absoluteMs) resumeSession(app, busy.token, { nowMs: (now += 20 * MIN) });
    expect(await reason(Promise.resolve().then(() => resumeSession(app, busy.token, { nowMs: T0 + SESSION_LIMITS.absoluteMs })))).toBe('session_expired');

    // A session left alone is removed by the next sign-in, not kept forever.
    const forgotten = await signIn(app, 'amy', 'correct horse', { nowMs: T0 });
    await signIn(app, 'amy', 'correct horse', { nowMs: T0 + SESSION_LIMITS.idleMs });
    expect(await reason(Promise.resolve().then(() => resumeSession(app, forgotten.token, { nowMs: T0 + 1 })))).toBe('no_session');

    const out = await signIn(app, 'amy', 'correct horse', { nowMs: T0 });
    signOut(app, out.token);
    expect(await reason(Promise.resolve().then(() => resumeSession(app, out.token, { nowMs: T0 + 1 })))).toBe('no_session');
    // The database keeps hashes of the tokens, never a token.
    expect(JSON.stringify(app.db.prepare('SELECT * FROM sessions').all())).not.toContain(busy.token);
    expect(await reason(Promise.resolve().then(() => resumeSession(app, 'not-a-token')))).toBe('no_session');
  });

  it('records what a signed-in person does under their name, whatever operator the request gave', async () => {
    await addUser(app, { name: 'fiona', role: 'finance', password: 'correct horse' }, { nowMs: T0 });
    const { token } = await signIn(app, 'fiona', 'correct horse', { nowMs: Date.now() });
    const user = resumeSession(app, token);
    const state = (await dispatchAs(app, user, 'periods:close', { through: '2024-03-31', reason: 'March done', operator: 'someone-else' })) as { events: Array<{ operator: string }> };
    expect(state.events.map((e) => e.operator)).toEqual(['fiona']);
    // A support person is refused, and nothing changes.
    await expect(dispatchAs(app, { ...user, name: 'sam', role: 'support' }, 'periods:reopen', { from: '2024-03-01', reason: 'oops' })).rejects.toMatchObject({ code: 'forbidden' });
    // Services that name the operator themselves (no operator field: the audit of a profile change) do too.
    await dispatchAs(app, { id: 9, name: 'ada', role: 'admin' }, 'profiles:add', {
      name: 'fp', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9/', merchantId: 'M1', hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16),
    });
    const events = auditEvents();
    expect(events.find((e) => e.event === 'period.close')?.operator).toBe('fiona');
    expect(events.find((e) => e.event === 'access.refused')).toMatchObject({ operator: 'sam', outcome: 'refused' });
    expect(events.filter((e) => e.event === 'period.reopen')).toEqual([]);
    expect(events.find((e) => e.event === 'profile.add')?.operator).toBe('ada');
    // Outside a signed-in call the services name the OS user again.
    expect(defaultOperator()).not.toBe('ada');
  });
});
