// The FlashPay sandbox's orders: by ord_no for 107/8, and sorted by ord_time so a 30-day 106 is two
// binary searches and a slice, not a scan.
import { compactDigits } from '../formats.ts';
import type { FlashPayRecord } from './model.ts';

export class FlashPayStore {
  readonly #byOrdNo = new Map<string, FlashPayRecord>();
  readonly #byTime: FlashPayRecord[] = [];
  #sequence: number;

  constructor(firstSequence: number) {
    this.#sequence = firstSequence;
  }

  /** FlashPay's own number: "FP" + yyMMddHH + an 8-digit running sequence (FP2204260900001795). */
  nextOrderNo(atMs: number): string {
    this.#sequence += 1;
    return `FP${compactDigits(atMs, 8)}${String(this.#sequence).padStart(8, '0')}`;
  }

  add(record: FlashPayRecord): void {
    this.#byOrdNo.set(record.ordNo, record);
    const at = this.#firstIndexAtOrAfter(record.ordTimeMs + 1);
    this.#byTime.splice(at, 0, record);
  }

  get(ordNo: string): FlashPayRecord | undefined {
    return this.#byOrdNo.get(ordNo);
  }

  has(ordNo: string): boolean {
    return this.#byOrdNo.has(ordNo);
  }

  /** Orders with ord_time in [startMs, endMs). */
  inRange(startMs: number, endMs: number): FlashPayRecord[] {
    return this.#byTime.slice(this.#firstIndexAtOrAfter(startMs), this.#firstIndexAtOrAfter(endMs));
  }

  all(): readonly FlashPayRecord[] {
    return this.#byTime;
  }

  #firstIndexAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.#byTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#byTime[mid]!.ordTimeMs < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
