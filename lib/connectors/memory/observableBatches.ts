import type { Observable } from 'rxjs';

/**
 * Turns an Observable of batches into an async iterable. An Observable cannot be paused, so
 * batches it pushes faster than they are pulled wait in a queue (unbounded); use an
 * AsyncIterable input when the producer must be slowed down.
 */
export async function* observableBatches<T>(source: Observable<T>): AsyncGenerator<T> {
  const queue: T[] = [];
  let done = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const subscription = source.subscribe({
    next: (value) => {
      queue.push(value);
      notify();
    },
    error: (error: unknown) => {
      failure = { error };
      notify();
    },
    complete: () => {
      done = true;
      notify();
    },
  });
  try {
    let head = 0;
    for (;;) {
      if (head < queue.length) {
        const value = queue[head]!;
        queue[head++] = undefined as T;
        if (head === queue.length) {
          queue.length = 0;
          head = 0;
        }
        yield value;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    subscription.unsubscribe();
  }
}
