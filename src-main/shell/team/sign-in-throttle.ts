// Failed sign-ins per client address (issue #23). The per-name lockout (core/services/accounts.ts) stops
// guessing one person's password; this stops one address from guessing across many names, and from
// locking out name after name. Kept in memory: a restart forgets it, which costs an attacker nothing
// the per-name lockout (in the database) does not still hold.
export const SIGN_IN_THROTTLE = { failures: 20, windowMs: 10 * 60_000, maxAddresses: 10_000 } as const;

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  /** Until when `address` may not try again, or null when it may. */
  blockedUntil(address: string, nowMs = Date.now()): number | null {
    const recent = this.recent(address, nowMs);
    return recent.length >= SIGN_IN_THROTTLE.failures ? recent[0]! + SIGN_IN_THROTTLE.windowMs : null;
  }

  failed(address: string, nowMs = Date.now()): void {
    if (this.failures.size >= SIGN_IN_THROTTLE.maxAddresses) this.forgetExpired(nowMs);
    this.failures.set(address, [...this.recent(address, nowMs), nowMs]);
  }

  private recent(address: string, nowMs: number): number[] {
    return (this.failures.get(address) ?? []).filter((at) => at > nowMs - SIGN_IN_THROTTLE.windowMs);
  }

  private forgetExpired(nowMs: number): void {
    for (const address of [...this.failures.keys()]) if (this.recent(address, nowMs).length === 0) this.failures.delete(address);
  }
}
