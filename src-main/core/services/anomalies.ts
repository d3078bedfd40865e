// Implausible gateway answers waiting for a person: list them, and accept one (its money is then
// booked, at the time of the acceptance, like any console action). Accepting is audited.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { ANOMALY_TEXT, type AnomalyCode } from '../plausibility.ts';
import { type AnomalyListRow, anomalyStore } from '../store/anomalies.ts';
import { auditLog } from '../store/audit.ts';
import { type NormalizedOrder, orderStore } from '../store/orders.ts';
import { defaultOperator } from './actions.ts';
import { msg } from '../../contract/messages/render.ts';

export interface AnomalyView {
  id: number;
  profileId: number;
  profile: string;
  gateway: string;
  orderNo: string;
  atMs: number;
  codes: AnomalyCode[];
  /** zh-TW and English, one per code. */
  reasons: Array<{ code: AnomalyCode; zh: string; en: string }>;
  state: 'open' | 'accepted' | 'superseded';
  /** What the held-back answer said, in cents (the raw answer stays in raw_answers). */
  answer: { statusCode: string; amount: number | null; captured: number; refunded: number; fee: number; feeReturned: number; orderedAtMs: number | null };
  rawAnswerId: number | null;
  decidedBy: string | null;
  decidedAtMs: number | null;
  note: string;
}

export function toAnomalyView(r: AnomalyListRow): AnomalyView {
  const codes = JSON.parse(r.codes) as AnomalyCode[];
  const a = JSON.parse(r.answer) as NormalizedOrder;
  return {
    id: r.id,
    profileId: r.profile_id,
    profile: r.profile_name,
    gateway: r.gateway,
    orderNo: r.order_no,
    atMs: r.at_ms,
    codes,
    reasons: codes.map((code) => ({ code, ...(ANOMALY_TEXT[code] ?? { zh: code, en: code }) })),
    state: r.state,
    answer: { statusCode: a.statusCode, amount: a.amount, captured: a.captured, refunded: a.refunded, fee: a.fee, feeReturned: a.feeReturned, orderedAtMs: a.orderedAtMs },
    rawAnswerId: r.raw_answer_id,
    decidedBy: r.decided_by,
    decidedAtMs: r.decided_at_ms,
    note: r.note,
  };
}

export function listAnomalies(app: App, query: { state?: 'open' | 'accepted' | 'superseded' | 'all'; profileIds?: number[] } = {}): AnomalyView[] {
  const state = query.state === 'all' ? null : (query.state ?? 'open');
  return anomalyStore(app.db)
    .list(state)
    .filter((r) => !query.profileIds?.length || query.profileIds.includes(r.profile_id))
    .map(toAnomalyView);
}

export function anomaliesOfOrder(app: App, orderId: number): AnomalyView[] {
  return anomalyStore(app.db).ofOrder(orderId).map(toAnomalyView);
}

/** A person vouches for a held-back answer: it is applied as the gateway said it, and its money booked. */
export function acceptAnomaly(app: App, id: number, noteText: string, who: { operator?: string; nowMs?: number } = {}): AnomalyView {
  const note = noteText.trim();
  if (note === '') throw new InputError('say why the answer is right: accepting an implausible answer needs a note', { msg: msg('input.accept_needs_note') });
  if (note.length > 500) throw new InputError('the note is at most 500 characters', { msg: msg('input.note_too_long', { max: 500 }) });
  const operator = who.operator?.trim() || defaultOperator();
  const nowMs = who.nowMs ?? Date.now();
  const anomalies = anomalyStore(app.db);
  app.db.transaction(() => {
    const a = anomalies.get(id);
    if (!a) throw new InputError(`no held-back answer #${id}`, { msg: msg('input.no_held_answer', { id: String(id) }) });
    if (a.state !== 'open') throw new InputError(`held-back answer #${id} is already ${a.state}`, { msg: msg('input.held_answer_settled', { id: String(id), state: a.state }) });
    const answer = JSON.parse(a.answer) as NormalizedOrder;
    if (answer.inexactAmounts?.length) {
      throw new InputError(
        `held-back answer #${id} has ${answer.inexactAmounts.join(', ')} too large to hold exactly in cents, so there is no exact amount to book; ` +
          'have the gateway correct the order, and the next sync replaces this answer',
        { msg: msg('input.held_answer_inexact', { id: String(id), fields: answer.inexactAmounts.join(', ') }) },
      );
    }
    orderStore(app.db).upsert(a.profile_id, answer, { rawAnswerId: a.raw_answer_id, source: 'accept', nowMs, accepted: true });
    anomalies.markAccepted(id, operator, note, nowMs);
    auditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: 'anomaly.accept', outcome: 'info', profile: a.profile_name, gateway: a.gateway,
      orderNo: a.order_no, actionId: null, amount: answer.amount, request: JSON.stringify({ anomaly: id, codes: JSON.parse(a.codes) as string[] }),
      response: '', raw: '', note,
    });
  }).immediate();
  return toAnomalyView(anomalies.get(id)!);
}
