// The IPC contract: one map from channel name to a zod request schema and a zod result schema.
// Every shell (Electron IPC, the loopback web shell, tests) validates requests against it, and the
// renderer's client is typed from it. The renderer imports this file for types and schemas only.
import { z } from 'zod';

const empty = z.object({}).strict();

export const appInfoResult = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
  demo: z.boolean(),
  node: z.string(),
  platform: z.string(),
});

export const jobProgress = z.object({
  jobId: z.string(),
  kind: z.enum(['sync', 'export', 'reconcile', 'action', 'demo']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
  message: z.string(),
  errors: z.array(z.string()),
});
export type JobProgress = z.infer<typeof jobProgress>;

const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');
const profileName = z.string().min(1).max(40);
const gatewayName = z.enum(['flashpay', 'firstbank']);
const environmentName = z.enum(['sandbox', 'test', 'production']);

export const profileSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  gateway: gatewayName,
  environment: environmentName,
  tradeUrl: z.string(),
  queryUrl: z.string(),
  merchantId: z.string(),
  feeRatePpm: z.number().int().nullable(),
  feeFixedCents: z.number().int().nullable(),
  demo: z.boolean(),
  /** Whether the secrets are set, and where; never the secrets themselves. */
  secrets: z.object({ hashKey: z.boolean(), hashIv: z.boolean(), store: z.enum(['keychain', 'memory', 'unavailable']) }),
});
export type ProfileSummary = z.infer<typeof profileSummary>;

export const profileAddRequest = z
  .object({
    name: profileName,
    gateway: gatewayName,
    environment: environmentName.optional(),
    tradeUrl: z.string().min(1).max(500),
    queryUrl: z.string().max(500).optional(),
    merchantId: z.string().min(1).max(40),
    /** Percent as typed ("2.75"); parsed exactly in main. */
    feeRate: z.string().max(10).optional(),
    /** NTD as typed ("5" or "5.00"). */
    feeFixed: z.string().max(20).optional(),
    hashKey: z.string().min(1).max(200),
    hashIv: z.string().max(200).optional(),
  })
  .strict();

const statusLabel = z.object({ zh: z.string(), en: z.string() });
export const statusMeta = z.object({
  normalized: z.array(statusLabel.extend({ value: z.string() })),
  flashpay: z.array(statusLabel.extend({ code: z.string(), normalized: z.string() })),
  firstbank: z.array(statusLabel.extend({ code: z.string(), normalized: z.string() })),
});
export type StatusMeta = z.infer<typeof statusMeta>;

const cents = z.number().int();
export const orderFilter = z
  .object({
    profileIds: z.array(z.number().int()).max(100).optional(),
    gateways: z.array(gatewayName).max(2).optional(),
    from: dayText,
    to: dayText,
    statuses: z.array(z.string().max(40)).max(40).optional(),
    minAmount: cents.nonnegative().optional(),
    maxAmount: cents.nonnegative().optional(),
    search: z.string().max(64).optional(),
  })
  .strict();
export type OrderFilterRequest = z.infer<typeof orderFilter>;

export const orderListRow = z.object({
  id: z.number().int(),
  profileId: z.number().int(),
  profile: z.string(),
  gateway: gatewayName,
  orderNo: z.string(),
  gatewayOrderNo: z.string().nullable(),
  orderedAtMs: z.number().nullable(),
  status: z.string(),
  statusCode: z.string(),
  amount: cents,
  captured: cents,
  refunded: cents,
  capturable: cents,
  refundable: cents,
  fee: cents,
  feeReturned: cents,
  shipping: cents,
  payType: z.string().nullable(),
  installments: z.number().int(),
  bonus: z.boolean(),
  authCode: z.string().nullable(),
  card: z.string().nullable(),
  verified: z.boolean(),
  source: z.string(),
  updatedAtMs: z.number(),
});
export type OrderListRow = z.infer<typeof orderListRow>;

export const orderTotals = z.object({ count: z.number().int(), amount: cents, captured: cents, refunded: cents, fee: cents, feeReturned: cents });
export type OrderTotalsResult = z.infer<typeof orderTotals>;

export const orderDetailResult = z.object({
  order: orderListRow,
  payload: z.string().nullable(),
  history: z.array(
    z.object({ atMs: z.number(), source: z.string(), statusCode: z.string(), status: z.string(), captured: cents, refunded: cents, fee: cents, feeReturned: cents }),
  ),
  raw: z.object({ operation: z.string(), atMs: z.number(), text: z.string(), truncated: z.boolean(), verified: z.boolean() }).nullable(),
});
export type OrderDetailResult = z.infer<typeof orderDetailResult>;

export const contract = {
  'app:info': { request: empty, result: appInfoResult },
  'jobs:list': { request: empty, result: z.array(jobProgress) },
  'jobs:cancel': { request: z.object({ jobId: z.string().min(1).max(64) }).strict(), result: z.object({ cancelled: z.boolean() }) },
  'profiles:list': { request: empty, result: z.array(profileSummary) },
  'profiles:add': { request: profileAddRequest, result: profileSummary },
  'profiles:setSecrets': {
    request: z.object({ name: profileName, hashKey: z.string().min(1).max(200), hashIv: z.string().max(200).optional() }).strict(),
    result: profileSummary,
  },
  'profiles:remove': { request: z.object({ name: profileName }).strict(), result: z.object({ removed: z.boolean() }) },
  'profiles:test': {
    request: z.object({ name: profileName }).strict(),
    result: z.object({ ok: z.boolean(), message: z.string(), ms: z.number() }),
  },
  'meta:statuses': { request: empty, result: statusMeta },
  'orders:list': {
    request: orderFilter.extend({
      sort: z.enum(['orderedAt', 'amount', 'orderNo', 'status']).optional(),
      dir: z.enum(['asc', 'desc']).optional(),
      cursor: z.string().max(400).nullable().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    result: z.object({ rows: z.array(orderListRow), nextCursor: z.string().nullable() }),
  },
  'orders:totals': { request: orderFilter, result: orderTotals },
  'orders:get': { request: z.object({ profileId: z.number().int(), orderNo: z.string().min(1).max(64) }).strict(), result: orderDetailResult },
  'orders:requery': {
    request: z.object({ profileId: z.number().int(), orderNo: z.string().min(1).max(64) }).strict(),
    result: z.object({ outcome: z.enum(['inserted', 'updated', 'unchanged']), detail: orderDetailResult }),
  },
  'sync:start': {
    request: z.object({ profile: profileName, from: dayText, to: dayText }).strict(),
    result: z.object({ jobId: z.string() }),
  },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResultOf<C extends Channel> = z.infer<Contract[C]['result']>;

/** Events pushed from main to the renderer (Electron `webContents.send`, web shell SSE). */
export const events = {
  'job:progress': jobProgress,
} as const;
export type EventName = keyof typeof events;
export type EventOf<E extends EventName> = z.infer<(typeof events)[E]>;

/** An error as it crosses the bridge: code for programs, message for people. */
export const bridgeError = z.object({ code: z.string(), message: z.string() });
export type BridgeError = z.infer<typeof bridgeError>;
