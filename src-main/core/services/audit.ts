// The audit log as the shells see it: pages of entries (amounts as decimal text, Taipei times),
// chain verification, and a CSV export that spreadsheet programs cannot turn into formulas.
import type { App } from '../app.ts';
import { formatCents } from '../money.ts';
import { type AuditFilters, type AuditLog, type AuditProblem, auditLog, type AuditRow, type AuditVerdict } from '../store/audit.ts';
import { actionStore, journalDigest } from '../store/actions.ts';
import { flushAuditHead, readAuditHead, readAuditKey } from '../audit-anchor.ts';
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
  const log = auditLog(app.db);
  const { rows, total } = log.list(filters, page, pageSize);
  return { entries: rows.map(toEntry), total, page, pageSize, operators: log.operators() };
}

/**
 * Checks the chain, every entry's MAC under the keychain's audit key, the newest entry against the
 * keychain's head, and every money-action row against the digest its newest audit entry recorded.
 */
export async function verifyAudit(app: App): Promise<AuditVerdict> {
  await flushAuditHead(app);
  const [key, head] = await Promise.all([readAuditKey(app), readAuditHead(app)]);
  const log = auditLog(app.db);
  const verdict = log.verify({ key, head });
  const problems = [...verdict.problems, ...journalProblems(app, log)];
  const first = problems[0];
  return { ...verdict, ok: problems.length === 0, problems, ...(first ? { firstBad: { seq: first.seq, reason: first.message } } : {}) };
}

function journalProblems(app: App, log: AuditLog): AuditProblem[] {
  const out: AuditProblem[] = [];
  const latest = new Map(log.latestJournals().map((j) => [j.actionId, j]));
  // Actions from before migration 5 have entries without a digest; an action no entry mentions at
  // all never went through the console.
  const audited = log.auditedActionIds();
  for (const row of actionStore(app.db).all()) {
    const j = latest.get(row.id);
    if (!j) {
      if (!audited.has(row.id)) {
        out.push({ code: 'journal_unaudited', seq: 0, message: `action #${row.id} in the journal has no audit entry (written behind the console's back)`, params: { seq: 0, actionId: row.id } });
      }
      continue;
    }
    latest.delete(row.id);
    if (j.journal !== journalDigest(row)) {
      out.push({
        code: 'journal_changed',
        seq: j.seq,
        message: `action #${row.id} in the journal was changed after entry ${j.seq} recorded it (now ${row.state}${row.resolution ? `, ${row.resolution}` : ''})`,
        params: { seq: j.seq, actionId: row.id },
      });
    }
  }
  for (const j of latest.values()) {
    out.push({ code: 'journal_missing', seq: j.seq, message: `action #${j.actionId}, recorded by entry ${j.seq}, is missing from the journal (deleted)`, params: { seq: j.seq, actionId: j.actionId } });
  }
  return out;
}

/** A cell that starts like a formula (= + - @, tab, CR) is prefixed with ' so Excel shows it as text. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// mac: the entry's seal under this install's audit key, so an export carries the chain's head with it.
const CSV_HEADER = ['seq', 'time_taipei', 'operator', 'shell', 'event', 'outcome', 'profile', 'gateway', 'order_no', 'action_id', 'amount', 'request', 'response', 'note', 'prev_hash', 'hash', 'mac'];

/** UTF-8 with a BOM so Excel reads the Chinese text; oldest first, the chain's own order. */
export function exportAuditCsv(app: App, filters: AuditFilters): { filename: string; content: string; rows: number } {
  const lines = [CSV_HEADER.join(',')];
  let rows = 0;
  for (const r of auditLog(app.db).iterate(filters)) {
    rows++;
    lines.push(
      [r.seq, formatTaipei(r.at_ms), r.operator, r.shell, r.event, r.outcome, r.profile, r.gateway, r.order_no, r.action_id, r.amount === null ? null : formatCents(r.amount), r.request, r.response, r.note, r.prev_hash, r.hash, r.mac]
        .map(csvCell)
        .join(','),
    );
  }
  const day = taipeiDayOf(Date.now());
  return { filename: `audit-${filters.from ?? 'start'}_${filters.to ?? day}.csv`, content: `\uFEFF${lines.join('\r\n')}\r\n`, rows };
}
