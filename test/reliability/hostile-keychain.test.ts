// Issue 18 item 2: keychain accounts were `profile-<rowid>:hashKey`, so two data folders on one
// machine (or a restored copy) wrote the same accounts: the second overwrote, then deleted, the first
// one's secrets. Accounts are now namespaced by an install id stored with the database (migration
// 007), and existing entries move to the namespaced account. Real gnome-keyring, real SQLite files.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src-main/core/app.ts';
import { KeytarCredentialStore } from '../../src-main/core/credentials.ts';
import { addProfile, getProfile, legacySecretAccount, profileSecrets, removeProfile, secretsStatus } from '../../src-main/core/services/profiles.ts';
import { migrate } from '../../src-main/core/store/db.ts';
import { migrations } from '../../src-main/core/store/migrations.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';

const KEY_A = 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr';
const IV_A = 'V4msmb1cSCBUSLWr';
const KEY_B = 'be27d4c871f9bdfd12d02fc8d8041463';
const IV_B = 'abcdefghijklmnop';
const available = keyringAvailable();
const service = `recon-hostile-keychain-${process.pid}`;
const input = (name: string) => ({ name, gateway: 'flashpay' as const, tradeUrl: 'https://api.fl-pay.com', merchantId: 'HT00000002' });

describe.skipIf(!available.ok)('keychain accounts are namespaced per data folder', () => {
  let keyring: PrivateKeyring;
  let root: string;
  beforeAll(async () => {
    keyring = await startPrivateKeyring();
    Object.assign(process.env, keyring.env);
    root = mkdtempSync(path.join(os.tmpdir(), 'recon-ns-'));
  });
  afterAll(async () => {
    await keyring?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  test('two data folders with the same profile row id keep their own secrets; removing one leaves the other', async () => {
    const a = createApp({ dataDir: path.join(root, 'a'), shell: 'cli', credentials: new KeytarCredentialStore(service) });
    const b = createApp({ dataDir: path.join(root, 'b'), shell: 'cli', credentials: new KeytarCredentialStore(service) });
    try {
      const pa = await addProfile(a, input('shop'), { hashKey: KEY_A, hashIv: IV_A });
      const pb = await addProfile(b, input('shop'), { hashKey: KEY_B, hashIv: IV_B });
      expect(pa.id).toBe(pb.id);
      expect(await profileSecrets(a, pa)).toEqual({ hashKey: KEY_A, hashIv: IV_A });
      expect(await profileSecrets(b, pb)).toEqual({ hashKey: KEY_B, hashIv: IV_B });
      await removeProfile(b, 'shop');
      expect(await profileSecrets(a, pa)).toEqual({ hashKey: KEY_A, hashIv: IV_A });
    } finally {
      a.close();
      b.close();
    }
  });

  test('upgrade: a database at schema 4 with a profile whose secrets sit at profile-<rowid>:... moves them to the namespaced account', async () => {
    const dataDir = path.join(root, 'old');
    // Build the database the way the previous version left it: every migration before this one.
    const before = migrations.findIndex((m) => m.includes('CREATE TABLE install'));
    mkdirSync(dataDir, { recursive: true });
    const raw = new Database(path.join(dataDir, 'recon.sqlite'));
    for (const m of migrations.slice(0, before)) raw.exec(m);
    raw.pragma(`user_version = ${before}`);
    raw.prepare(
      `INSERT INTO profiles (name, gateway, environment, trade_url, query_url, merchant_id, fee_rate_ppm, fee_fixed_cents, demo, created_at)
       VALUES ('legacy', 'flashpay', 'production', 'https://api.fl-pay.com', 'https://api.fl-pay.com', 'HT1', NULL, NULL, 0, '2026-01-01T00:00:00Z')`,
    ).run();
    const id = Number(raw.prepare("SELECT id FROM profiles WHERE name = 'legacy'").pluck().get());
    raw.prepare("INSERT INTO raw_answers (profile_id, at_ms, operation, request, raw, verified) VALUES (?, 1, '107', 'order X', 'kept', 1)").run(id);
    migrate(raw);
    expect(raw.prepare('SELECT raw, body_hash FROM raw_answers').all()).toEqual([{ raw: 'kept', body_hash: null }]);
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(raw.prepare('SELECT keychain_ns FROM profiles WHERE id = ?').pluck().get(id)).toBeNull();
    raw.close();
    const store = new KeytarCredentialStore(service);
    await store.set(legacySecretAccount(id, 'hashKey'), KEY_A);
    await store.set(legacySecretAccount(id, 'hashIv'), IV_A);

    const app = createApp({ dataDir, shell: 'cli', credentials: new KeytarCredentialStore(service) });
    try {
      const p = getProfile(app, 'legacy');
      expect(await secretsStatus(app, p)).toMatchObject({ hashKey: true, hashIv: true });
      expect(await profileSecrets(app, p)).toEqual({ hashKey: KEY_A, hashIv: IV_A });
      // Moved: the shared, un-namespaced account is gone, so another folder's profile 1 cannot clobber it.
      expect(await store.get(legacySecretAccount(id, 'hashKey'))).toBeNull();
      expect(await store.get(legacySecretAccount(id, 'hashIv'))).toBeNull();
    } finally {
      app.close();
    }
  });

  test('a restored copy in another folder gets its own namespace: removing the profile there keeps the original', async () => {
    const original = createApp({ dataDir: path.join(root, 'orig'), shell: 'cli', credentials: new KeytarCredentialStore(service) });
    const p = await addProfile(original, input('shop'), { hashKey: KEY_A, hashIv: IV_A });
    await profileSecrets(original, p);
    original.db.pragma('wal_checkpoint(TRUNCATE)');
    original.close();
    cpSync(path.join(root, 'orig'), path.join(root, 'copy'), { recursive: true });
    const copy = createApp({ dataDir: path.join(root, 'copy'), shell: 'cli', credentials: new KeytarCredentialStore(service) });
    try {
      expect(await profileSecrets(copy, p)).toEqual({ hashKey: KEY_A, hashIv: IV_A });
      await removeProfile(copy, 'shop');
    } finally {
      copy.close();
    }
    const again = createApp({ dataDir: path.join(root, 'orig'), shell: 'cli', credentials: new KeytarCredentialStore(service) });
    try {
      expect(await profileSecrets(again, p)).toEqual({ hashKey: KEY_A, hashIv: IV_A });
    } finally {
      again.close();
    }
  });
});
