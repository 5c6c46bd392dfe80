import type { OperatorFunction } from 'rxjs';
import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { forwardingObserver } from './forwardingObserver.js';

/**
 * The skeleton of a stateless operator: transforms the rows of each data batch, emits the
 * result when it is not empty, and passes watermarks and barriers through in order.
 *
 * ```text
 * source:  -a--w--b-|     a = [1, 2]   b = [3]
 * mapBatches(rows => rows.filter(even))
 * result:  -a'-w----|     a' = [2]     (b' is empty: not emitted)
 * ```
 */
export function mapBatches(transform: (rows: Row[]) => Row[]): OperatorFunction<Message, Message> {
  return (source) =>
    new Observable<Message>((subscriber) =>
      source.subscribe(
        forwardingObserver(subscriber, (message: Message) => {
          if (message.kind !== 'data') {
            subscriber.next(message);
            return;
          }
          const rows = transform(message.rows);
          if (rows.length > 0) subscriber.next(rows === message.rows ? message : { kind: 'data', rows });
        }),
      ),
    );
}
