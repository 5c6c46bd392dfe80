/** Sends gathered items (with their byte count); resolves once they are acknowledged. */
export type GatheredSend<T> = (items: T[], bytes: number) => Promise<void>;

/**
 * Kafka's producer batching (`batch.size`, `linger.ms`), which kafkajs does not have: items
 * are gathered until they reach `batchBytes` bytes or the first of them waited `lingerMs`,
 * then sent as one. Sends go one at a time, in order. With `lingerMs` 0 every add is sent at
 * once, as given (no copy); an add that is at least `batchBytes` with nothing gathered is too.
 * An add that fills the batch waits for its send (so at most one batch is gathered and one in
 * flight); other adds return at once. A send started by the timer that fails fails the next
 * add or flush.
 *
 * ```text
 * add:   -a-b--------c-d-e|    a, b, c, d, e of 400 bytes each; batchBytes 1000, lingerMs 8
 * sends: ---------(ab)---(cde)
 *                 ^      ^ batch full (e)
 *                 linger.ms after a
 * ```
 */
export class LingerBuffer<T> {
  private pending: T[] = [];
  private pendingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last send, settled either way (a failure is kept in `failure`). */
  private inFlight: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly send: GatheredSend<T>,
    private readonly batchBytes: number,
    private readonly lingerMs: number,
  ) {}

  /** Adds items of `bytes` bytes (the array is handed over, not copied when sent as it is): resolves once they are sent, when they fill the batch (or nothing lingers), else at once. */
  add(items: T[], bytes: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.pending.length === 0 && (this.lingerMs === 0 || bytes >= this.batchBytes)) return this.dispatch(items, bytes);
    for (const item of items) this.pending.push(item);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= this.batchBytes) return this.sendPending();
    this.timer ??= setTimeout(() => void this.sendPending().catch(() => undefined), this.lingerMs);
    return Promise.resolve();
  }

  /** Sends what is gathered and waits until every send is acknowledged; rejects with a failed send's error. */
  async flush(): Promise<void> {
    if (this.pending.length > 0) await this.sendPending();
    await this.inFlight;
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Drops what is gathered, unsent (an aborted transaction, a failed job); a send in flight goes on. */
  discard(): void {
    this.stopTimer();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private sendPending(): Promise<void> {
    this.stopTimer();
    const items = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    return this.dispatch(items, bytes);
  }

  private dispatch(items: T[], bytes: number): Promise<void> {
    const sent = this.inFlight.then(() => {
      if (this.failure !== undefined) throw this.failure.error;
      return this.send(items, bytes);
    });
    this.inFlight = sent.catch((error: unknown) => {
      this.failure ??= { error };
    });
    return sent;
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
