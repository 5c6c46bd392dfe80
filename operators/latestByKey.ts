import type { OperatorFunction } from 'rxjs';
import { Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import type { GroupKey } from './aggregation/grouping.js';
import { forwardingObserver } from './forwardingObserver.js';

/**
 * Reads a stream as a table: keeps the latest row per key and, after every batch, emits the
 * latest row of each key the batch changed (coalesced: a key updated three times in a batch
 * emits once). `onTable` receives the live table once, for materialised-table lookups.
 *
 * ```text
 * source:  -a---b-|      a = [x:1, y:2, x:3]   b = [y:4]
 * latestByKey(first column)
 * result:  -a'--b-|      a' = [x:3, y:2]       b  = [y:4]
 * ```
 */
export function latestByKey(keyOf: (row: Row) => GroupKey, onTable?: (table: ReadonlyMap<GroupKey, Row>) => void): OperatorFunction<Message, Message> {
  return (source) =>
    new Observable<Message>((subscriber) => {
      const table = new Map<GroupKey, Row>();
      onTable?.(table);
      return source.subscribe(
        forwardingObserver(subscriber, (message: Message) => {
          if (message.kind !== 'data') {
            subscriber.next(message);
            return;
          }
          const changed = new Map<GroupKey, Row>();
          for (const row of message.rows) {
            const key = keyOf(row);
            table.set(key, row);
            changed.delete(key);
            changed.set(key, row);
          }
          if (changed.size > 0) subscriber.next({ kind: 'data', rows: [...changed.values()] });
        }),
      );
    });
}
