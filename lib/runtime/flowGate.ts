/**
 * Credit-based flow control between a job's sources and its sink: every batch handed to the
 * sink takes a credit until the sink has accepted it; sources wait for a credit before they
 * read the next batch. So at most `capacity` batches are between source and sink, whatever
 * the sink's speed. A paused gate gives no credit at all (a job's pause): the sources stop
 * reading until it is resumed, while what is already in flight still reaches the sink.
 */
export class FlowGate {
  private inFlight = 0;
  private paused = false;
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
    this.wake();
  }

  /** Stops giving credits: sources wait before their next read until {@link resume}. */
  pause(): void {
    this.paused = true;
  }

  /** Gives credits again after {@link pause}, waking the sources waiting for one. */
  resume(): void {
    this.paused = false;
    this.wake();
  }

  /** Resolves when there is room for another batch; undefined (no await needed) when there is. */
  whenOpen(): Promise<void> | undefined {
    if (!this.paused && this.inFlight < this.capacity) return undefined;
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    while (!this.paused && this.inFlight < this.capacity && this.waiters.length > 0) this.waiters.shift()!();
  }

  /** Releases every waiter (used on shutdown so no source stays blocked). */
  openAll(): void {
    while (this.waiters.length > 0) this.waiters.shift()!();
  }
}
