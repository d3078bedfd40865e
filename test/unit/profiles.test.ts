// Profiles: validation, secrets kept only in the (real) keychain, nothing half-written, and the CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src-main/core/app.ts';
import { KeytarCredentialStore } from '../../src-main/core/credentials.ts';
import { addProfile, listProfiles, profileSecrets, removeProfile, secretAccount, validateBaseUrl } from '../../src-main/core/services/profiles.ts';
import { parseFeeRate } from '../../src-main/core/services/profile-admin.ts';
import { InputError } from '../../src-main/core/errors.ts';
import { installNamespace } from '../../src-main/core/store/install.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { runRecon } from '../support/cli.ts';
import { tempApp } from '../support/app.ts';

const FP_KEY = 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr';
const FP_IV = 'V4msmb1cSCBUSLWr';

describe('profile validation', () => {
  const app = tempApp();
  afterAll(() => app.cleanup());

  it('normalizes base URLs and refuses plain http off this machine', () => {
    expect(validateBaseUrl('https://api.fl-pay.com/trade.php', 'x')).toBe('https://api.fl-pay.com');
    expect(validateBaseUrl('https://pay.firstbank.com.tw/PayServerOnline/ReportProcessOnline', 'x')).toBe('https://pay.firstbank.com.tw');
    expect(validateBaseUrl('http://127.0.0.1:4000/', 'x')).toBe('http://127.0.0.1:4000');
    expect(() => validateBaseUrl('http://api.fl-pay.com', 'the base URL')).toThrow(/must use https/);
    expect(() => validateBaseUrl('not a url', 'the base URL')).toThrow(InputError);
    expect(() => validateBaseUrl('https://u:p@host', 'x')).toThrow(/user name or password/);
  });

  it('parses fee rates exactly', () => {
    expect(parseFeeRate('2.75')).toBe(27_500);
    expect(parseFeeRate('2.75%')).toBe(27_500);
    expect(parseFeeRate('0.0001')).toBe(1);
    expect(() => parseFeeRate('2,75')).toThrow(InputError);
  });

  it('refuses FlashPay keys of the wrong length and keeps nothing', async () => {
    await expect(
      addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: 'https://api.fl-pay.com', merchantId: 'HT00000002' }, { hashKey: 'short', hashIv: FP_IV }),
    ).rejects.toThrow(/32 characters/);
    expect(listProfiles(app)).toEqual([]);
  });

  it('infers the environment and refuses duplicate names', async () => {
    const p = await addProfile(app, { name: 'demo fp', gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: 'M1', demo: true }, { hashKey: FP_KEY, hashIv: FP_IV });
    expect(p.environment).toBe('sandbox');
    expect(p.queryUrl).toBe('http://127.0.0.1:9');
    await expect(
      addProfile(app, { name: 'demo fp', gateway: 'flashpay', tradeUrl: 'https://x.example', merchantId: 'M1' }, { hashKey: FP_KEY, hashIv: FP_IV }),
    ).rejects.toThrow(/already exists/);
  });
});

const available = keyringAvailable();
describe.runIf(available.ok)('profiles with a real keychain', () => {
  let keyring: PrivateKeyring;
  let dataDir: string;
  const service = `recon-console-test-${process.pid}`;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    Object.assign(process.env, keyring.env);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-profiles-'));
  });
  afterAll(async () => {
    await keyring?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores secrets in the keychain only: never in the database files', async () => {
    const app = createApp({ dataDir, shell: 'cli', credentials: new KeytarCredentialStore(service) });
    const p = await addProfile(
      app,
      { name: 'shop', gateway: 'flashpay', tradeUrl: 'https://api.fl-pay.com', queryUrl: 'https://www.motionlifepay.com', merchantId: 'HT00000002' },
      { hashKey: FP_KEY, hashIv: FP_IV },
    );
    expect(await profileSecrets(app, p)).toEqual({ hashKey: FP_KEY, hashIv: FP_IV });
    expect(await new KeytarCredentialStore(service).get(secretAccount(installNamespace(app.db, dataDir), p.id, 'hashIv'))).toBe(FP_IV);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    app.close();
    for (const f of readdirSync(dataDir)) {
      const bytes = readFileSync(path.join(dataDir, f)).toString('latin1');
      expect(bytes, f).not.toContain(FP_KEY);
      expect(bytes, f).not.toContain(FP_IV);
    }
    const again = createApp({ dataDir, shell: 'cli', credentials: new KeytarCredentialStore(service) });
    const ns = installNamespace(again.db, dataDir);
    await removeProfile(again, 'shop');
    expect(await new KeytarCredentialStore(service).get(secretAccount(ns, p.id, 'hashKey'))).toBeNull();
    again.close();
  });

  it('recon profile add / list / remove work through the real CLI', async () => {
    const env = { ...keyring.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: service, RECON_HASH_KEY: 'be27d4c871f9bdfd12d02fc8d8041463' };
    const add = await runRecon(
      ['profile', 'add', '--name', 'fcb', '--gateway', 'firstbank', '--base-url', 'https://pay.firstbank.com.tw', '--merchant-id', 'FCB002330917805', '--fee-rate', '2.2'],
      { env },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/added profile fcb \(firstbank, production/);
    const list = await runRecon(['profile', 'list', '--json'], { env });
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'fcb', gateway: 'firstbank', environment: 'production', merchantId: 'FCB002330917805', secrets: 'set' }),
    ]);
    expect(list.stdout).not.toContain('be27d4c871f9bdfd12d02fc8d8041463');

    const noSecret = await runRecon(['profile', 'add', '--name', 'x', '--gateway', 'flashpay', '--base-url', 'https://a.example', '--merchant-id', 'M'], {
      env: { ...env, RECON_HASH_KEY: '' },
    });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr.trim().split('\n')).toHaveLength(1);
    expect(noSecret.stderr).toMatch(/RECON_HASH_KEY/);

    const badGateway = await runRecon(['profile', 'add', '--name', 'x', '--gateway', 'paypal', '--base-url', 'https://a.example', '--merchant-id', 'M'], { env });
    expect(badGateway.code).toBe(2);

    const rm = await runRecon(['profile', 'remove', '--name', 'fcb'], { env });
    expect(rm.code).toBe(0);
    const rmAgain = await runRecon(['profile', 'remove', '--name', 'fcb'], { env });
    expect(rmAgain.code).toBe(2);
    expect(rmAgain.stderr).toMatch(/no profile named "fcb"/);
  });

  it('real profiles fail clearly when the keychain is gone; no plaintext fallback', async () => {
    const env: Record<string, string | undefined> = { RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: service, RECON_HASH_KEY: 'k'.repeat(32), RECON_HASH_IV: 'v'.repeat(16) };
    env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
    const r = await runRecon(['profile', 'add', '--name', 'nokeychain', '--gateway', 'flashpay', '--base-url', 'https://a.example', '--merchant-id', 'M'], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/keychain is not available/);
    const list = await runRecon(['profile', 'list', '--json'], { env: { ...env, DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS } });
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).not.toContain('nokeychain');
  });
});
