import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import { BarrierAligner } from './internal/barrierAligner.js';

/**
 * Merges several inputs of the same schema (SQL UNION ALL). Data batches pass as they come;
 * the output watermark is the minimum of the inputs' latest watermarks and is emitted only
 * when it advances, so no input's late rows become late downstream. An input that completes
 * no longer holds the watermark back. Barriers are aligned (`BarrierAligner`): an input that
 * delivered barrier n is held back until every live input has delivered n, so no row crosses
 * an epoch; completion waits for all inputs.
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
    const aligner = new BarrierAligner(inputs.length, {
      data: (_input, message) => subscriber.next(message),
      watermark: (ts) => subscriber.next({ kind: 'watermark', ts }),
      barrier: (epoch) => subscriber.next({ kind: 'barrier', epoch }),
      complete: () => subscriber.complete(),
    });
    const subscriptions = inputs.map((input, i) =>
      input.subscribe({
        next(message) {
          try {
            aligner.next(i, message);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => aligner.end(i),
      }),
    );
    return () => subscriptions.forEach((s) => s.unsubscribe());
  });
}
