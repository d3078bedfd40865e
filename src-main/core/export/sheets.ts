// What each sheet holds: the columns of the summary (daily settlement), orders, fees and exceptions
// sheets. Headers are Traditional Chinese over English; every value from a gateway, a merchant or a
// ledger passes guardText.
import type ExcelJS from 'exceljs';
import type { Lang } from '../../contract/messages/catalogue.ts';
import { type Message, textOf } from '../../contract/messages/render.ts';
import { gatewayAdapter, gatewayAdapters, gatewayStatus } from '../gateways/registry.ts';
import type { GatewayName, GatewayStatus } from '../gateways/status.ts';
import type { Cents } from '../money.ts';
import type { ExceptionKind } from '../../contract/vocabulary.ts';
import { formatCents } from '../money.ts';
import type { OrderFacts } from '../services/order-facts.ts';
import type { AdjustmentEntry, SettlementRow } from '../services/settlement.ts';
import {
  DATE_FORMAT,
  DATETIME_FORMAT,
  INT_FORMAT,
  MONEY_FORMAT,
  NET_FORMAT,
  TEXT_FORMAT,
  dayExcelDate,
  guardText,
  moneyCell,
  taipeiExcelDate,
} from './cells.ts';
import { type Column, columnLetter } from './table.ts';

/** A gateway's name in the workbook: Chinese over English where they differ ("第一銀行 First Bank"). */
export function gatewayLabelText(gateway: GatewayName): string {
  const { zh, en } = gatewayAdapter(gateway).label;
  return zh === en ? en : `${zh} ${en}`;
}

const gatewayLabelTexts = (): string[] => gatewayAdapters().map((a) => gatewayLabelText(a.name));

export function gatewayStatusOf(gateway: GatewayName, code: string): GatewayStatus {
  return gatewayStatus(gateway, code);
}

const statusTexts = () => gatewayAdapters().flatMap((a) => Object.values(a.statuses));
const SETTLED_TEXT = { yes: '是 Yes', no: '否 No' };
const FEE_SOURCE_TEXT = { gateway: '金流回報 Gateway', schedule: '費率表 Schedule' };

/** Longest values of the variable-width text columns, measured before a streamed sheet starts. */
export interface OrderWidths {
  profiles: string[];
  orderNo: number;
  gatewayOrderNo: number;
  authCode: number;
  card: number;
  payType: number;
}

function text(value: string | null | undefined): string | null {
  return value === null || value === undefined || value === '' ? null : guardText(value);
}

function chars(n: number): string[] {
  return ['x'.repeat(Math.min(n, 58))];
}

export function orderColumns(w: OrderWidths): Column<OrderFacts>[] {
  return [
    { key: 'profile', header: '設定檔\nProfile', fit: w.profiles, value: (o) => text(o.profile_name) },
    { key: 'gateway', header: '金流\nGateway', fit: gatewayLabelTexts(), value: (o) => gatewayLabelText(o.gateway) },
    { key: 'orderNo', header: '訂單編號\nOrder no', numFmt: TEXT_FORMAT, fit: chars(w.orderNo + 1), value: (o) => text(o.order_no) },
    { key: 'gatewayOrderNo', header: '金流交易編號\nGateway ref', numFmt: TEXT_FORMAT, fit: chars(w.gatewayOrderNo + 1), value: (o) => text(o.gateway_order_no) },
    {
      key: 'orderedAt', center: true,
      header: '交易時間（台北）\nOrdered at (Taipei)',
      numFmt: DATETIME_FORMAT,
      fit: ['2024-04-01 00:30:00'],
      value: (o) => (o.ordered_at_ms === null ? null : taipeiExcelDate(o.ordered_at_ms)),
    },
    { key: 'day', center: true, header: '台北日期\nTaipei day', numFmt: DATE_FORMAT, fit: ['2024-04-01'], value: (o) => (o.taipei_day ? dayExcelDate(o.taipei_day) : null) },
    { key: 'statusCode', center: true, header: '狀態代碼\nCode', numFmt: TEXT_FORMAT, value: (o) => text(o.status_code) },
    { key: 'statusZh', header: '金流狀態（中文）\nStatus (zh-TW)', fit: statusTexts().map((s) => s.zh), value: (o) => guardText(gatewayStatusOf(o.gateway, o.status_code).zh) },
    { key: 'statusEn', header: '金流狀態（英文）\nStatus (English)', fit: statusTexts().map((s) => s.en), value: (o) => guardText(gatewayStatusOf(o.gateway, o.status_code).en) },
    { key: 'status', header: '標準化狀態\nNormalized', fit: ['refund_pending'], value: (o) => o.status },
    { key: 'amount', header: '訂單金額\nAmount', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (o) => moneyCell(o.amount) },
    { key: 'captured', header: '請款\nCaptured', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (o) => moneyCell(o.captured) },
    { key: 'refunded', header: '退貨\nRefunded', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (o) => moneyCell(o.refunded) },
    { key: 'fee', header: '手續費\nFee', numFmt: MONEY_FORMAT, fit: ['99,999.00'], value: (o) => moneyCell(o.eff_fee) },
    { key: 'feeSource', center: true, header: '手續費依據\nFee basis', fit: Object.values(FEE_SOURCE_TEXT), value: (o) => FEE_SOURCE_TEXT[o.fee_source] },
    { key: 'feeReturned', header: '退還手續費\nFee returned', numFmt: MONEY_FORMAT, fit: ['99,999.00'], value: (o) => moneyCell(o.fee_returned) },
    {
      key: 'net',
      header: '淨額\nNet',
      numFmt: NET_FORMAT,
      fit: ['-9,999,999.00'],
      value: (o) => moneyCell(o.captured - o.refunded - o.eff_fee + o.fee_returned),
    },
    { key: 'settled', header: '已清算\nSettled', fit: Object.values(SETTLED_TEXT), center: true, value: (o) => (o.is_settled ? SETTLED_TEXT.yes : SETTLED_TEXT.no) },
    { key: 'authCode', header: '授權碼\nAuth code', numFmt: TEXT_FORMAT, fit: chars(w.authCode), value: (o) => text(o.auth_code) },
    { key: 'card', header: '卡號\nCard', numFmt: TEXT_FORMAT, fit: chars(w.card), value: (o) => text(o.card_masked) },
    { key: 'payType', header: '付款方式\nPay type', fit: chars(w.payType), value: (o) => text(o.pay_type) },
    { key: 'installments', header: '分期\nInstallments', numFmt: INT_FORMAT, value: (o) => o.installments },
  ];
}

function formulaCell(formula: string, cents: Cents): ExcelJS.CellFormulaValue {
  return { formula, result: moneyCell(cents) };
}

/** Daily settlement rows; net and not-yet-settled are formulas over the row, with cached results. */
export function summaryColumns(profiles: string[]): Column<SettlementRow>[] {
  const cols: Column<SettlementRow>[] = [
    { key: 'day', center: true, header: '日期\nDay', numFmt: DATE_FORMAT, fit: ['2024-04-01', '合計 Total'], value: (r) => dayExcelDate(r.day) },
    { key: 'profile', header: '設定檔\nProfile', fit: profiles, value: (r) => text(r.profileName) },
    { key: 'gateway', header: '金流\nGateway', fit: gatewayLabelTexts(), value: (r) => gatewayLabelText(r.gateway) },
    { key: 'orders', header: '訂單數\nOrders', numFmt: INT_FORMAT, value: (r) => r.orders },
    { key: 'gross', header: '授權總額\nGross authorized', numFmt: MONEY_FORMAT, fit: ['99,999,999.00'], value: (r) => moneyCell(r.gross) },
    { key: 'captured', header: '請款\nCaptured', numFmt: MONEY_FORMAT, fit: ['99,999,999.00'], value: (r) => moneyCell(r.captured) },
    { key: 'refunded', header: '退貨\nRefunded', numFmt: MONEY_FORMAT, fit: ['99,999,999.00'], value: (r) => moneyCell(r.refunded) },
    { key: 'fees', header: '手續費\nFees', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => moneyCell(r.fees) },
    { key: 'feesReturned', header: '退還手續費\nFees returned', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => moneyCell(r.feesReturned) },
    { key: 'net', header: '淨額\nNet settlement', numFmt: NET_FORMAT, fit: ['-99,999,999.00'], value: (r, n) => formulaCell(`F${n}-G${n}-H${n}+I${n}`, r.net) },
    { key: 'settled', header: '已清算\nSettled', numFmt: NET_FORMAT, fit: ['-99,999,999.00'], value: (r) => moneyCell(r.settled) },
    { key: 'unsettled', header: '未清算\nNot yet settled', numFmt: NET_FORMAT, fit: ['-99,999,999.00'], value: (r, n) => formulaCell(`J${n}-K${n}`, r.unsettled) },
  ];
  // The formulas above name columns by letter: keep them honest if the columns ever move.
  const at = (key: string) => columnLetter(cols.findIndex((c) => c.key === key) + 1);
  if (at('captured') !== 'F' || at('refunded') !== 'G' || at('fees') !== 'H' || at('feesReturned') !== 'I' || at('net') !== 'J' || at('settled') !== 'K') {
    throw new Error('summary columns moved: update the row formulas');
  }
  return cols;
}

export function feeBasis(r: Pick<SettlementRow, 'fees' | 'scheduleFees' | 'feeRatePpm' | 'feeFixedCents'>): string {
  const schedule = `費率表 Schedule ${((r.feeRatePpm ?? 0) / 10_000).toFixed(4).replace(/0{1,2}$/, '')}% + ${formatCents(r.feeFixedCents ?? 0)}`;
  if (r.scheduleFees === 0) return FEE_SOURCE_TEXT.gateway;
  return r.scheduleFees === r.fees ? schedule : `${FEE_SOURCE_TEXT.gateway} + ${schedule}`;
}

/** Fees per day and profile: what was charged, on what basis, what came back. */
export function feeColumns(profiles: string[], rows: SettlementRow[]): Column<SettlementRow>[] {
  return [
    { key: 'day', center: true, header: '日期\nDay', numFmt: DATE_FORMAT, fit: ['2024-04-01', '合計 Total'], value: (r) => dayExcelDate(r.day) },
    { key: 'profile', header: '設定檔\nProfile', fit: profiles, value: (r) => text(r.profileName) },
    { key: 'gateway', header: '金流\nGateway', fit: gatewayLabelTexts(), value: (r) => gatewayLabelText(r.gateway) },
    { key: 'basis', header: '手續費依據\nFee basis', fit: [FEE_SOURCE_TEXT.gateway, ...rows.map(feeBasis)], value: (r) => feeBasis(r) },
    { key: 'capturedOrders', header: '請款筆數\nCaptured orders', numFmt: INT_FORMAT, value: (r) => r.capturedOrders },
    { key: 'captured', header: '請款金額\nCaptured', numFmt: MONEY_FORMAT, fit: ['99,999,999.00'], value: (r) => moneyCell(r.captured) },
    { key: 'fees', header: '手續費\nFees', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => moneyCell(r.fees) },
    { key: 'scheduleFees', header: '其中依費率表\nOf which by schedule', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => moneyCell(r.scheduleFees) },
    { key: 'feesReturned', header: '退還手續費\nFees returned', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => moneyCell(r.feesReturned) },
    { key: 'netFees', header: '淨手續費\nNet fees', numFmt: NET_FORMAT, fit: ['9,999,999.00'], value: (r, n) => formulaCell(`G${n}-I${n}`, r.fees - r.feesReturned) },
  ];
}

const ENTRY_KIND_TEXT: Record<string, string> = {
  order: '訂單 Order',
  gross: '授權 Authorized',
  capture: '請款 Capture',
  refund: '退貨 Refund',
  fee: '手續費 Fee',
  fee_return: '退還手續費 Fee returned',
  settle: '清算 Settled',
};

/** Changes that belonged to a closed day, booked on the first open day: which order, what, and why. */
export function adjustmentColumns(rows: AdjustmentEntry[]): Column<AdjustmentEntry>[] {
  return [
    { key: 'bookedDay', center: true, header: '入帳日\nBooked on', numFmt: DATE_FORMAT, fit: ['2024-04-01'], value: (r) => dayExcelDate(r.bookedDay) },
    { key: 'eventDay', center: true, header: '發生日（已結帳）\nHappened on (closed)', numFmt: DATE_FORMAT, fit: ['2024-04-01'], value: (r) => dayExcelDate(r.eventDay) },
    { key: 'profile', header: '設定檔\nProfile', fit: rows.map((r) => r.profileName), value: (r) => text(r.profileName) },
    { key: 'orderNo', header: '訂單編號\nOrder no', numFmt: TEXT_FORMAT, fit: rows.map((r) => r.orderNo), value: (r) => text(r.orderNo) },
    { key: 'kind', header: '項目\nWhat', fit: Object.values(ENTRY_KIND_TEXT), value: (r) => ENTRY_KIND_TEXT[r.kind] ?? r.kind },
    { key: 'amount', header: '金額\nAmount', numFmt: NET_FORMAT, fit: ['-9,999,999.00'], value: (r) => (r.kind === 'order' ? r.amount : moneyCell(r.amount)) },
    {
      key: 'why', header: '原因\nWhy', fit: ['已結帳期間的變動，由 report 帶入 · change to a closed day, seen by report'],
      value: (r) => guardText(`已結帳期間的變動，由 ${r.source} 帶入 · change to a closed day, seen by ${r.source}`),
    },
  ];
}

/** A reconciliation exception, as the (future) reconcile service reports it. */
export interface ExceptionRow {
  kind: string;
  orderNo: string;
  profile: string;
  detail: string;
  /** The detail as a catalogue message, written in the workbook's language when one is chosen. */
  detailMsg?: Message;
  ledgerAmount: Cents | null;
  gatewayAmount: Cents | null;
  status: string;
}

const EXCEPTION_KINDS: Record<ExceptionKind, string> = {
  missing_at_gateway: '金流無此筆 Missing at gateway',
  missing_in_ledger: '商店帳無此筆 Missing in ledger',
  amount_mismatch: '金額不符 Amount mismatch',
  status_mismatch: '狀態不符 Status mismatch',
};

export function exceptionColumns(rows: ExceptionRow[], lang?: Lang): Column<ExceptionRow>[] {
  const detailOf = (r: ExceptionRow) => (lang ? textOf(r.detailMsg, r.detail, lang) : r.detail);
  // Labels are written "中文 English": a chosen language keeps its words.
  const words = (label: string) => (lang === 'zh-TW' ? label.split(' ')[0]! : lang === 'en' ? label.split(' ').slice(1).join(' ') || label : label);
  return [
    { key: 'kind', header: '類型\nKind', fit: [...Object.values(EXCEPTION_KINDS), ...rows.map((r) => r.kind)], value: (r) => guardText(words(EXCEPTION_KINDS[r.kind as ExceptionKind] ?? r.kind)) },
    { key: 'orderNo', header: '訂單編號\nOrder no', numFmt: TEXT_FORMAT, fit: rows.map((r) => r.orderNo), value: (r) => text(r.orderNo) },
    { key: 'profile', header: '設定檔\nProfile', fit: rows.map((r) => r.profile), value: (r) => text(r.profile) },
    { key: 'detail', header: '說明\nDetail', fit: rows.map(detailOf), value: (r) => text(detailOf(r)) },
    { key: 'ledgerAmount', header: '商店帳金額\nLedger amount', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => (r.ledgerAmount === null ? null : moneyCell(r.ledgerAmount)) },
    { key: 'gatewayAmount', header: '金流金額\nGateway amount', numFmt: MONEY_FORMAT, fit: ['9,999,999.00'], value: (r) => (r.gatewayAmount === null ? null : moneyCell(r.gatewayAmount)) },
    {
      key: 'difference',
      header: '差額\nDifference',
      numFmt: NET_FORMAT,
      fit: ['-9,999,999.00'],
      value: (r, n) => (r.ledgerAmount === null || r.gatewayAmount === null ? null : formulaCell(`E${n}-F${n}`, r.ledgerAmount - r.gatewayAmount)),
    },
    { key: 'status', header: '狀態\nStatus', fit: rows.map((r) => r.status), value: (r) => text(r.status) },
  ];
}
