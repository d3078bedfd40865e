// What the console needs to know about one gateway, in one place. Services, shells, CLI and renderer
// ask the registry (registry.ts) for a gateway's adapter instead of branching on its name, so adding
// a gateway is adding an adapter (docs/ADDING-A-GATEWAY.md).
import type { App } from '../app.ts';
import type { Bilingual, Message } from '../../contract/messages/render.ts';
import type { Cents } from '../money.ts';
import type { ActionKind } from '../store/actions.ts';
import type { NormalizedOrder, OrderRow } from '../store/orders.ts';
import type { JobContext } from '../jobs.ts';
import type { TaipeiDay } from '../time.ts';
import type { FetchLike } from './http.ts';
import type { GatewayStatus, NormalizedStatus, StatusLabel } from './status.ts';

/** The profile fields an adapter reads (services/profiles.ts has the full profile). */
export interface GatewayProfile {
  id: number;
  name: string;
  gateway: string;
  tradeUrl: string;
  queryUrl: string;
  merchantId: string;
}

export type SecretName = 'hashKey' | 'hashIv';
export interface GatewaySecrets {
  hashKey: string;
  hashIv?: string;
}

/** One code of the gateway's status table, with where it lands in the normalized vocabulary. */
export interface StatusEntry extends StatusLabel {
  normalized: NormalizedStatus;
}

/**
 * The status rule sets, as data derived from the status table: every place that needs "which codes
 * hold money" or "which codes are settled" reads these lists (SQL IN lists are generated from them).
 */
export interface StatusRules {
  /** A money action (cancel/refund) may be sent. */
  allowed: readonly string[];
  /** Prove a money action happened (settles an unknown outcome by re-query). */
  happened: readonly string[];
  /** The buyer paid at some point (refunds included). */
  paid: readonly string[];
  /** The money is with the merchant right now. */
  holdsMoney: readonly string[];
  /** The gateway has settled (paid out) the order's money. */
  settled: readonly string[];
  /** Settled only once the order's Taipei day is over (a gateway that batches at day end). */
  settledAtDayEnd: boolean;
  /** Unresolved: sync asks about these again ('' = not described by the gateway yet). */
  pending: readonly string[];
  /** How far along its life an order is: a notification may move an order forward, never back. */
  rank: Readonly<Record<string, number>>;
}

export type RefusalCode =
  | 'pending'
  | 'failed'
  | 'cancelled'
  | 'refunded'
  | 'refund_pending'
  | 'cancel_pending'
  | 'not_paid'
  | 'amount_mismatch'
  | 'unknown_status'
  | 'partly_refunded'
  | 'use_cancel'
  | 'no_cancel_api'
  | 'partial_amount'
  | 'in_progress'
  | 'not_known'
  | 'query_failed'
  | 'not_confirmed'
  | 'typed_amount'
  | 'idempotency_mismatch'
  // Two-person approval (core/services/approvals.ts): refusals of the request, not of the order.
  | 'approval_required'
  | 'approval_pending'
  | 'approval_same_person'
  | 'approval_not_pending'
  | 'approval_expired';

export type ExpectedOutcome = 'void_authorization' | 'refund_captured' | 'refund_full';

export interface OrderFacts {
  gateway: string;
  statusCode: string;
  amount: Cents;
  refunded: Cents;
}

/** `reason`/`expectedText` are the English words (logs, audit notes); the messages are what shells show. */
export type Decision =
  | { allowed: true; kind: ActionKind; expected: ExpectedOutcome; expectedText: string; expectedMsg?: Message; operation: string }
  | { allowed: false; code: RefusalCode; reason: string; msg?: Message };

export function refuse(code: RefusalCode, reason: string, msg?: Message): Decision {
  return { allowed: false, code, reason, ...(msg ? { msg } : {}) };
}

/** The gateway's money action (cancel/refund request) as the action rules see it. */
export interface MoneyActionRules {
  /** Journal/audit name of the call, e.g. "flashpay:tx8". */
  operation: string;
  /** What the full-amount call does, for the "partial amounts" refusal: "cancel" or "refund". */
  verb: string;
  /** A refusal specific to this gateway, or null when the generic checks decide. */
  refusal(order: OrderFacts, kind: ActionKind): Decision | null;
  /** What the call will do on an allowed order. */
  expected(order: OrderFacts): { expected: ExpectedOutcome; expectedText: string; expectedMsg?: Message };
  /** The kind that fits an order when the operator has not chosen one. */
  naturalKind(statusCode: string): ActionKind;
  /** The gateway's own "OK" code for a money answer, kept in the journal. */
  okCode: string;
  /** The request kept in the journal and audit log before sending (no secrets, no signature). */
  requestSummary(profile: GatewayProfile, order: OrderRow, amount: Cents, reason: string): string;
  /**
   * A success code alone does not prove the money moved: the answer must also show a status of
   * `rules.happened` (First Bank: 0000 and TransStatus 3 or 4), else the outcome is unclear.
   */
  successNeedsHappenedStatus: boolean;
}

export interface ClientOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** What the gateway said to a money call, ready for the journal and the audit log (no secrets). */
export interface MoneyAnswer {
  statusAfter: string;
  request: string;
  response: string;
  raw: string;
  rawAnswerId: number;
}

export type MoneySender = (order: OrderRow, amount: Cents, reason: string) => Promise<MoneyAnswer>;

export interface RefreshMeta {
  nowMs: () => number;
  note?: string;
  /** BEGIN IMMEDIATE (actions, which decide under the order's lock) rather than a deferred transaction. */
  immediate?: boolean;
  /** The error to throw when the gateway cannot be asked about this order. */
  notQueryable: (message: string, msg?: Message) => Error;
}

export interface RefreshResult {
  rawAnswerId: number;
  outcome: 'inserted' | 'updated' | 'unchanged';
}

/** Everything one sync run of one profile works with (services/sync.ts builds it). */
export interface SyncRun {
  app: App;
  profile: GatewayProfile;
  from: TaipeiDay;
  to: TaipeiDay;
  resumed: boolean;
  runId: number;
  runStartedAtMs: number;
  concurrency?: number;
  ctx: JobContext;
  now: () => number;
  counts: { inserted: number; updated: number; unchanged: number };
  /** Single-order queries made. */
  queried: () => void;
  notice: (code: 'no_known_orders') => void;
  /** Records an error of one chunk or order and lets the run go on (a non-ReconError is rethrown). */
  /** `where` names the chunk or order as a message (sync.where_chunk / sync.where_order) for the user's language. */
  fail: (what: string, err: unknown, where?: Message) => void;
  errorCount: () => number;
  firstError: () => string | null;
}

/** A gateway client bound to one profile and its secrets. */
export interface GatewayConnection {
  /** Re-query one order and store the answer like a sync would; the one "refresh an order". */
  refreshOrder(orderNo: string, meta: RefreshMeta): Promise<RefreshResult>;
  /** Makes the cache agree with the gateway for the run's days. */
  sync(run: SyncRun): Promise<void>;
  /** The money call, ready to send (everything that can fail before sending has happened). */
  moneySender(now: () => number): MoneySender;
  /** A harmless read that proves the URL, merchant id and keys work. */
  /** `msg`: the verdict as a catalogue message (shown in the user's language); `message` its English text. */
  testConnection(): Promise<{ ok: boolean; message: string; msg?: Message }>;
}

export interface VerifiedNotification {
  order: NormalizedOrder;
  decoded: {
    orderNo: string;
    gatewayOrderNo: string | null;
    status: string;
    statusCode: string;
    amount: number | null;
    orderedAt: string | null;
    paid: boolean;
    fields: Record<string, string>;
  };
  warnings: string[];
  /** Each warning as a catalogue message (same index), for the user's language. */
  warningMessages?: Message[];
}

/** A field of the profile form, as the renderer and CLI show it. */
export interface ProfileFieldSpec {
  field: 'tradeUrl' | 'queryUrl' | 'merchantId' | 'hashKey' | 'hashIv' | 'feeRate' | 'feeFixed';
  label: StatusLabel;
  /** An example value, shown in the empty field. */
  placeholder?: string;
}

export interface GatewayAdapter {
  /** The stored name (profiles.gateway, orders.gateway). */
  name: string;
  /** Display name in both languages, e.g. FlashPay / 第一銀行. */
  label: StatusLabel;
  /** The product's full name, for the profile form and the action dialog. */
  title: StatusLabel;
  /** Where a person finishes what the API cannot do (English, for logs and audit notes). */
  backOffice: string;
  /** The same place named in both languages, for messages. */
  backOfficeLabel: StatusLabel;
  /** How the payout (撥款) day of an order is worked out, since no gateway reports a settlement time. */
  payoutRule: StatusLabel;
  /** Prefix naming the status code in messages, e.g. "TransStatus ". */
  statusCodeName: string;
  /** The gateway's own name of its status field, e.g. "order_status". */
  statusField: string;
  statuses: Readonly<Record<string, StatusEntry>>;
  rules: StatusRules;
  money: MoneyActionRules;
  /** Secrets a profile needs in the keychain. */
  secrets: readonly SecretName[];
  /** Fields the profile form shows for this gateway (the query URL only where it differs). */
  profileFields: readonly ProfileFieldSpec[];
  capabilities: {
    cancel: boolean;
    refund: boolean;
    /** The gateway lists orders by date; without it only known orders can be synced. */
    rangeQuery: boolean;
    /** Ledger rows carry the gateway's reference and pay type, which make an order queryable. */
    ledgerRefs: boolean;
    /** The gateway reports no fee: the profile's fee schedule applies. */
    feeSchedule: boolean;
  };
  /** Ledger text that names this gateway (lower case). */
  ledgerAliases: readonly string[];
  /** Throws an InputError saying what is wrong with one of `secrets` (undefined: not given). */
  validateSecret(name: SecretName, value: string | undefined): void;
  /** The chunks a new sync run of these days is split into (one chunk without a range query). */
  syncChunks(from: TaipeiDay, to: TaipeiDay): Array<{ from: TaipeiDay; to: TaipeiDay }>;
  connect(app: App, profile: GatewayProfile, secrets: GatewaySecrets, options: ClientOptions): GatewayConnection;
  /** Does this pasted body look like one of this gateway's notifications? */
  detectNotification(body: string): boolean;
  /** Verifies and reads a notification for this profile; throws a ReconError when it is not good. */
  verifyNotification(body: string, secrets: GatewaySecrets, profile: GatewayProfile): VerifiedNotification;
  /** Sample shape for the inspector's "neither ... nor ..." message. */
  notificationShape: string;
}

/** A status code described from an adapter's table; an unknown code lands on 'pending', claiming nothing. */
export function statusOf(adapter: Pick<GatewayAdapter, 'statuses'>, code: string): GatewayStatus {
  const trimmed = code.trim();
  const entry = Object.hasOwn(adapter.statuses, trimmed) ? adapter.statuses[trimmed] : undefined;
  if (entry) return { code: trimmed, known: true, ...entry };
  return { code: trimmed, known: false, zh: `未知狀態(${trimmed})`, en: `Unknown status ${trimmed}`, normalized: 'pending' };
}

/** A label as a message parameter (the catalogue's languages are zh-TW and en). */
export function labelParam(label: StatusLabel): Bilingual {
  return { 'zh-TW': label.zh, en: label.en };
}

/** A status code with the gateway's own name for it in both languages ("12 訂單取消" / "12 Cancelled"). */
export function statusParamOf(adapter: Pick<GatewayAdapter, 'statuses'>, code: string): Bilingual {
  const s = statusOf(adapter, code);
  return { 'zh-TW': `${s.code} ${s.zh}`.trim(), en: `${s.code} ${s.en}`.trim() };
}
