// What a money action's state means to a person: the outcome message, the advice while an outcome is
// unknown, the in-progress refusal, and the outcome shape the shells and the CLI show.
import type { ActionOutcomeResult } from '../../contract/channels.ts';
import { formatCents } from '../money.ts';
import type { ActionRow } from '../store/actions.ts';
import { formatTaipei } from '../time.ts';
import { gatewayAdapter } from '../gateways/registry.ts';
import { labelParam, statusParamOf } from '../gateways/adapter.ts';
import { type Message, msg } from '../../contract/messages/render.ts';

/** The contract's shape, word for word: what every shell and the CLI show of an action. */
export type ActionOutcome = ActionOutcomeResult;

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

export function what(row: ActionRow): string {
  return `${row.kind} of ${row.order_no} (${formatCents(row.amount)})`;
}

/** What a person should check while an outcome is unknown, and the two ways to settle it. */
export function unknownAdvice(row: ActionRow, nowMs = Date.now()): string {
  const since = row.unknown_at_ms ?? row.sent_at_ms ?? row.created_at_ms;
  return (
    `the outcome is UNKNOWN since ${formatTaipei(since)} Taipei (${duration(nowMs - since)})${row.error ? `: ${row.error}` : ''}. ` +
    `Nothing more can be sent on this order until it is settled. Check order ${row.order_no} in ${gatewayAdapter(row.gateway).backOffice}: ` +
    `if the ${row.kind} of ${formatCents(row.amount)} is there, run \`recon resolve\` (it records it once the gateway's status shows it); ` +
    `if it is not, run \`recon resolve --action ${row.id} --not-applied --reason "..."\`. Do not send it again.`
  );
}

function outcomeMessage(row: ActionRow): string {
  switch (row.state) {
    case 'SUCCEEDED':
      return `${what(row)} done: the order is now ${row.status_after ?? '?'}${row.resolution === 'requery' ? ' (the answer was lost; confirmed by re-querying the order)' : ''}.`;
    case 'FAILED':
      if (row.resolution === 'never-sent') return `${what(row)} was never sent (its process stopped first); nothing happened at the gateway.`;
      if (row.resolution === 'refused') return `${what(row)} was refused before sending: ${row.error ?? ''}`.trim();
      if (row.resolution === 'person') return `${what(row)} was marked not applied by a person after checking the back-office: ${row.error ?? ''}`.trim();
      return `${what(row)} refused by the gateway: ${row.gateway_code ?? ''} ${row.gateway_message ?? ''}`.trim();
    case 'UNKNOWN':
      return `${what(row)}: ${unknownAdvice(row)}`;
    default:
      return `${what(row)} is in progress (${row.state} since ${formatTaipei(row.updated_at_ms)} Taipei, by ${row.operator}).`;
  }
}

/** The same outcome as a catalogue message, for the user's language. */
function outcomeMsg(row: ActionRow): Message {
  const what = msg('action.what', { kind: row.kind, orderNo: row.order_no, amountCents: row.amount });
  const status = (code: string | null) => (code ? statusParamOf(gatewayAdapter(row.gateway), code) : '?');
  switch (row.state) {
    case 'SUCCEEDED':
      return msg('action.succeeded', { what, status: status(row.status_after), requery: row.resolution === 'requery' ? 'yes' : 'no' });
    case 'FAILED':
      if (row.resolution === 'never-sent') return msg('action.never_sent', { what });
      if (row.resolution === 'refused') return msg('action.refused_before_sending', { what, reason: row.error ?? '' });
      if (row.resolution === 'person') return msg('action.marked_not_applied', { what, reason: row.error ?? '' });
      return msg('action.gateway_refused', { what, code: row.gateway_code ?? '', text: row.gateway_message ?? '' });
    case 'UNKNOWN': {
      const since = row.unknown_at_ms ?? row.sent_at_ms ?? row.created_at_ms;
      const backOffice = labelParam(gatewayAdapter(row.gateway).backOfficeLabel);
      return msg('action.unknown', { what, sinceMs: since, orderNo: row.order_no, backOffice });
    }
    default:
      return msg('action.in_progress', { what, state: row.state, operator: row.operator, sinceMs: row.updated_at_ms });
  }
}

export function toOutcome(row: ActionRow): ActionOutcome {
  return {
    actionId: row.id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    kind: row.kind,
    gateway: row.gateway,
    profile: row.profile_name,
    orderNo: row.order_no,
    amountCents: row.amount,
    operator: row.operator,
    statusBefore: row.status_before,
    statusAfter: row.status_after,
    gatewayCode: row.gateway_code,
    gatewayMessage: row.gateway_message,
    resolution: row.resolution,
    requeries: row.requeries,
    sentAtMs: row.sent_at_ms,
    unknownSinceMs: row.state === 'UNKNOWN' ? (row.unknown_at_ms ?? row.sent_at_ms) : null,
    message: outcomeMessage(row),
    msg: outcomeMsg(row),
  };
}

/** The in-progress refusal every other attempt gets while an action on the order is open. */
export function inProgressReason(open: ActionRow, nowMs = Date.now()): string {
  const since = open.state === 'UNKNOWN' ? (open.unknown_at_ms ?? open.created_at_ms) : open.created_at_ms;
  const base = `an action on this order is in progress (by ${open.operator} since ${formatTaipei(since)} Taipei): #${open.id} ${open.kind}, ${open.state}`;
  return open.state === 'UNKNOWN' ? `${base}; ${unknownAdvice(open, nowMs)}` : `${base}; wait for it to finish`;
}

