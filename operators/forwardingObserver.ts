import type { Observer, Subscriber } from 'rxjs';

/**
 * The observer an operator subscribes to its source with: `onNext` handles each value, and
 * an exception it throws goes to the downstream `error` channel (RxJS would otherwise report
 * it as unhandled); errors and completion are forwarded. `onComplete` may emit before the
 * downstream completes.
 */
export function forwardingObserver<T, R>(
  downstream: Subscriber<R>,
  onNext: (value: T) => void,
  onComplete?: () => void,
): Observer<T> {
  return {
    next(value) {
      try {
        onNext(value);
      } catch (error) {
        downstream.error(error);
      }
    },
    error: (error: unknown) => downstream.error(error),
    complete() {
      try {
        onComplete?.();
      } catch (error) {
        downstream.error(error);
        return;
      }
      downstream.complete();
    },
  };
}
