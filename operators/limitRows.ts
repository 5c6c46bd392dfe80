import type { OperatorFunction } from 'rxjs';
import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import { forwardingObserver } from './forwardingObserver.js';

/**
 * Passes the first `count` rows and then completes, which unsubscribes from the source so
 * that it stops reading (SQL LIMIT). The batch that reaches the limit is cut.
 *
 * ```text
 * source:       --a---b---c--|     a = [1, 2]  b = [3, 4]  c = [5]
 * limitRows(3)
 * result:       --a---(b'|)        b' = [3]
 * ```
 *
 * @param count how many rows to let through; 0 completes at once.
 */
export function limitRows(count: number): OperatorFunction<Message, Message> {
  return (source) =>
    new Observable<Message>((subscriber) => {
      let remaining = count;
      if (remaining <= 0) {
        subscriber.complete();
        return undefined;
      }
      return source.subscribe(
        forwardingObserver(subscriber, (message: Message) => {
          if (message.kind !== 'data') {
            subscriber.next(message);
            return;
          }
          const rows = message.rows.length <= remaining ? message.rows : message.rows.slice(0, remaining);
          remaining -= rows.length;
          subscriber.next(rows === message.rows ? message : { kind: 'data', rows });
          if (remaining === 0) subscriber.complete();
        }),
      );
    });
}
