// Fault injection: the next `count` requests of an operation misbehave in one chosen way, so the
// console's error handling can be exercised against real sockets instead of mocks.
import { z } from 'zod';

export const FAULT_OPS = ['trade', 'querytrade', 'order', 'refund', 'report', 'rate', 'notify', '*'] as const;
export const FAULT_KINDS = ['delay', 'http500', 'html', 'truncate', 'badchk', 'badsig', 'timeout', 'drop-after-apply', 'none'] as const;

export type FaultOp = (typeof FAULT_OPS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];
export type GatewayOp = Exclude<FaultOp, '*'>;

export const DEFAULT_DELAY_MS = 1000;

export const faultSpecSchema = z.object({
  op: z.enum(FAULT_OPS),
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(1000).default(1),
  ms: z.number().int().min(0).max(600_000).default(DEFAULT_DELAY_MS),
});

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export interface ArmedFault {
  op: FaultOp;
  kind: Exclude<FaultKind, 'none'>;
  remaining: number;
  ms: number;
}

export class FaultPlan {
  #armed: ArmedFault[] = [];

  /** `none` disarms every fault of that op (all of them for '*'). */
  arm(spec: FaultSpec): void {
    if (spec.kind === 'none') {
      this.#armed = spec.op === '*' ? [] : this.#armed.filter((f) => f.op !== spec.op);
      return;
    }
    this.#armed.push({ op: spec.op, kind: spec.kind, remaining: spec.count, ms: spec.ms });
  }

  /** Consumes one use of the first fault armed for this op (or for '*'). */
  take(op: GatewayOp): ArmedFault | undefined {
    const fault = this.#armed.find((f) => f.op === op || f.op === '*');
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#armed = this.#armed.filter((f) => f !== fault);
    return { ...fault };
  }

  list(): ArmedFault[] {
    return this.#armed.map((f) => ({ ...f }));
  }
}
