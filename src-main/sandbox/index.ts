// The sandbox gateways, started together on loopback with one shared clock: the console's demo mode,
// `recon sandbox`, and the tests all start them here. See docs/SANDBOX.md.
import { type OrdersPerDay, DEFAULT_ORDERS_PER_DAY } from './catalogue.ts';
import { type SandboxClock, createClock } from './clock.ts';
import { firstBankCredentials, flashPayCredentials } from './credentials.ts';
import { startFirstBankSandbox } from './firstbank/server.ts';
import { startFlashPaySandbox } from './flashpay/server.ts';
import { type FlashPayNotificationShape, NOTIFICATION_SHAPES } from './flashpay/payloads.ts';
import { InputError } from '../core/errors.ts';
import { SIGNING_RULES, type SigningRule } from '../core/gateways/firstbank/codec.ts';

export { TEST_CARDS } from './test-cards.ts';
export type { SandboxClock } from './clock.ts';

export interface StartSandboxesOptions {
  /** Demo data and credentials derive from it (default 1). */
  seed?: number;
  /** Days of history ending today on the sandbox clock (default 90). */
  days?: number;
  /** 0 (default) picks a free port. */
  flashpayPort?: number;
  firstbankPort?: number;
  /** Fixes the sandbox clock's start and freezes it between advances; default: the real now, ticking. */
  now?: Date | number | string;
  /** Orders a day per gateway: a fixed count or a range (default 20-60). */
  ordersPerDay?: number | OrdersPerDay;
  /** Where First Bank sends async notifications; default: each order's ResURL. Changeable via POST /_sandbox/settings. */
  firstbankNotifyUrl?: string;
  /** FlashPay's return_url payload: 'real' (default, the real server's shape) or 'rich' (order_status added). */
  flashpayNotificationShape?: FlashPayNotificationShape;
  /** How First Bank's notifications and answers are signed: 'seed' (default) or 'plugin' (docs/VENDOR-SHAPES.md). */
  firstbankSigning?: SigningRule;
}

export interface Sandboxes {
  flashpay: { baseUrl: string; merId: string; hashKey: string; hashIv: string };
  firstbank: { baseUrl: string; platformId: string; hashKey: string };
  clock: SandboxClock;
  close(): Promise<void>;
}

function nowMsOf(now: Date | number | string | undefined): number | undefined {
  if (now === undefined) return undefined;
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new InputError(`sandbox "now" is not a time: ${String(now)}`);
  return ms;
}

function perDayOf(value: number | OrdersPerDay | undefined): OrdersPerDay {
  const range = value === undefined ? DEFAULT_ORDERS_PER_DAY : typeof value === 'number' ? { min: value, max: value } : value;
  if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || range.min < 0 || range.max < range.min || range.max > 10_000) {
    throw new InputError(`ordersPerDay must be whole numbers 0 <= min <= max <= 10000, got ${JSON.stringify(value)}`);
  }
  return range;
}

function wholeNumber(value: number | undefined, fallback: number, what: string, max: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) throw new InputError(`${what} must be a whole number from 0 to ${max}, got ${String(value)}`);
  return n;
}

export async function startSandboxes(options: StartSandboxesOptions = {}): Promise<Sandboxes> {
  const seed = wholeNumber(options.seed, 1, 'seed', 2 ** 32 - 1);
  const days = wholeNumber(options.days, 90, 'days', 3660);
  const ordersPerDay = perDayOf(options.ordersPerDay);
  if (options.flashpayNotificationShape !== undefined && !NOTIFICATION_SHAPES.includes(options.flashpayNotificationShape)) {
    throw new InputError(`flashpayNotificationShape must be one of ${NOTIFICATION_SHAPES.join(', ')}, got ${String(options.flashpayNotificationShape)}`);
  }
  if (options.firstbankSigning !== undefined && !SIGNING_RULES.includes(options.firstbankSigning)) {
    throw new InputError(`firstbankSigning must be one of ${SIGNING_RULES.join(', ')}, got ${String(options.firstbankSigning)}`);
  }
  const clock = createClock(nowMsOf(options.now));
  const flashpay = await startFlashPaySandbox({
    port: wholeNumber(options.flashpayPort, 0, 'flashpayPort', 65535), seed, days, ordersPerDay, clock, credentials: flashPayCredentials(seed),
    notificationShape: options.flashpayNotificationShape,
  });
  let firstbank;
  try {
    firstbank = await startFirstBankSandbox({
      port: wholeNumber(options.firstbankPort, 0, 'firstbankPort', 65535), seed, days, ordersPerDay, clock,
      credentials: firstBankCredentials(seed), notifyUrl: options.firstbankNotifyUrl ?? null, signing: options.firstbankSigning,
    });
  } catch (err) {
    await flashpay.close();
    throw err;
  }
  const fb = firstbank;
  return {
    flashpay: { baseUrl: flashpay.baseUrl, ...flashpay.credentials },
    firstbank: { baseUrl: fb.baseUrl, ...fb.credentials },
    clock,
    async close() {
      await Promise.all([flashpay.close(), fb.close()]);
    },
  };
}
