// Sync against the sandbox gateways over real HTTP: exact cents per Taipei day against the sandbox's
// own totals, in a time zone far from Taipei; a killed sync resumes without duplicating or losing
// anything; one failing chunk keeps the good ones; First Bank's known orders are re-queried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sandboxes } from '../../src-main/sandbox/index.ts';
import { MemoryCredentialStore } from '../../src-main/core/credentials.ts';
import { addProfile } from '../../src-main/core/services/profiles.ts';
import { syncProfile } from '../../src-main/core/services/sync.ts';
import { OrderStore } from '../../src-main/core/store/orders.ts';
import { parseCents } from '../../src-main/core/money.ts';
import { parseGatewayTime, taipeiDayOf } from '../../src-main/core/time.ts';
import { integrityCheck } from '../../src-main/core/store/db.ts';
import { armFault, firstBankOrders, flashPayOrders, startTestSandboxes } from './sandbox/helpers.ts';
import { type PrivateKeyring, keyringAvailable, startPrivateKeyring } from '../support/keyring.ts';
import { repoRoot } from '../support/console-process.ts';
import { runRecon } from '../support/cli.ts';
import { appOn, engineEnvFor, engineOf, rawDb } from '../support/data-folder.ts';
import { latinSentences } from '../support/latin-words.ts';

function sumByDay<T>(rows: T[], day: (r: T) => string, cents: (r: T) => number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[day(r)] = (out[day(r)] ?? 0) + cents(r);
  return out;
}

describe('sync in-process', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 75 });
  });
  afterAll(async () => sb?.close());

  it('FlashPay: 106 in <=30-day chunks, every order cached once, cents per Taipei day equal the gateway', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, sb.flashpay);
      const progress: string[] = [];
      const summary = await syncProfile(app, profile, { from: '2025-01-05', to: '2025-03-20' }, { jobId: 't', signal: new AbortController().signal, progress: (u) => u.message && progress.push(u.message) });
      expect(summary.state).toBe('done');
      expect(summary.chunks.map((c) => [c.from, c.to])).toEqual([
        ['2025-01-05', '2025-02-03'],
        ['2025-02-04', '2025-03-05'],
        ['2025-03-06', '2025-03-20'],
      ]);
      const gateway = (await flashPayOrders(sb)).filter((o) => {
        const d = taipeiDayOf(Date.parse(parseGatewayTime(o.ord_time).utc));
        return d >= '2025-01-05' && d <= '2025-03-20';
      });
      const cached = app.db.prepare('SELECT order_no, taipei_day, amount, captured, refunded, fee, fee_returned, status_code FROM orders').all() as Array<Record<string, number | string>>;
      expect(cached.length).toBe(gateway.length);
      expect(summary.counts.inserted).toBe(gateway.length);
      const gwDay = (o: (typeof gateway)[number]) => taipeiDayOf(Date.parse(parseGatewayTime(o.ord_time).utc));
      expect(sumByDay(cached, (r) => String(r.taipei_day), (r) => Number(r.amount))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.tx_amt)));
      expect(sumByDay(cached, (r) => String(r.taipei_day), (r) => Number(r.captured))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.tot_pay_amt)));
      expect(sumByDay(cached, (r) => String(r.taipei_day), (r) => Number(r.fee))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.service_fee)));
      expect(sumByDay(cached, (r) => String(r.taipei_day), (r) => Number(r.fee_returned))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.refund_service_fee)));

      // Re-running is idempotent: nothing new, nothing duplicated, no new history rows.
      const historyBefore = app.db.prepare('SELECT COUNT(*) FROM order_history').pluck().get();
      const again = await syncProfile(app, profile, { from: '2025-01-05', to: '2025-03-20' });
      expect(again.counts.inserted).toBe(0);
      expect(again.counts.updated).toBe(0);
      expect(app.db.prepare('SELECT COUNT(*) FROM order_history').pluck().get()).toBe(historyBefore);
      expect(app.db.prepare('SELECT COUNT(*) FROM raw_answers WHERE verified = 1').pluck().get()).toBeGreaterThanOrEqual(3);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one failing chunk is reported with the gateway\'s words and the good chunks are kept', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fp', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, sb.flashpay);
      // The first request of the run gets a bad chk; with 2 in flight, exactly one chunk fails.
      await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'badchk', count: 1 });
      const summary = await syncProfile(app, profile, { from: '2025-01-05', to: '2025-03-20' }, undefined);
      expect(summary.state).toBe('failed');
      expect(summary.chunks.filter((c) => c.state === 'failed')).toHaveLength(1);
      expect(summary.chunks.filter((c) => c.state === 'done')).toHaveLength(2);
      expect(summary.errors[0]).toMatch(/chk/i);
      const kept = app.db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
      expect(kept).toBeGreaterThan(0);
      // The next run resumes the same run and fetches only the failed chunk.
      const resumed = await syncProfile(app, profile, { from: '2025-01-05', to: '2025-03-20' });
      expect(resumed.resumed).toBe(true);
      expect(resumed.state).toBe('done');
      expect(resumed.counts.inserted).toBe((app.db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number) - kept);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('First Bank: known orders are re-queried and their status and amounts cached', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fb', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, demo: true }, { hashKey: sb.firstbank.hashKey });
      // A shop can only query orders it holds a ReCheckId for (issued once the payment was made).
      const orders = (await firstBankOrders(sb)).filter((o) => o.TransTime >= '2025/03/01' && o.ReCheckId);
      const store = new OrderStore(app.db);
      for (const o of orders) {
        store.registerKnown(profile.id, { gateway: 'firstbank', orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: o.amountCents, payType: o.PayType, orderedAtMs: null }, { source: 'test', nowMs: Date.now() });
      }
      const summary = await syncProfile(app, profile, { from: '2025-03-01', to: '2025-03-20' });
      expect(summary.errors).toEqual([]);
      expect(summary.queried).toBe(orders.length);
      const cached = new Map((app.db.prepare('SELECT order_no, status_code, amount, taipei_day FROM orders').all() as Array<{ order_no: string; status_code: string; amount: number; taipei_day: string }>).map((r) => [r.order_no, r]));
      for (const o of orders) {
        expect(cached.get(o.OrderId)).toMatchObject({ status_code: o.TransStatus, amount: o.amountCents, taipei_day: taipeiDayOf(Date.parse(parseGatewayTime(o.TransTime).utc)) });
      }
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sync is honest about what it could not do', () => {
  let sb: Sandboxes;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 30 });
  });
  afterAll(async () => sb?.close());

  it('a First Bank profile with a wrong HashKey fails, naming the profile, never "done"', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fb-wrong', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, demo: true }, { hashKey: 'f'.repeat(32) });
      const o = (await firstBankOrders(sb)).find((x) => x.ReCheckId)!;
      new OrderStore(app.db).registerKnown(profile.id, { gateway: 'firstbank', orderNo: o.OrderId, gatewayOrderNo: o.ReCheckId, amount: o.amountCents, payType: o.PayType, orderedAtMs: null }, { source: 'test', nowMs: Date.now() });
      const summary = await syncProfile(app, profile, { from: '2000-01-01', to: '2002-12-31' });
      expect(summary.state).toBe('failed');
      expect(summary.errors).toHaveLength(1);
      expect(summary.errors[0]).toMatch(/^fb-wrong: order /);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a First Bank profile with no known orders says so and where orders come from', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fb-empty', gateway: 'firstbank', tradeUrl: sb.firstbank.baseUrl, merchantId: sb.firstbank.platformId, demo: true }, { hashKey: sb.firstbank.hashKey });
      const messages: string[] = [];
      const summary = await syncProfile(app, profile, { from: '2025-03-01', to: '2025-03-20' }, { jobId: 't', signal: new AbortController().signal, progress: (u) => u.message && messages.push(u.message) });
      expect(summary.state).toBe('done');
      expect(summary.notices).toEqual(['no_known_orders']);
      expect(messages.at(-1)).toMatch(/fb-empty: no known orders.*ledger.*notification/);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a FlashPay profile with a wrong HashKey fails every chunk, naming the profile', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-sync-'));
    const app = appOn(dir, { shell: 'cli', credentials: new MemoryCredentialStore() });
    try {
      const profile = await addProfile(app, { name: 'fp-wrong', gateway: 'flashpay', tradeUrl: sb.flashpay.baseUrl, merchantId: sb.flashpay.merId, demo: true }, { hashKey: 'A'.repeat(32), hashIv: 'B'.repeat(16) });
      const summary = await syncProfile(app, profile, { from: '2025-03-01', to: '2025-03-05' });
      expect(summary.state).toBe('failed');
      expect(summary.errors.length).toBeGreaterThan(0);
      expect(summary.errors.every((e) => e.startsWith('fp-wrong: '))).toBe(true);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const available = keyringAvailable();
describe.runIf(available.ok)('recon sync as a real process', () => {
  let sb: Sandboxes;
  let keyring: PrivateKeyring;
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    sb = await startTestSandboxes({ days: 90 });
    keyring = await startPrivateKeyring();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'recon-cli-sync-'));
    // Far from Taipei: a day boundary bug would move orders between days.
    env = { ...keyring.env, RECON_DATA_DIR: dataDir, RECON_KEYCHAIN_SERVICE: `recon-sync-test-${process.pid}`, TZ: 'America/Los_Angeles' };
    const add = await runRecon(['profile', 'add', '--name', 'shop', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...env, RECON_HASH_KEY: sb.flashpay.hashKey, RECON_HASH_IV: sb.flashpay.hashIv },
    });
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await sb?.close();
    await keyring?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives a SIGKILL mid-way: the next run resumes, nothing is duplicated or lost, totals match per Taipei day', async () => {
    // Slow every answer so the kill lands between chunks.
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'delay', ms: 700, count: 100 });
    const child = spawn(process.execPath, ['bin/recon.mjs', 'sync', '--profile', 'shop', '--from', '2024-12-21', '--to', '2025-03-20'], { cwd: repoRoot, env: { ...process.env, ...env, ...engineEnvFor(dataDir) } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        // Kill once at least one chunk committed but the run is not finished.
        try {
          const db = rawDb(dataDir, { readonly: true });
          const done = db.prepare("SELECT COUNT(*) FROM sync_chunks WHERE state = 'done'").pluck().get() as number;
          db.close();
          if (done >= 1) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch {
          /* the database may not exist yet */
        }
      }, 50);
      child.once('exit', (code) => {
        clearInterval(timer);
        if (code !== null) reject(new Error(`sync finished before it could be killed: ${stderr}`));
      });
    });
    await armFault(sb.flashpay.baseUrl, { op: 'querytrade', kind: 'none' });

    const db = rawDb(dataDir, { readonly: true });
    const afterKill = db.prepare('SELECT COUNT(*) FROM orders').pluck().get() as number;
    // SQLite's own check of the file after the kill (PostgreSQL's crash safety is the server's).
    if (engineOf() === 'sqlite') expect(integrityCheck(db)).toEqual(['ok']);
    db.close();
    expect(afterKill).toBeGreaterThan(0);

    const resumed = await runRecon(['sync', '--profile', 'shop', '--from', '2024-12-21', '--to', '2025-03-20'], { env });
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout) as { resumed: boolean; state: string; chunks: Array<{ state: string }> };
    expect(summary.resumed).toBe(true);
    expect(summary.state).toBe('done');
    expect(summary.chunks.every((c) => c.state === 'done')).toBe(true);

    const list = await runRecon(['orders', '--profile', 'shop', '--from', '2024-12-21', '--to', '2025-03-20', '--json'], { env });
    expect(list.code).toBe(0);
    const cached = JSON.parse(list.stdout) as Array<{ orderNo: string; amount: string; captured: string; fee: string; orderedAt: string; statusCode: string; status: string }>;
    expect(new Set(cached.map((o) => o.orderNo)).size).toBe(cached.length);
    const gateway = (await flashPayOrders(sb)).filter((o) => {
      const d = taipeiDayOf(Date.parse(parseGatewayTime(o.ord_time).utc));
      return d >= '2024-12-21' && d <= '2025-03-20';
    });
    expect(cached.length).toBe(gateway.length);
    expect(cached[0]!.orderedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const cachedDay = (o: (typeof cached)[number]) => o.orderedAt.slice(0, 10);
    const gwDay = (o: (typeof gateway)[number]) => taipeiDayOf(Date.parse(parseGatewayTime(o.ord_time).utc));
    expect(sumByDay(cached, cachedDay, (o) => parseCents(o.amount))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.tx_amt)));
    expect(sumByDay(cached, cachedDay, (o) => parseCents(o.captured))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.tot_pay_amt)));
    expect(sumByDay(cached, cachedDay, (o) => parseCents(o.fee))).toEqual(sumByDay(gateway, gwDay, (o) => parseCents(o.service_fee)));
    const byNo = new Map(gateway.map((o) => [o.ord_no, o]));
    for (const o of cached) expect(o.statusCode).toBe(byNo.get(o.orderNo)!.order_status);

    const filtered = await runRecon(['orders', '--profile', 'shop', '--from', '2025-03-01', '--to', '2025-03-20', '--status', 'settled', '--json'], { env });
    const settled = JSON.parse(filtered.stdout) as Array<{ status: string }>;
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((o) => o.status === 'settled')).toBe(true);

    // A search looks through all dates; a kept range narrows it.
    const one = cached[0]!;
    const found = await runRecon(['orders', '--search', one.orderNo, '--json'], { env });
    expect(found.code, found.stderr).toBe(0);
    expect((JSON.parse(found.stdout) as Array<{ orderNo: string }>).map((o) => o.orderNo)).toContain(one.orderNo);
    const narrowed = await runRecon(['orders', '--search', one.orderNo, '--from', '2020-01-01', '--to', '2020-01-02', '--json'], { env });
    expect(JSON.parse(narrowed.stdout)).toEqual([]);
  }, 120_000);

  it('a sync that fails exits 1 with each error naming the profile', async () => {
    const add = await runRecon(['profile', 'add', '--name', 'wrongkey', '--gateway', 'flashpay', '--base-url', sb.flashpay.baseUrl, '--merchant-id', sb.flashpay.merId], {
      env: { ...env, RECON_HASH_KEY: 'A'.repeat(32), RECON_HASH_IV: 'B'.repeat(16) },
    });
    expect(add.code, add.stderr).toBe(0);
    const r = await runRecon(['sync', '--profile', 'wrongkey', '--from', '2025-03-01', '--to', '2025-03-02'], { env });
    expect(r.code).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/^error: wrongkey: /);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'wrongkey', state: 'failed' });

    // The same failure for a Taiwanese clerk: every error line in Chinese, naming the profile and the days.
    const zh = await runRecon(['sync', '--profile', 'wrongkey', '--from', '2025-03-01', '--to', '2025-03-02'], { env: { ...env, LANG: 'zh_TW.UTF-8' } });
    expect(zh.code).toBe(1);
    const zhErrors = zh.stderr.split('\n').filter((l) => l.startsWith('錯誤: '));
    expect(zhErrors.length).toBe(errors.length);
    for (const e of zhErrors) {
      expect(e).toMatch(/^錯誤: wrongkey：2025\/03\/0\d–2025\/03\/0\d 的訂單：/);
      // The console's own words are Chinese; what the gateway itself said (its code and text) is quoted as it came.
      expect(e).toMatch(/FlashPay 回覆 \w+：|HashKey／HashIV/);
      expect(latinSentences(e.replace(/回覆 \w+：.*$/, ''))).toEqual([]);
    }
    expect(zh.stderr).toMatch(/wrongkey：有錯誤：新增 0 筆、更新 0 筆、錯誤 \d+ 筆/);
  }, 90_000);

  it('bad dates and unknown profiles are one line on stderr with exit 2', async () => {
    for (const args of [
      ['sync', '--profile', 'shop', '--from', '2025-02-30', '--to', '2025-03-01'],
      ['sync', '--profile', 'shop', '--from', '2025-03-05', '--to', '2025-03-01'],
      ['sync', '--profile', 'nope', '--from', '2025-03-01', '--to', '2025-03-01'],
      ['orders', '--from', '20250301', '--json'],
      ['orders', '--status', 'paid', '--json'],
    ]) {
      const r = await runRecon(args, { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});
