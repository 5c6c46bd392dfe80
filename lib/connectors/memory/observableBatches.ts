import type { Observable, Subscription } from 'rxjs';

/**
 * A subscription made now whose values wait in a queue until they are read, so that a hot
 * Observable (a Subject) loses nothing it pushes before the reader starts. An Observable cannot
 * be paused, so values pushed faster than they are read queue up (unbounded); use an
 * AsyncIterable input when the producer must be slowed down. Read it once; reading to the end,
 * stopping early or {@link unsubscribe} ends the subscription.
 */
export class BufferedSubscription<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private head = 0;
  private done = false;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  private readonly subscription: Subscription;

  constructor(source: Observable<T>) {
    this.subscription = source.subscribe({
      next: (value) => {
        this.queue.push(value);
        this.notify();
      },
      error: (error: unknown) => {
        this.failure = { error };
        this.notify();
      },
      complete: () => {
        this.done = true;
        this.notify();
      },
    });
  }

  /** Ends the subscription; what was queued and not read is dropped. */
  unsubscribe(): void {
    this.subscription.unsubscribe();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        if (this.head < this.queue.length) {
          yield this.take();
          continue;
        }
        if (this.failure !== undefined) throw this.failure.error;
        if (this.done) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      this.unsubscribe();
    }
  }

  private take(): T {
    const value = this.queue[this.head]!;
    this.queue[this.head++] = undefined as T;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    }
    return value;
  }

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

/**
 * Turns an Observable of batches into an async iterable that subscribes when reading starts
 * (see {@link BufferedSubscription} for what is queued).
 */
export async function* observableBatches<T>(source: Observable<T>): AsyncGenerator<T> {
  yield* new BufferedSubscription(source);
}
