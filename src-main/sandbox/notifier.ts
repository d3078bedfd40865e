// Server-to-merchant notifications (FlashPay return_url, First Bank async notification) with the
// documented retry rule: on any answer but the expected one, try again every 30 sandbox minutes, at
// most four more times. Retries fire when the sandbox clock is advanced past their due time.
import type { FaultPlan } from './faults.ts';
import { MINUTE_MS } from './clock.ts';

export const NOTIFY_RETRY_EVERY_MS = 30 * MINUTE_MS;
export const NOTIFY_MAX_RETRIES = 4;
export const NOTIFY_TIMEOUT_MS = 5_000;

export interface NotificationAttempt {
  atMs: number;
  outcome: 'accepted' | 'rejected' | 'unreachable' | 'lost';
  httpStatus: number | null;
  /** The first 200 characters of what the merchant answered. */
  answer: string;
}

export interface NotificationRecord {
  id: number;
  orderNo: string;
  url: string;
  /** Form body as first built (faults may damage what is actually sent). */
  body: string;
  createdMs: number;
  attempts: NotificationAttempt[];
  nextDueMs: number | null;
  delivered: boolean;
}

export interface NotifierOptions {
  /** What the merchant must answer: '1|OK' for FlashPay, 'OK' for First Bank. */
  expectedAnswer: string;
  faults: FaultPlan;
  /** Damages the body's integrity check (badchk / badsig faults). */
  corrupt(body: string): string;
}

export class Notifier {
  readonly #options: NotifierOptions;
  readonly #records: NotificationRecord[] = [];
  readonly #inflight = new Set<AbortController>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  enqueue(orderNo: string, url: string, body: string, dueMs: number): NotificationRecord {
    const record: NotificationRecord = { id: this.#records.length + 1, orderNo, url, body, createdMs: dueMs, attempts: [], nextDueMs: dueMs, delivered: false };
    this.#records.push(record);
    return record;
  }

  /** Sends everything due by nowMs, oldest due first; serialized so no attempt is ever sent twice. */
  deliverDue(nowMs: number): Promise<void> {
    const run = this.#chain.then(() => this.#deliverDue(nowMs));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  list(): NotificationRecord[] {
    return this.#records.map((r) => ({ ...r, attempts: [...r.attempts] }));
  }

  close(): void {
    this.#closed = true;
    for (const controller of this.#inflight) controller.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  async #deliverDue(nowMs: number): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      let next: NotificationRecord | undefined;
      for (const r of this.#records) {
        if (r.nextDueMs !== null && r.nextDueMs <= nowMs && (!next || r.nextDueMs < (next.nextDueMs ?? Infinity))) next = r;
      }
      if (!next || next.nextDueMs === null) return;
      const attempt = await this.#attempt(next, next.nextDueMs);
      next.attempts.push(attempt);
      next.delivered = attempt.outcome === 'accepted';
      const retriesUsed = next.attempts.length - 1;
      next.nextDueMs = next.delivered || retriesUsed >= NOTIFY_MAX_RETRIES ? null : attempt.atMs + NOTIFY_RETRY_EVERY_MS;
    }
  }

  /** close() cancels it, so a delayed notification never holds the process open. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  async #attempt(record: NotificationRecord, atMs: number): Promise<NotificationAttempt> {
    const fault = this.#options.faults.take('notify');
    let body = record.body;
    switch (fault?.kind) {
      case 'delay':
        await this.#sleep(Math.min(fault.ms, NOTIFY_TIMEOUT_MS));
        break;
      case 'badchk':
      case 'badsig':
        body = this.#options.corrupt(body);
        break;
      case 'truncate':
        body = body.slice(0, Math.floor(body.length / 2));
        break;
      case 'http500':
      case 'html':
      case 'timeout':
      case 'drop-after-apply':
        // The gateway side failed to send: the attempt is spent and retried like any failure.
        return { atMs, outcome: 'lost', httpStatus: null, answer: `not sent (${fault.kind} fault)` };
      case undefined:
        break;
    }
    const controller = new AbortController();
    this.#inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), NOTIFY_TIMEOUT_MS);
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      const answer = await response.text();
      const accepted = response.ok && answer.trim() === this.#options.expectedAnswer;
      return { atMs, outcome: accepted ? 'accepted' : 'rejected', httpStatus: response.status, answer: answer.slice(0, 200) };
    } catch (err) {
      return { atMs, outcome: 'unreachable', httpStatus: null, answer: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
      this.#inflight.delete(controller);
    }
  }
}
