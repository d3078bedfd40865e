// Profiles as a person changes them: every field's problem at once (Settings shows each next to its
// field), an edit in place that keeps the profile's orders and secrets, and an audit entry for every
// add, edit, secret replacement and removal that never carries a secret.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src-main/core/app.ts';
import { dispatch } from '../../src-main/shell/handlers.ts';
import { getProfile, profileSecrets } from '../../src-main/core/services/profiles.ts';
import { AuditLog } from '../../src-main/core/store/audit.ts';
import { tempApp } from '../support/app.ts';
import { type Message, renderMessage } from '../../src-main/contract/messages/render.ts';

let app: App & { cleanup(): void };
beforeEach(() => {
  app = tempApp();
});
afterEach(() => app.cleanup());

const FP = { hashKey: 'U9kmXqjovFsBb1BEuEyPiO03uHGIE1Jr', hashIv: 'V4msmb1cSCBUSLWr' };

describe('profile form checks', () => {
  it('reports every bad field at once, each with its own reason', async () => {
    const errors = (await dispatch(app, 'profiles:validate', {
      gateway: 'flashpay', name: '', merchantId: 'has space', tradeUrl: 'htp:/not a url', queryUrl: 'http://example.com', hashKey: 'short', hashIv: 'x',
    })) as Record<string, { text: string; msg?: Message }>;
    expect(Object.keys(errors).sort()).toEqual(['hashIv', 'hashKey', 'merchantId', 'name', 'queryUrl', 'tradeUrl']);
    expect(errors.tradeUrl!.text).toMatch(/not a web address/);
    expect(errors.queryUrl!.text).toMatch(/must use https/);
    expect(errors.hashKey!.text).toMatch(/32 characters/);
    expect(errors.hashIv!.text).toMatch(/16 characters/);
    // The form shows each in the clerk's language.
    const zh = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, renderMessage(v.msg!, 'zh-TW')]));
    expect(zh).toEqual({
      name: '設定檔名稱為 1–40 個字，可用中英文、數字、空格、點、連字號或底線',
      merchantId: '特店代號為 1–40 個英文字母、數字、連字號或底線',
      tradeUrl: '「htp:/not a url」不是網址（網址以 https:// 開頭）',
      queryUrl: '網址必須使用 https（只有本機的沙盒可以用 http）：「http://example.com」',
      hashKey: 'HashKey 必須是 32 個字元',
      hashIv: 'HashIV 必須是 16 個字元',
    });
  });

  it('accepts a good form, and names a taken profile name', async () => {
    const good = { gateway: 'flashpay', name: 'shop', merchantId: 'HT00000002', tradeUrl: 'https://api.example.com', ...FP };
    expect(await dispatch(app, 'profiles:validate', good)).toEqual({});
    await dispatch(app, 'profiles:add', { ...good });
    expect(await dispatch(app, 'profiles:validate', good)).toEqual({ name: { text: expect.stringMatching(/already exists/), msg: { code: 'profile.name_taken', params: { name: 'shop' } } } });
    // Editing "shop" may keep its own name.
    expect(await dispatch(app, 'profiles:validate', { ...good, editing: 'shop', hashKey: undefined, hashIv: undefined })).toEqual({});
  });
});

describe('editing and the audit trail', () => {
  it('an edit keeps the id and secrets; add, edit, secrets and remove are audited without secrets', async () => {
    const added = (await dispatch(app, 'profiles:add', { gateway: 'flashpay', name: 'shop', merchantId: 'HT00000002', tradeUrl: 'https://api.example.com', ...FP })) as { id: number };
    const edited = (await dispatch(app, 'profiles:update', { name: 'shop', newName: 'shop-tw', merchantId: 'HT00000003', tradeUrl: 'https://api2.example.com' })) as {
      id: number; name: string; merchantId: string; tradeUrl: string; secrets: { hashKey: boolean };
    };
    expect(edited).toMatchObject({ id: added.id, name: 'shop-tw', merchantId: 'HT00000003', tradeUrl: 'https://api2.example.com', secrets: { hashKey: true } });
    await expect(dispatch(app, 'profiles:update', { name: 'shop-tw', tradeUrl: 'ftp://x' })).rejects.toThrow(/not a web address/);
    await dispatch(app, 'profiles:setSecrets', { name: 'shop-tw', hashKey: 'A'.repeat(32), hashIv: 'B'.repeat(16) });
    expect((await profileSecrets(app, getProfile(app, 'shop-tw'))).hashKey).toBe('A'.repeat(32));
    await dispatch(app, 'profiles:remove', { name: 'shop-tw' });

    const entries = [...new AuditLog(app.db).iterate({})];
    expect(entries.map((e) => e.event)).toEqual(['profile.add', 'profile.update', 'profile.secrets', 'profile.remove']);
    expect(entries[1]!.note).toMatch(/edited profile shop \(now shop-tw\): name, tradeUrl, queryUrl, merchantId/);
    const all = JSON.stringify(entries);
    for (const secret of [FP.hashKey, FP.hashIv, 'A'.repeat(32), 'B'.repeat(16)]) expect(all).not.toContain(secret);
  });

  it('a profile whose last sync failed says so in its summary', async () => {
    const p = (await dispatch(app, 'profiles:add', { gateway: 'flashpay', name: 'shop', merchantId: 'HT00000002', tradeUrl: 'https://api.example.com', ...FP })) as { id: number };
    app.db
      .prepare(`INSERT INTO sync_runs (profile_id, from_day, to_day, state, started_at_ms, finished_at_ms, summary) VALUES (?, '2025-03-01', '2025-03-02', 'failed', 1, 2, ?)`)
      .run(p.id, JSON.stringify({ errors: ['shop: chunk 2025-03-01..2025-03-02: chk mismatch'] }));
    const [summary] = (await dispatch(app, 'profiles:list', {})) as Array<{ lastSync: { state: string; firstError: string } }>;
    expect(summary!.lastSync).toMatchObject({ state: 'failed', firstError: 'shop: chunk 2025-03-01..2025-03-02: chk mismatch' });
  });
});
