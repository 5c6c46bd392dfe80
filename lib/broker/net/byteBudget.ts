/**
 * A byte count shared by every connection of a broker: request bytes received but not yet
 * handled. A connection whose next chunk does not fit is closed (its bytes released), so many
 * half-sent requests cannot exhaust memory together.
 */
export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  /** Bytes currently held. */
  get held(): number {
    return this.used;
  }

  /** Takes `bytes` from the budget; false (taking nothing) when they do not fit. */
  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  /** Gives back bytes taken by {@link tryReserve}. */
  release(bytes: number): void {
    this.used -= bytes;
  }
}
