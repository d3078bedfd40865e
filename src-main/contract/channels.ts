// The IPC contract: one map from channel name to a zod request schema and a zod result schema.
// Every shell (Electron IPC, the loopback web shell, tests) validates requests against it, and the
// renderer's client is typed from it. The renderer imports this file for types and schemas only.
import { isCalendarDay } from './day-text.ts';
import { z } from 'zod';
import { maintenanceContract } from './maintenance.ts';
import { teamContract } from './team.ts';
import { messageSchema } from './messages/schema.ts';
import { actionKind, actionState, approvalState, auditOutcome, exceptionKind, exceptionState, orderSortKey, sortDir } from './vocabulary.ts';

export { auditOutcome, exceptionKind, exceptionState } from './vocabulary.ts';
export type { ApprovalState } from './vocabulary.ts';

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
  /** Beside each error (same index), its catalogue message where the core gave one: shells show that. */
  errorMessages: z.array(messageSchema.nullable()).optional(),
  /** `message` as a catalogue message, where the core gave one. */
  messageMsg: messageSchema.optional(),
  /** Rises with every update of the job: a snapshot that arrives late (jobs:list) never wins over a newer event. */
  seq: z.number().int().nonnegative(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export { isCalendarDay };

// Every channel that takes a day shares this schema, so an impossible day is refused on all of them.
const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine(isCalendarDay, { message: 'not a real calendar day' });
const profileName = z.string().min(1).max(40);
// The gateways are the registry's (core/gateways/registry.ts): the contract checks only the shape of a
// name, and the main process refuses a name no adapter is registered for.
const gatewayName = z.string().min(1).max(24);
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
  /** The latest finished sync: keys that are set can still be wrong, and this says so. */
  lastSync: z.object({ state: z.enum(['done', 'failed', 'cancelled']), from: dayText, to: dayText, atMs: z.number().nullable(), firstError: z.string().nullable() }).nullable(),
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

/** What the renderer knows about a gateway: all of it from the registry, through 'gateways:describe'. */
export const gatewayDescription = z.object({
  name: gatewayName,
  label: statusLabel,
  /** The product's full name. */
  title: statusLabel,
  /** How the payout day is worked out (no gateway reports a settlement time). */
  payoutRule: statusLabel,
  /** Prefix naming a status code in messages, e.g. "TransStatus ". */
  statusCodeName: z.string(),
  /** The gateway's own name of its status field, e.g. "order_status". */
  statusField: z.string(),
  statuses: z.array(statusLabel.extend({ code: z.string(), normalized: z.string() })),
  secrets: z.array(z.enum(['hashKey', 'hashIv'])),
  profileFields: z.array(
    z.object({ field: z.enum(['tradeUrl', 'queryUrl', 'merchantId', 'hashKey', 'hashIv', 'feeRate', 'feeFixed']), label: statusLabel, placeholder: z.string().optional() }),
  ),
  capabilities: z.object({ cancel: z.boolean(), refund: z.boolean(), rangeQuery: z.boolean(), ledgerRefs: z.boolean(), feeSchedule: z.boolean() }),
});
export type GatewayDescription = z.infer<typeof gatewayDescription>;

const cents = z.number().int();
export const orderFilter = z
  .object({
    profileIds: z.array(z.number().int()).max(100).optional(),
    gateways: z.array(gatewayName).max(16).optional(),
    /** Optional when `search` is given: a search looks through every date unless a range is kept. */
    from: dayText.optional(),
    to: dayText.optional(),
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
  /** The one fee (core/fees.ts): the gateway's, else the profile's schedule. */
  fee: cents,
  feeSource: z.enum(['gateway', 'schedule']),
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
  /** Codes of an implausible answer held back for a person (plausibility.ts); null when none. */
  anomaly: z.array(z.string()).nullable(),
});
export type OrderListRow = z.infer<typeof orderListRow>;

export const orderTotals = z.object({
  count: z.number().int(),
  amount: cents,
  captured: cents,
  refunded: cents,
  fee: cents,
  feeReturned: cents,
  net: cents,
  flagged: z.number().int(),
});
export type OrderTotalsResult = z.infer<typeof orderTotals>;

export const anomalyView = z.object({
  id: z.number().int(),
  profileId: z.number().int(),
  profile: z.string(),
  gateway: z.string(),
  orderNo: z.string(),
  atMs: z.number(),
  codes: z.array(z.string()),
  reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  state: z.enum(['open', 'accepted', 'superseded']),
  answer: z.object({
    statusCode: z.string(),
    amount: cents.nullable(),
    captured: cents,
    refunded: cents,
    fee: cents,
    feeReturned: cents,
    orderedAtMs: z.number().nullable(),
  }),
  rawAnswerId: z.number().int().nullable(),
  decidedBy: z.string().nullable(),
  decidedAtMs: z.number().nullable(),
  note: z.string(),
});
export type AnomalyViewResult = z.infer<typeof anomalyView>;

export const orderDetailResult = z.object({
  order: orderListRow,
  payload: z.string().nullable(),
  history: z.array(
    z.object({ atMs: z.number(), source: z.string(), statusCode: z.string(), status: z.string(), captured: cents, refunded: cents, fee: cents, feeReturned: cents }),
  ),
  raw: z.object({ operation: z.string(), atMs: z.number(), text: z.string(), truncated: z.boolean(), verified: z.boolean() }).nullable(),
  /** What cancel/refund would do judged from the cached state (the dialog re-queries before acting):
   *  the button is disabled with this refusal code when not allowed, so it explains itself. */
  action: z.object({ kind: actionKind, allowed: z.boolean(), refusal: z.string().nullable(), backOffice: z.boolean() }),
  /** Implausible answers held back for this order, newest first. */
  anomalies: z.array(anomalyView),
});
export type OrderDetailResult = z.infer<typeof orderDetailResult>;

// Daily settlement and Excel export (money in integer cents, days are Taipei days).
const settlementAmounts = z.object({
  orders: z.number().int(),
  capturedOrders: z.number().int(),
  gross: cents,
  captured: cents,
  refunded: cents,
  fees: cents,
  scheduleFees: cents,
  feesReturned: cents,
  net: cents,
  settled: cents,
  unsettled: cents,
  adjustments: cents,
});


export const adjustmentEntry = z.object({
  bookedDay: dayText,
  eventDay: dayText,
  profileId: z.number().int(),
  profileName: z.string(),
  gateway: gatewayName,
  orderNo: z.string(),
  kind: z.string(),
  amount: z.number().int(),
  source: z.string(),
  atMs: z.number(),
});
export type AdjustmentEntryResult = z.infer<typeof adjustmentEntry>;

export const periodStateResult = z.object({
  closedThrough: dayText.nullable(),
  events: z.array(
    z.object({ id: z.number().int(), action: z.enum(['close', 'reopen']), day: dayText, atMs: z.number(), operator: z.string(), shell: z.string(), reason: z.string() }),
  ),
});
export type PeriodStateResult = z.infer<typeof periodStateResult>;
export const settlementReport = z.object({
  from: dayText,
  to: dayText,
  today: dayText,
  rows: z.array(
    settlementAmounts.extend({
      day: dayText,
      profileId: z.number().int(),
      profileName: z.string(),
      gateway: gatewayName,
      feeRatePpm: z.number().int().nullable(),
      feeFixedCents: z.number().int().nullable(),
    }),
  ),
  days: z.array(settlementAmounts.extend({ day: dayText })),
  totals: settlementAmounts,
  gateways: z.array(settlementAmounts.extend({ gateway: gatewayName })),
  /** Changes of closed days booked in this range (which order, what, why). */
  adjustments: z.array(adjustmentEntry),
  /** The last closed day, or null. */
  closedThrough: dayText.nullable(),
});
export type SettlementReportResult = z.infer<typeof settlementReport>;

/** Payouts (撥款): per Taipei day and profile, what the gateway settled, with the orders behind it. */
export const payoutsResult = z.object({
  from: dayText,
  to: dayText,
  today: dayText,
  payouts: z.array(
    z.object({
      day: dayText,
      profileId: z.number().int(),
      profileName: z.string(),
      gateway: gatewayName,
      amount: cents,
      /** First Bank's batch of a day that is not over yet. */
      pending: z.boolean(),
      orders: z.array(z.object({ orderNo: z.string(), amount: cents })),
    }),
  ),
  total: cents,
});
export type PayoutsResult = z.infer<typeof payoutsResult>;

export const settlementOrder = z.object({
  profile: z.string(),
  gateway: gatewayName,
  orderNo: z.string(),
  orderedAtMs: z.number().nullable(),
  status: z.string(),
  statusCode: z.string(),
  statusZh: z.string(),
  statusEn: z.string(),
  amount: cents,
  captured: cents,
  refunded: cents,
  fee: cents,
  feeSource: z.enum(['gateway', 'schedule']),
  feeReturned: cents,
  net: cents,
  settled: z.boolean(),
  /** Part of the order's money that day is an adjustment of a closed day. */
  adjusted: z.boolean(),
});
export type SettlementOrder = z.infer<typeof settlementOrder>;

export const exportStartRequest = z
  .object({
    kind: z.enum(['orders', 'settlement']),
    filter: orderFilter,
    /** A plain file name for exports/ in the data folder; never a path (the renderer picks no folders). */
    fileName: z.string().min(1).max(128).optional(),
    /** The workbook's language (the page's); bilingual headers without one. */
    lang: z.enum(['zh-TW', 'en']).optional(),
    /** 'roc': the workbook's dates as ROC dates, as the page shows them. */
    dayStyle: z.enum(['western', 'roc']).optional(),
  })
  .strict();

// Cancel / refund and the audit log (amounts in integer cents; rules in core/services/action-rules.ts).
export const actionPreviewResult = z.object({
  allowed: z.boolean(),
  /** Why not, as a stable code the UI translates (partial_amount, in_progress, refunded, ...). */
  refusal: z.string().nullable(),
  reason: z.string(),
  /** The reason as a catalogue message (shown in the user's language); `reason` is its English text. */
  reasonMsg: messageSchema.optional(),
  profile: z.string(),
  gateway: gatewayName,
  orderNo: z.string(),
  kind: actionKind,
  amountCents: cents,
  statusCode: z.string(),
  statusText: z.string(),
  orderedAtMs: z.number().nullable(),
  expected: z.enum(['void_authorization', 'refund_captured', 'refund_full']).nullable(),
  expectedText: z.string(),
  expectedMsg: messageSchema.optional(),
  requiresTypedAmount: z.boolean(),
  thresholdCents: cents,
  defaultOperator: z.string(),
});
export type ActionPreviewResult = z.infer<typeof actionPreviewResult>;

export const actionOutcomeResult = z.object({
  actionId: z.number().int(),
  idempotencyKey: z.string(),
  state: actionState,
  kind: actionKind,
  gateway: gatewayName,
  profile: z.string(),
  orderNo: z.string(),
  amountCents: cents,
  operator: z.string(),
  statusBefore: z.string(),
  statusAfter: z.string().nullable(),
  gatewayCode: z.string().nullable(),
  gatewayMessage: z.string().nullable(),
  resolution: z.string().nullable(),
  requeries: z.number().int(),
  sentAtMs: z.number().nullable(),
  /** Set while the outcome is unknown: since when (the UI shows how long, and what to check). */
  unknownSinceMs: z.number().nullable(),
  message: z.string(),
  /** The message as a catalogue code (shown in the user's language); `message` is its English text. */
  msg: messageSchema.optional(),
});
export type ActionOutcomeResult = z.infer<typeof actionOutcomeResult>;

const actionOrderNo = z.string().trim().min(1).max(40);
export const actionExecuteRequest = z
  .object({
    profile: profileName,
    orderNo: actionOrderNo,
    kind: actionKind,
    /** As typed ("1,280" or "1280.00"); parsed exactly in main. */
    amount: z.string().min(1).max(20),
    reason: z.string().max(200).optional(),
    operator: z.string().trim().min(1).max(64),
    /** The explicit confirmation; typedAmount is required at or above the threshold. */
    confirmation: z.object({ confirmed: z.literal(true), typedAmount: z.string().max(20).optional() }).strict(),
    /** Generated when the dialog opens: a repeated submit returns the first outcome, never a second action. */
    idempotencyKey: z.string().uuid().optional(),
  })
  .strict();

/** A two-person approval request as every shell shows it (issue #23). */
export const approvalView = z.object({
  id: z.number().int(),
  profile: z.string(),
  gateway: gatewayName,
  orderNo: z.string(),
  kind: actionKind,
  amountCents: cents,
  reason: z.string(),
  requester: z.string(),
  createdAtMs: z.number(),
  expiresAtMs: z.number(),
  state: approvalState,
  decidedBy: z.string().nullable(),
  decidedAtMs: z.number().nullable(),
  decisionReason: z.string().nullable(),
  /** The action the approval ran, and its state (or REFUSED / ERROR when it could not run). */
  actionId: z.number().int().nullable(),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
});
export type ApprovalView = z.infer<typeof approvalView>;

export const approvalPolicyResult = z.object({
  thresholdCents: cents,
  expiresHours: z.number().int(),
  /** Whether cancels/refunds at or above the threshold need approval for this caller (a team server's signed-in person). */
  applies: z.boolean(),
  /** Whether this caller may approve or reject (finance and above on a team server). */
  canApprove: z.boolean(),
});

export const auditFilters = z
  .object({
    from: dayText.optional(),
    to: dayText.optional(),
    operator: z.string().max(64).optional(),
    orderNo: z.string().max(40).optional(),
    outcome: auditOutcome.optional(),
    profile: z.string().max(40).optional(),
  })
  .strict();
export type AuditFiltersRequest = z.infer<typeof auditFilters>;

export const auditEntry = z.object({
  seq: z.number().int(),
  atMs: z.number(),
  at: z.string(),
  operator: z.string(),
  shell: z.string(),
  event: z.string(),
  outcome: auditOutcome,
  profile: z.string().nullable(),
  gateway: z.string().nullable(),
  orderNo: z.string().nullable(),
  actionId: z.number().int().nullable(),
  /** Decimal text ("1280.00"). */
  amount: z.string().nullable(),
  request: z.string(),
  response: z.string(),
  raw: z.string(),
  note: z.string(),
  hash: z.string(),
});
export type AuditEntryResult = z.infer<typeof auditEntry>;

export const auditProblem = z.object({
  /** missing_entry, link_broken, content_changed, entry_forged, chain_recomputed, missing_tail,
   *  head_mismatch, key_missing, journal_changed, journal_missing, journal_unaudited */
  code: z.string(),
  seq: z.number().int(),
  message: z.string(),
  params: z.record(z.string(), z.number()),
});
export type AuditProblemResult = z.infer<typeof auditProblem>;

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBad: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
  problems: z.array(auditProblem),
  /** Checked against this install's audit key and head in the OS keychain (else hash chain only). */
  anchored: z.boolean(),
  headSeq: z.number().int().nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

// Reconciliation against the shop's own ledger, and the notification inspector.
/** base64 of a file up to 15 MB (20 MB of base64 text). */
const fileContent = z.string().min(1).max(20 * 1024 * 1024);
const fileNameText = z.string().trim().min(1).max(200);
const headerText = z.string().min(1).max(200);
export const ledgerMapping = z
  .object({
    orderNo: headerText.optional(),
    amount: headerText.optional(),
    date: headerText.optional(),
    status: headerText.optional(),
    gateway: headerText.optional(),
    reCheckId: headerText.optional(),
    payType: headerText.optional(),
  })
  .strict();
export type LedgerMapping = z.infer<typeof ledgerMapping>;
export const suffixRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('lastA4') }).strict(),
  z.object({ kind: z.literal('regex'), pattern: z.string().min(1).max(200) }).strict(),
]);
export type SuffixRuleValue = z.infer<typeof suffixRule>;
const ledgerEncoding = z.enum(['utf-8', 'utf-8-bom', 'big5', 'utf-16le', 'xlsx']);
export const ledgerPreviewResult = z.object({
  fileName: z.string(),
  encoding: ledgerEncoding,
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  totalRows: z.number().int(),
  suggestedMapping: ledgerMapping,
  savedMapping: ledgerMapping.nullable(),
  mapping: ledgerMapping,
  mappingSource: z.enum(['saved', 'suggested']),
  suffixRule,
});
export type LedgerPreviewResult = z.infer<typeof ledgerPreviewResult>;
export const ledgerBadRow = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string(), reasonMsg: messageSchema.optional() });
export type LedgerBadRow = z.infer<typeof ledgerBadRow>;
export const ledgerImportResult = z.object({
  importId: z.number().int(),
  fileName: z.string(),
  encoding: ledgerEncoding,
  imported: z.number().int(),
  registered: z.number().int(),
  skipped: z.number().int(),
  bad: z.array(ledgerBadRow),
  badCount: z.number().int(),
  from: dayText,
  to: dayText,
});
export type LedgerImportResult = z.infer<typeof ledgerImportResult>;
export type ExceptionKindValue = z.infer<typeof exceptionKind>;
export const reconcileException = z.object({
  id: z.number().int(),
  profileId: z.number().int(),
  profile: z.string(),
  gateway: gatewayName,
  kind: exceptionKind,
  orderNo: z.string(),
  /** The cached gateway order it concerns (open it, re-query it); null when the gateway has none. */
  cacheOrderNo: z.string().nullable(),
  ledgerAmount: cents.nullable(),
  gatewayAmount: cents.nullable(),
  ledgerStatus: z.string().nullable(),
  ledgerStatusText: z.string().nullable(),
  gatewayStatus: z.string().nullable(),
  gatewayStatusCode: z.string().nullable(),
  day: z.string().nullable(),
  detail: z.string(),
  /** `detail` as a catalogue message, for the user's language. */
  detailMsg: messageSchema.optional(),
  state: exceptionState,
  note: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAtMs: z.number().nullable(),
  lastSeenAtMs: z.number(),
  active: z.boolean(),
});
export type ReconcileExceptionRow = z.infer<typeof reconcileException>;
export const reconcileRunResult = z.object({
  runId: z.number().int(),
  profile: z.string(),
  from: dayText,
  to: dayText,
  ledgerRows: z.number().int(),
  gatewayOrders: z.number().int(),
  matched: z.number().int(),
  exceptions: z.array(reconcileException),
});
export type ReconcileRunResult = z.infer<typeof reconcileRunResult>;
export const inspectedNotification = z.object({
  index: z.number().int(),
  ok: z.boolean(),
  /** A gateway name, or 'unknown'. */
  kind: z.string(),
  error: z.string().optional(),
  /** The error and the warnings as catalogue messages, for the user's language. */
  errorMsg: messageSchema.optional(),
  warnings: z.array(z.string()),
  warningMessages: z.array(messageSchema).optional(),
  excerpt: z.string(),
  decoded: z
    .object({
      orderNo: z.string(),
      gatewayOrderNo: z.string().nullable(),
      status: z.string(),
      statusCode: z.string(),
      amount: cents.nullable(),
      orderedAt: z.string().nullable(),
      paid: z.boolean(),
      fields: z.record(z.string(), z.string()),
    })
    .nullable(),
});
export type InspectedNotificationRow = z.infer<typeof inspectedNotification>;
/** Pasted or loaded notification bodies: up to 2 MB of text. */
const notificationText = z.string().min(1).max(2 * 1024 * 1024);

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
  /** Every problem of a profile form at once, by field ({} when it would be accepted). */
  'profiles:validate': {
    request: z
      .object({
        editing: profileName.optional(),
        gateway: gatewayName,
        name: z.string().max(200).optional(),
        merchantId: z.string().max(200).optional(),
        tradeUrl: z.string().max(500).optional(),
        queryUrl: z.string().max(500).optional(),
        feeRate: z.string().max(20).optional(),
        feeFixed: z.string().max(20).optional(),
        hashKey: z.string().max(200).optional(),
        hashIv: z.string().max(200).optional(),
      })
      .strict(),
    /** Each field's problem: its English text and the catalogue message the form shows. */
    result: z.partialRecord(z.enum(['name', 'merchantId', 'tradeUrl', 'queryUrl', 'feeRate', 'feeFixed', 'hashKey', 'hashIv']), z.object({ text: z.string(), msg: messageSchema.optional() })),
  },
  /** Edits a profile's settings in place (same id: its orders, journal and secrets stay); audited. */
  'profiles:update': {
    request: z
      .object({
        name: profileName,
        newName: z.string().max(40).optional(),
        environment: environmentName.optional(),
        tradeUrl: z.string().max(500).optional(),
        queryUrl: z.string().max(500).optional(),
        merchantId: z.string().max(40).optional(),
        feeRate: z.string().max(10).optional(),
        feeFixed: z.string().max(20).optional(),
      })
      .strict(),
    result: profileSummary,
  },
  'profiles:test': {
    request: z.object({ name: profileName }).strict(),
    /** `msg`: the verdict in the catalogue (shown in the user's language); `detail`: the technical reason. */
    result: z.object({ ok: z.boolean(), message: z.string(), msg: messageSchema.optional(), detail: z.string().optional(), ms: z.number() }),
  },
  'meta:statuses': { request: empty, result: statusMeta },
  'gateways:describe': { request: empty, result: z.object({ gateways: z.array(gatewayDescription) }) },
  'orders:list': {
    request: orderFilter.extend({
      sort: orderSortKey.optional(),
      dir: sortDir.optional(),
      cursor: z.string().max(400).nullable().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    result: z.object({ rows: z.array(orderListRow), nextCursor: z.string().nullable() }),
  },
  'orders:totals': { request: orderFilter, result: orderTotals },
  'orders:get': { request: z.object({ profileId: z.number().int(), orderNo: z.string().min(1).max(64) }).strict(), result: orderDetailResult },
  'anomalies:list': {
    request: z.object({ state: z.enum(['open', 'accepted', 'superseded', 'all']).optional(), profileIds: z.array(z.number().int()).max(100).optional() }).strict(),
    result: z.array(anomalyView),
  },
  'anomalies:accept': {
    request: z.object({ id: z.number().int(), note: z.string().max(500), operator: z.string().max(80).optional() }).strict(),
    result: anomalyView,
  },
  'orders:requery': {
    request: z.object({ profileId: z.number().int(), orderNo: z.string().min(1).max(64) }).strict(),
    result: z.object({ outcome: z.enum(['inserted', 'updated', 'unchanged']), detail: orderDetailResult }),
  },
  'sync:start': {
    request: z.object({ profile: profileName, from: dayText, to: dayText }).strict(),
    result: z.object({ jobId: z.string() }),
  },
  'settlement:daily': {
    /** Without from/to: the last 30 Taipei days up to today. */
    request: z.object({ profileIds: z.array(z.number().int()).max(100).optional(), from: dayText.optional(), to: dayText.optional() }).strict(),
    result: settlementReport,
  },
  'settlement:dayOrders': {
    request: z.object({ day: dayText, profileIds: z.array(z.number().int()).max(100).optional() }).strict(),
    result: z.object({ day: dayText, total: z.number().int(), orders: z.array(settlementOrder) }),
  },
  'payouts:list': {
    /** Without from/to: the last 30 Taipei days up to today. */
    request: z.object({ profileIds: z.array(z.number().int()).max(100).optional(), from: dayText.optional(), to: dayText.optional() }).strict(),
    result: payoutsResult,
  },
  'periods:list': { request: empty, result: periodStateResult },
  'periods:close': {
    request: z.object({ through: dayText, reason: z.string().max(500).optional(), operator: z.string().max(80).optional() }).strict(),
    result: periodStateResult,
  },
  'periods:reopen': {
    request: z.object({ from: dayText, reason: z.string().max(500), operator: z.string().max(80).optional() }).strict(),
    result: periodStateResult,
  },
  'export:start': {
    request: exportStartRequest,
    /** downloadUrl: the web shell serves the finished file (token-protected); null in the desktop app. */
    result: z.object({ jobId: z.string(), path: z.string(), fileName: z.string(), downloadUrl: z.string().nullable() }),
  },
  'actions:preview': {
    request: z.object({ profile: profileName, orderNo: actionOrderNo, kind: actionKind.optional() }).strict(),
    result: actionPreviewResult,
  },
  'actions:execute': { request: actionExecuteRequest, result: actionOutcomeResult },
  'actions:resolve': { request: empty, result: z.array(actionOutcomeResult) },
  /** Open actions (in flight or unknown), with since when and what to check. */
  'actions:open': { request: empty, result: z.array(actionOutcomeResult) },
  /** A person checked the back-office: the unknown action did not happen (reason required, audited). */
  'actions:markNotApplied': {
    request: z.object({ actionId: z.number().int().positive(), reason: z.string().trim().min(1).max(200), operator: z.string().trim().min(1).max(64) }).strict(),
    result: actionOutcomeResult,
  },
  'approvals:policy': { request: empty, result: approvalPolicyResult },
  'approvals:setPolicy': {
    request: z.object({ thresholdCents: cents.positive().optional(), expiresHours: z.number().int().min(1).max(720).optional() }).strict(),
    result: approvalPolicyResult.pick({ thresholdCents: true, expiresHours: true }),
  },
  /** A cancel/refund at or above the threshold, asked for instead of executed (audited). */
  'approvals:request': {
    request: z.object({ profile: profileName, orderNo: actionOrderNo, kind: actionKind, amount: z.string().min(1).max(20), reason: z.string().max(200).optional() }).strict(),
    result: approvalView,
  },
  'approvals:list': { request: z.object({ state: approvalState.optional() }).strict(), result: z.array(approvalView) },
  /** Approving runs the action (the result carries its id and outcome); the approver must not be the requester. */
  'approvals:approve': { request: z.object({ id: z.number().int().positive(), reason: z.string().max(200).optional() }).strict(), result: approvalView },
  'approvals:reject': { request: z.object({ id: z.number().int().positive(), reason: z.string().max(200) }).strict(), result: approvalView },
  'audit:list': {
    request: z.object({ filters: auditFilters, page: z.number().int().min(0).max(1_000_000) }).strict(),
    result: z.object({ entries: z.array(auditEntry), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), operators: z.array(z.string()) }),
  },
  'audit:verify': { request: empty, result: auditVerifyResult },
  'audit:export': {
    request: z.object({ filters: auditFilters }).strict(),
    /** CSV text (UTF-8 with BOM); the renderer saves it as a download. */
    result: z.object({ filename: z.string(), content: z.string(), rows: z.number().int() }),
  },
  'ledger:preview': {
    request: z.object({ profile: profileName, fileName: fileNameText, contentBase64: fileContent }).strict(),
    result: ledgerPreviewResult,
  },
  'ledger:import': {
    request: z
      .object({ profile: profileName, fileName: fileNameText, contentBase64: fileContent, mapping: ledgerMapping, suffixRule: suffixRule.optional(), operator: z.string().max(64).optional() })
      .strict(),
    result: ledgerImportResult,
  },
  'reconcile:run': {
    request: z.object({ profile: profileName, from: dayText.optional(), to: dayText.optional(), operator: z.string().max(64).optional() }).strict(),
    result: reconcileRunResult,
  },
  'reconcile:exceptions': {
    request: z.object({ profile: profileName.optional(), kind: exceptionKind.optional(), state: exceptionState.optional(), includeInactive: z.boolean().optional() }).strict(),
    result: z.array(reconcileException),
  },
  'reconcile:resolve': {
    request: z.object({ id: z.number().int(), resolution: z.enum(['resolved', 'accepted']), note: z.string().max(500), operator: z.string().max(64).optional() }).strict(),
    result: reconcileException,
  },
  'notifications:inspect': {
    request: z.object({ profile: profileName, text: notificationText }).strict(),
    result: z.object({ items: z.array(inspectedNotification) }),
  },
  'notifications:ingest': {
    request: z.object({ profile: profileName, text: notificationText }).strict(),
    result: z.object({
      ingested: z.number().int(),
      items: z.array(inspectedNotification),
      outcomes: z.array(z.object({ index: z.number().int(), orderNo: z.string(), outcome: z.enum(['inserted', 'updated', 'unchanged', 'skipped']), reason: z.string().optional(), reasonMsg: messageSchema.optional() })),
    }),
  },
  ...maintenanceContract,
  ...teamContract,
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
export const bridgeError = z.object({ code: z.string(), message: z.string(), errorId: z.string().optional() });
export type BridgeError = z.infer<typeof bridgeError>;
