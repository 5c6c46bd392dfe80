import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';

/**
 * Merges several inputs of the same schema (SQL UNION ALL). Data batches pass as they come;
 * the output watermark is the minimum of the inputs' latest watermarks and is emitted only
 * when it advances, so no input's late rows become late downstream. An input that completes
 * no longer holds the watermark back. Barriers are forwarded once every live input has
 * delivered the same epoch (aligned), and completion waits for all inputs.
 *
 * ```text
 * a:       --x---1-----3---|        digits = watermarks
 * b:       ----y---2-------4--|
 * unionAll(a, b)
 * result:  --x-y---1---2---4--|    (a's end stops it holding the watermark back)
 * ```
 *
 * @param inputs the inputs to merge; at least one.
 */
export function unionAll(...inputs: Observable<Message>[]): Observable<Message> {
  return new Observable<Message>((subscriber) => {
    const watermarks = inputs.map(() => -Infinity);
    const live = inputs.map(() => true);
    const barrierCounts = new Map<number, number>();
    let emittedWatermark = -Infinity;
    let liveCount = inputs.length;

    const releaseWatermark = (): void => {
      let min = Infinity;
      for (let i = 0; i < inputs.length; i++) if (live[i]) min = Math.min(min, watermarks[i]!);
      if (min !== Infinity && min > emittedWatermark) {
        emittedWatermark = min;
        subscriber.next({ kind: 'watermark', ts: min });
      }
    };

    const subscriptions = inputs.map((input, i) =>
      input.subscribe({
        next(message) {
          if (message.kind === 'data') {
            subscriber.next(message);
          } else if (message.kind === 'watermark') {
            watermarks[i] = Math.max(watermarks[i]!, message.ts);
            releaseWatermark();
          } else {
            const seen = (barrierCounts.get(message.epoch) ?? 0) + 1;
            if (seen >= liveCount) {
              barrierCounts.delete(message.epoch);
              subscriber.next(message);
            } else {
              barrierCounts.set(message.epoch, seen);
            }
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          live[i] = false;
          liveCount--;
          if (liveCount === 0) {
            subscriber.complete();
            return;
          }
          const lastWatermark = watermarks[i]!;
          if (lastWatermark < Infinity) releaseWatermark();
        },
      }),
    );
    return () => subscriptions.forEach((s) => s.unsubscribe());
  });
}
