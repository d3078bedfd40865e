// Reconciliation: does the gateway agree with the shop? Matches the profile's ledger rows against its
// cached gateway orders by the rules in reconcile-rules.ts and records the exceptions; resolutions
// are kept across re-runs. The cache is what is compared, so sync (or re-query) first.
import { exceptionDetailMessage } from './exception-words.ts';
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { compileSuffixRule, NO_SUFFIX } from '../ledger/suffix.ts';
import { formatCents } from '../money.ts';
import { auditLog } from '../store/audit.ts';
import { type LedgerRow, LedgerStore } from '../store/ledger.ts';
import { type CachedOrderRow, type ExceptionFinding, type ExceptionQuery, type ExceptionRecord, reconcileStore } from '../store/reconcile.ts';
import { type TaipeiDay, addDays, daysBetween, parseDay, taipeiRangeMs } from '../time.ts';
import { defaultOperator } from './actions.ts';
import { type GatewaySide, comparePair, pickCandidate, shopExpectsGatewayOrder, wasPaid } from './reconcile-rules.ts';
import { type Profile, getProfileById } from './profiles.ts';
import { msg } from '../../contract/messages/render.ts';

/** Gateway orders this many days either side of the range still match (a late-night order the
 *  shop dates by shipping day, a gateway that stamps the authorization time). */
const EDGE_DAYS = 3;

export interface ReconcileOptions {
  from?: string;
  to?: string;
  operator?: string;
  nowMs?: number;
}

export interface ReconcileResult {
  runId: number;
  profile: string;
  from: TaipeiDay;
  to: TaipeiDay;
  ledgerRows: number;
  gatewayOrders: number;
  matched: number;
  exceptions: ExceptionRecord[];
}

interface CachedOrder extends GatewaySide {
  day: string | null;
}

function toCached(r: CachedOrderRow): CachedOrder {
  return { orderNo: r.order_no, gateway: r.gateway, status: r.status, statusCode: r.status_code, amount: r.amount, orderedAtMs: r.ordered_at_ms, day: r.taipei_day };
}

function rangeOf(app: App, profile: Profile, options: ReconcileOptions): { from: TaipeiDay; to: TaipeiDay } {
  if (options.from && options.to) {
    const from = parseDay(options.from, 'from');
    const to = parseDay(options.to, 'to');
    if (daysBetween(from, to) < 0) throw new InputError(`the range ends (${to}) before it starts (${from})`, { msg: msg('input.range_backwards', { fromDay: from, toDay: to }) });
    return { from, to };
  }
  const last = new LedgerStore(app.db).lastImport(profile.id);
  if (!last) throw new InputError(`import the shop's ledger for ${profile.name} first: there is nothing to reconcile against`, { msg: msg('recon.no_ledger', { profile: profile.name }) });
  return { from: options.from ? parseDay(options.from, 'from') : last.from_day, to: options.to ? parseDay(options.to, 'to') : last.to_day };
}

function money(cents: number): string {
  return formatCents(cents, { grouped: true });
}

export function runReconciliation(app: App, profile: Profile, options: ReconcileOptions = {}): ReconcileResult {
  const { from, to } = rangeOf(app, profile, options);
  const ledger = new LedgerStore(app.db);
  const store = reconcileStore(app.db);
  const keyOf = compileSuffixRule(ledger.mapping(profile.id)?.suffixRule ?? NO_SUFFIX);
  const nowMs = options.nowMs ?? Date.now();
  const operator = options.operator?.trim() || defaultOperator();

  const window = taipeiRangeMs(addDays(from, -EDGE_DAYS), addDays(to, EDGE_DAYS));
  const windowOrders = store.cachedInWindow(profile.id, window).map(toCached);

  const byKey = new Map<string, CachedOrder[]>();
  const add = (o: CachedOrder) => {
    const key = keyOf(o.orderNo);
    const list = byKey.get(key) ?? [];
    if (!list.some((x) => x.orderNo === o.orderNo)) list.push(o);
    byKey.set(key, list);
  };
  windowOrders.forEach(add);

  const findings: ExceptionFinding[] = [];
  const consumed = new Set<string>();
  const processedRows = new Set<number>();
  const rowForKey = new Map<string, LedgerRow>();
  let matched = 0;

  const pair = (row: LedgerRow, order: CachedOrder) => {
    const found = comparePair({ orderNo: row.order_no, amount: row.amount, status: row.status, statusText: row.status_text }, order, money);
    for (const f of found) {
      findings.push({
        kind: f.kind, orderNo: row.order_no, cacheOrderNo: order.orderNo, ledgerAmount: row.amount, gatewayAmount: order.amount,
        ledgerStatus: row.status, ledgerStatusText: row.status_text, gatewayStatus: order.status, gatewayStatusCode: order.statusCode,
        day: row.taipei_day, detail: f.detail,
      });
    }
    if (found.length === 0) matched++;
  };

  const ledgerById = new Map<number, string>();
  const ledgerRows = ledger.rowsInRange(profile.id, from, to);
  for (const row of ledgerRows) {
    processedRows.add(row.id);
    ledgerById.set(row.id, row.order_no);
    const key = row.match_key;
    rowForKey.set(key, row);
    if (!byKey.has(key)) {
      // Outside the window: the order number's own index finds it (the suffix follows the key).
      for (const o of store.cachedByPrefix(profile.id, key)) {
        if (keyOf(o.order_no) === key) add(toCached(o));
      }
    }
    const candidate = pickCandidate((byKey.get(key) ?? []).filter((o) => !consumed.has(o.orderNo)));
    if (!candidate) {
      if (!shopExpectsGatewayOrder(row.status)) {
        matched++;
        continue;
      }
      const stubs = store.unconfirmedByPrefix(profile.id, key).filter((n) => keyOf(n) === key);
      findings.push({
        kind: 'missing_at_gateway', orderNo: row.order_no, cacheOrderNo: stubs[0] ?? null, ledgerAmount: row.amount, gatewayAmount: null,
        ledgerStatus: row.status, ledgerStatusText: row.status_text, gatewayStatus: null, gatewayStatusCode: null, day: row.taipei_day,
        detail: stubs.length
          ? 'the gateway has not confirmed this order yet (it is known only from the ledger or a notification): sync or re-query it'
          : `no gateway order with this number${key !== row.order_no ? ` (matched as ${key})` : ''}`,
      });
      continue;
    }
    consumed.add(candidate.orderNo);
    pair(row, candidate);
  }

  let gatewayOrders = 0;
  for (const order of windowOrders) {
    if (order.day === null || order.day < from || order.day > to) continue;
    gatewayOrders++;
    if (consumed.has(order.orderNo) || !wasPaid(order.gateway, order.statusCode)) continue;
    const key = keyOf(order.orderNo);
    // A ledger row dated outside the range can still be this order's row.
    const outside = ledger.rowsByKey(profile.id, key).find((r) => !processedRows.has(r.id));
    if (outside) {
      processedRows.add(outside.id);
      ledgerById.set(outside.id, outside.order_no);
      rowForKey.set(key, outside);
      consumed.add(order.orderNo);
      pair(outside, order);
      continue;
    }
    const taken = rowForKey.get(key);
    findings.push({
      kind: 'missing_in_ledger', orderNo: order.orderNo, cacheOrderNo: order.orderNo, ledgerAmount: null, gatewayAmount: order.amount,
      ledgerStatus: null, ledgerStatusText: null, gatewayStatus: order.status, gatewayStatusCode: order.statusCode, day: order.day,
      detail: taken
        ? `a second paid gateway order for shop order ${taken.order_no} (its ledger row matched another order): paid twice?`
        : 'paid at the gateway, but the shop has no row for it (a missed payment notification?)',
    });
  }

  const runId = app.db.transaction(() => {
    const id = store.startRun({ profileId: profile.id, from, to, nowMs, operator, shell: app.shell });
    for (const f of findings) store.record(profile.id, id, f, nowMs);
    // Orders examined outside the range (a ledger row dated elsewhere, a prefix match) are covered too.
    const examined = new Set<string>([...consumed, ...[...processedRows].map((rowId) => ledgerById.get(rowId)).filter((n): n is string => !!n)]);
    store.clearNotFound({ profileId: profile.id, runId: id, from, to, orderNos: examined, nowMs });
    store.finishRun(id, matched, findings.length);
    auditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: 'reconcile.run', outcome: 'info', profile: profile.name, gateway: profile.gateway,
      orderNo: null, actionId: null, amount: null, request: JSON.stringify({ from, to }),
      response: JSON.stringify({ matched, exceptions: findings.length }), raw: '',
      note: `reconciled ${ledgerRows.length} ledger rows: ${matched} matched, ${findings.length} exceptions`,
    });
    return id;
  }).immediate();
  return { runId, profile: profile.name, from, to, ledgerRows: ledgerRows.length, gatewayOrders, matched, exceptions: store.ofRun(profile.id, runId) };
}

export function listExceptions(app: App, query: ExceptionQuery): ExceptionRecord[] {
  return reconcileStore(app.db).list(query);
}

export function resolveException(
  app: App,
  id: number,
  resolution: 'resolved' | 'accepted',
  noteText: string,
  options: { operator?: string; nowMs?: number } = {},
): ExceptionRecord {
  const store = reconcileStore(app.db);
  const e = store.get(id);
  if (!e) throw new InputError(`no reconciliation exception #${id}`, { msg: msg('input.no_exception', { id: String(id) }) });
  const note = noteText.trim();
  if (resolution === 'resolved' && note === '') throw new InputError('say what was done: a resolution needs a note', { msg: msg('input.resolution_needs_note') });
  if (note.length > 500) throw new InputError('the note is at most 500 characters', { msg: msg('input.note_too_long', { max: 500 }) });
  const operator = options.operator?.trim() || defaultOperator();
  const nowMs = options.nowMs ?? Date.now();
  const profile = getProfileById(app, e.profile_id);
  app.db.transaction(() => {
    store.resolve(id, { state: resolution, note, operator, shell: app.shell, nowMs });
    auditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: `reconcile.${resolution}`, outcome: 'info', profile: profile.name, gateway: profile.gateway,
      orderNo: e.order_no, actionId: null, amount: e.ledger_amount ?? e.gateway_amount, request: JSON.stringify({ exception: id, kind: e.kind }),
      response: '', raw: '', note,
    });
  }).immediate();
  return store.get(id)!;
}

const STATE_TEXT: Record<ExceptionRecord['state'], string> = { open: '未處理 open', resolved: '已處理 resolved', accepted: '已接受 accepted' };

/** The export's exceptions sheet: what the latest runs still find, for the filter's profiles and days. */
export function exceptionRowsForExport(app: App, filter: { profileIds?: number[]; from?: string; to?: string }) {
  const rows = listExceptions(app, { from: filter.from, to: filter.to }).filter((e) => !filter.profileIds?.length || filter.profileIds.includes(e.profile_id));
  return rows.map((e) => ({
    kind: e.kind,
    orderNo: e.order_no,
    profile: e.profile_name,
    detail: e.detail,
    detailMsg: exceptionDetailMessage(e),
    ledgerAmount: e.ledger_amount,
    gatewayAmount: e.gateway_amount,
    status: `${STATE_TEXT[e.state]}${e.note ? `: ${e.note}` : ''}${e.resolved_by ? ` (${e.resolved_by})` : ''}`,
  }));
}

/** For exportWorkbook's `exceptions`: undefined (no sheet) when reconciliation never found any. */
export function exceptionsForExport(app: App, filter: { profileIds?: number[]; from?: string; to?: string }): ReturnType<typeof exceptionRowsForExport> | undefined {
  const rows = exceptionRowsForExport(app, filter);
  return rows.length ? rows : undefined;
}
