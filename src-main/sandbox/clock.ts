// One clock for both sandboxes. Lifecycle steps (capture, settlement, refund completion) and
// notification retries are due at sandbox times, so tests move time instead of waiting for it.

export interface SandboxClock {
  /** The sandbox's current instant, UTC ms. */
  now(): number;
  /** Moves time forward, then lets every sandbox run what fell due (awaited). */
  advance(ms: number): Promise<void>;
  /** Registers a sandbox's catch-up; returns the unregister function. */
  onAdvance(listener: (nowMs: number) => Promise<void>): () => void;
  /** True when time stands still between advances (a `now` was given). */
  readonly frozen: boolean;
}

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/**
 * Frozen when the caller fixes the start instant (tests: deterministic data and times); otherwise it
 * follows the wall clock from the real now, so a demo left running overnight still captures at midnight.
 */
export function createClock(startMs?: number): SandboxClock {
  const frozen = startMs !== undefined;
  const base = startMs ?? Date.now();
  const realStart = Date.now();
  let advancedMs = 0;
  const listeners = new Set<(nowMs: number) => Promise<void>>();
  const now = (): number => base + advancedMs + (frozen ? 0 : Date.now() - realStart);
  return {
    frozen,
    now,
    async advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the sandbox clock only moves forward; got ${ms} ms`);
      advancedMs += Math.round(ms);
      for (const listener of listeners) await listener(now());
    },
    onAdvance(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
