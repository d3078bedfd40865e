// The audit log as the shells see it: pages of entries (amounts as decimal text, Taipei times),
// chain verification, and a CSV export that spreadsheet programs cannot turn into formulas.
import type { App } from '../app.ts';
import { formatCents } from '../money.ts';
import { type AuditFilters, AuditLog, type AuditRow, type AuditVerdict } from '../store/audit.ts';
import { formatTaipei, taipeiDayOf } from '../time.ts';

export interface AuditEntry {
  seq: number;
  atMs: number;
  at: string;
  operator: string;
  shell: string;
  event: string;
  outcome: AuditRow['outcome'];
  profile: string | null;
  gateway: string | null;
  orderNo: string | null;
  actionId: number | null;
  amount: string | null;
  request: string;
  response: string;
  raw: string;
  note: string;
  hash: string;
}

export const AUDIT_PAGE_SIZE = 50;

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    atMs: r.at_ms,
    at: formatTaipei(r.at_ms),
    operator: r.operator,
    shell: r.shell,
    event: r.event,
    outcome: r.outcome,
    profile: r.profile,
    gateway: r.gateway,
    orderNo: r.order_no,
    actionId: r.action_id,
    amount: r.amount === null ? null : formatCents(r.amount),
    request: r.request,
    response: r.response,
    raw: r.raw,
    note: r.note,
    hash: r.hash,
  };
}

export function listAudit(app: App, filters: AuditFilters, page: number, pageSize = AUDIT_PAGE_SIZE): { entries: AuditEntry[]; total: number; page: number; pageSize: number; operators: string[] } {
  const log = new AuditLog(app.db);
  const { rows, total } = log.list(filters, page, pageSize);
  return { entries: rows.map(toEntry), total, page, pageSize, operators: log.operators() };
}

export function verifyAudit(app: App): AuditVerdict {
  return new AuditLog(app.db).verify();
}

/** A cell that starts like a formula (= + - @, tab, CR) is prefixed with ' so Excel shows it as text. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_HEADER = ['seq', 'time_taipei', 'operator', 'shell', 'event', 'outcome', 'profile', 'gateway', 'order_no', 'action_id', 'amount', 'request', 'response', 'note', 'prev_hash', 'hash'];

/** UTF-8 with a BOM so Excel reads the Chinese text; oldest first, the chain's own order. */
export function exportAuditCsv(app: App, filters: AuditFilters): { filename: string; content: string; rows: number } {
  const lines = [CSV_HEADER.join(',')];
  let rows = 0;
  for (const r of new AuditLog(app.db).iterate(filters)) {
    rows++;
    lines.push(
      [r.seq, formatTaipei(r.at_ms), r.operator, r.shell, r.event, r.outcome, r.profile, r.gateway, r.order_no, r.action_id, r.amount === null ? null : formatCents(r.amount), r.request, r.response, r.note, r.prev_hash, r.hash]
        .map(csvCell)
        .join(','),
    );
  }
  const day = taipeiDayOf(Date.now());
  return { filename: `audit-${filters.from ?? 'start'}_${filters.to ?? day}.csv`, content: `\uFEFF${lines.join('\r\n')}\r\n`, rows };
}
