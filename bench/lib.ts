// Shared bench helpers: a temp app core, synthetic orders shaped like real gateway answers, timing.
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { mulberry32 } from '../src-main/sandbox/prng.ts';
import os from 'node:os';
import path from 'node:path';
import { type App, createApp } from '../src-main/core/app.ts';
import { MemoryCredentialStore } from '../src-main/core/credentials.ts';
import { addProfile, type Profile } from '../src-main/core/services/profiles.ts';
import type { NormalizedOrder } from '../src-main/core/store/orders.ts';
import { flashPayStatus } from '../src-main/core/gateways/flashpay/statuses.ts';

export interface BenchResult {
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  target?: string;
  note?: string;
}

export function tempBenchApp(): App & { cleanup(): void; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recon-bench-'));
  const app = createApp({ dataDir: dir, shell: 'cli', credentials: new MemoryCredentialStore() });
  return Object.assign(app, {
    dir,
    cleanup() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

export async function benchProfiles(app: App): Promise<Profile[]> {
  const out: Profile[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(
      await addProfile(app, { name: `bench-${i}`, gateway: 'flashpay', tradeUrl: 'http://127.0.0.1:9', merchantId: `M${i}`, demo: true }, { hashKey: 'k'.repeat(32), hashIv: 'v'.repeat(16) }),
    );
  }
  return out;
}


const CODES = ['02', '03', '04', '04', '04', '04', '06', '08', '12', 'ZF'];

/** Order i of a year-long stream, shaped like a FlashPay 106 mer_detail entry. */
export function benchOrder(i: number, startMs: number, spanMs: number, total: number, rand: () => number): NormalizedOrder {
  const code = CODES[i % CODES.length]!;
  const amount = (Math.floor(rand() * 5000) + 1) * 100;
  const at = startMs + Math.floor((i / total) * spanMs);
  const captured = ['03', '04', '06', '08'].includes(code) ? amount : 0;
  const refunded = ['06', '08'].includes(code) ? amount : 0;
  const fee = code === '04' || code === '08' ? Math.round(amount * 0.0275) : 0;
  const ordNo = String(100_000_000 + i);
  const payload = {
    ver: '1.0.0',
    mer_id: 'M0',
    tx_type: '9',
    tx_amt: (amount / 100).toFixed(2),
    tot_pay_amt: (captured / 100).toFixed(2),
    tot_ret_amt: (refunded / 100).toFixed(2),
    can_pay_amt: '0.00',
    can_ret_amt: ((captured - refunded) / 100).toFixed(2),
    order_no: `FP${2_204_260_900_000_000 + i}`,
    ord_no: ordNo,
    ord_time: new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') + '+08',
    order_status: code,
    ret_code: '00',
    ret_msg: '交易成功(Approved or completed successfully)',
    service_fee: (fee / 100).toFixed(2),
    refund_service_fee: code === '08' ? (fee / 100).toFixed(2) : '0.00',
  };
  return {
    gateway: 'flashpay',
    orderNo: ordNo,
    gatewayOrderNo: payload.order_no,
    orderedAtMs: at,
    orderedAtText: payload.ord_time,
    status: flashPayStatus(code).normalized,
    statusCode: code,
    amount,
    captured,
    refunded,
    capturable: 0,
    refundable: captured - refunded,
    fee,
    feeReturned: code === '08' ? fee : 0,
    shipping: 0,
    payType: '1',
    installments: i % 17 === 0 ? 6 : 0,
    bonus: i % 23 === 0,
    authCode: String(100_000 + (i % 900_000)),
    // A card on two orders in three (First Bank reports one; FlashPay does not).
    cardMasked: i % 3 === 0 ? null : `431195******${String(1000 + (i % 9000))}`,
    payload: JSON.stringify(payload),
    verified: true,
  };
}

export function dirSize(dir: string): number {
  return readdirSync(dir).reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
}

export function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// One seeded PRNG for the whole project: the sandbox's.
export { mulberry32 };
