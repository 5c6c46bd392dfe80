/**
 * Credit-based flow control between a job's sources and its sink: every batch handed to the
 * sink takes a credit until the sink has accepted it; sources wait for a credit before they
 * read the next batch. So at most `capacity` batches are between source and sink, whatever
 * the sink's speed.
 */
export class FlowGate {
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];

  /** @param capacity how many batches may be on their way to the sink at once. */
  constructor(readonly capacity: number) {}

  /** How many batches are on their way to the sink now. */
  get pending(): number {
    return this.inFlight;
  }

  /** A batch was handed to the sink. */
  take(): void {
    this.inFlight++;
  }

  /** The sink accepted a batch: wake a waiting source if there is room again. */
  give(): void {
    this.inFlight--;
    while (this.inFlight < this.capacity && this.waiters.length > 0) this.waiters.shift()!();
  }

  /** Resolves when there is room for another batch; undefined (no await needed) when there is. */
  whenOpen(): Promise<void> | undefined {
    if (this.inFlight < this.capacity) return undefined;
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Releases every waiter (used on shutdown so no source stays blocked). */
  openAll(): void {
    while (this.waiters.length > 0) this.waiters.shift()!();
  }
}
