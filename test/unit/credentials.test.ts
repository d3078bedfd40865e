// The CredentialStore against a real gnome-keyring on a private D-Bus session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { KeytarCredentialStore } from '../../src-main/core/credentials.ts';
import { KeychainError } from '../../src-main/core/errors.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const available = keyringAvailable();
if (!available.ok) console.warn(`keychain tests skipped: ${available.why}`);

describe.runIf(available.ok)('KeytarCredentialStore on a private gnome-keyring', () => {
  let keyring: PrivateKeyring;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    // libsecret reads the bus address when it first connects, which happens after this point.
    Object.assign(process.env, keyring.env);
  });
  afterAll(async () => keyring?.stop());

  it('sets, reads, reports and deletes a secret under its service name', async () => {
    const store = new KeytarCredentialStore('recon-console-test');
    expect(await store.has('profile-1:hashKey')).toBe(false);
    await store.set('profile-1:hashKey', 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr');
    expect(await store.has('profile-1:hashKey')).toBe(true);
    expect(await store.get('profile-1:hashKey')).toBe('U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr');
    // Another service name does not see it.
    expect(await new KeytarCredentialStore('recon-console-other').has('profile-1:hashKey')).toBe(false);
    expect(await store.delete('profile-1:hashKey')).toBe(true);
    expect(await store.has('profile-1:hashKey')).toBe(false);
    expect(await store.delete('profile-1:hashKey')).toBe(false);
  });

  it('keeps non-ASCII secrets intact', async () => {
    const store = new KeytarCredentialStore('recon-console-test');
    await store.set('p:note', '測試金鑰-ü-🔑');
    expect(await store.get('p:note')).toBe('測試金鑰-ü-🔑');
    await store.delete('p:note');
  });

  it('refuses to store an empty secret', async () => {
    await expect(new KeytarCredentialStore('recon-console-test').set('p:empty', '')).rejects.toBeInstanceOf(KeychainError);
  });
});

// A fresh process each time: libsecret keeps its first bus connection for the life of a process.
function tryKeychain(env: Record<string, string | undefined>): string {
  const script = `
    import { KeytarCredentialStore } from './src-main/core/credentials.ts';
    try { await new KeytarCredentialStore('recon-console-test').get('x'); console.log('NO ERROR'); }
    catch (e) { console.log(e.name + ': ' + e.message); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 20_000 });
  return r.stdout;
}

describe.runIf(available.ok)('without a usable Secret Service', () => {
  it('a bus with no keychain on it gives a KeychainError that says what to install or unlock', async () => {
    const keyring = await startPrivateKeyring({ withKeyring: false });
    try {
      const out = tryKeychain({ ...process.env, ...keyring.env });
      expect(out).toMatch(/^KeychainError: the OS keychain is not available/);
      expect(out).toMatch(/gnome-keyring/);
    } finally {
      await keyring.stop();
    }
  });

  it('a headless machine with no session bus at all gets the same clear error, not a plaintext fallback', () => {
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const out = tryKeychain(env);
    expect(out).toMatch(/^KeychainError: the OS keychain is not available/);
  });
});
