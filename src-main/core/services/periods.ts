// Closing and reopening periods. Closing through a day freezes every day up to it: money that changes
// later for an order of a closed day is booked on the first open day as an adjustment (money-entries.ts),
// so a closed period's figures, on screen, in the workbook and in the CLI, never change. Both are
// audited; reopening needs a reason.
import type { App } from '../app.ts';
import { InputError } from '../errors.ts';
import { auditLog } from '../store/audit.ts';
import { type PeriodEvent, periodStore } from '../store/periods.ts';
import { type TaipeiDay, addDays, parseDay, taipeiDayOf } from '../time.ts';
import { defaultOperator } from './actions.ts';
import { msg } from '../../contract/messages/render.ts';

export interface PeriodState {
  /** Last closed day, or null when nothing is closed. */
  closedThrough: TaipeiDay | null;
  events: Array<{ id: number; action: 'close' | 'reopen'; day: TaipeiDay; atMs: number; operator: string; shell: string; reason: string }>;
}

function toEvent(e: PeriodEvent): PeriodState['events'][number] {
  return { id: e.id, action: e.action, day: e.day, atMs: e.at_ms, operator: e.operator, shell: e.shell, reason: e.reason };
}

export function periodState(app: App): PeriodState {
  const store = periodStore(app.db);
  return { closedThrough: store.closedThrough(), events: store.list().map(toEvent) };
}

interface Who {
  operator?: string;
  nowMs?: number;
}

/** Closes every day through `through`. Only days that are over can close; closing is never undone silently. */
export function closePeriod(app: App, throughText: string, reasonText = '', who: Who = {}): PeriodState {
  const through = parseDay(throughText, 'through');
  const nowMs = who.nowMs ?? Date.now();
  const today = taipeiDayOf(nowMs);
  if (through >= today) throw new InputError(`${through} is not over yet (today is ${today} in Taipei): close through ${addDays(today, -1)} at the latest`, {
      msg: msg('period.not_over', { throughDay: through, todayDay: today, latestDay: addDays(today, -1) }),
    });
  const reason = reasonText.trim();
  if (reason.length > 500) throw new InputError('the reason is at most 500 characters', { msg: msg('input.reason_too_long', { max: 500 }) });
  const operator = who.operator?.trim() || defaultOperator();
  app.db.transaction(() => {
    const store = periodStore(app.db);
    const current = store.closedThrough();
    if (current !== null && through <= current) throw new InputError(`already closed through ${current}; to change an earlier day, reopen it first`, { msg: msg('period.already_closed', { currentDay: current }) });
    store.append({ action: 'close', day: through, atMs: nowMs, operator, shell: app.shell, reason });
    auditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: 'period.close', outcome: 'info', profile: null, gateway: null, orderNo: null,
      actionId: null, amount: null, request: JSON.stringify({ through, previous: current }), response: '', raw: '', note: reason,
    });
  }).immediate();
  return periodState(app);
}

/** Reopens every closed day from `from` on. Later bookings of those days go to their own day again. */
export function reopenPeriod(app: App, fromText: string, reasonText: string, who: Who = {}): PeriodState {
  const from = parseDay(fromText, 'from');
  const reason = reasonText.trim();
  if (reason === '') throw new InputError('say why: reopening a closed period needs a reason', { msg: msg('input.reopen_needs_reason') });
  if (reason.length > 500) throw new InputError('the reason is at most 500 characters', { msg: msg('input.reason_too_long', { max: 500 }) });
  const nowMs = who.nowMs ?? Date.now();
  const operator = who.operator?.trim() || defaultOperator();
  app.db.transaction(() => {
    const store = periodStore(app.db);
    const current = store.closedThrough();
    if (current === null || from > current) throw new InputError(current === null ? 'no period is closed' : `${from} is not closed (closed through ${current})`, {
      msg: current === null ? msg('period.none_closed') : msg('period.not_closed', { fromDay: from, currentDay: current }),
    });
    store.append({ action: 'reopen', day: from, atMs: nowMs, operator, shell: app.shell, reason });
    auditLog(app.db).append({
      atMs: nowMs, operator, shell: app.shell, event: 'period.reopen', outcome: 'info', profile: null, gateway: null, orderNo: null,
      actionId: null, amount: null, request: JSON.stringify({ from, previous: current }), response: '', raw: '', note: reason,
    });
  }).immediate();
  return periodState(app);
}
