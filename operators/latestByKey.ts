import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { decodeRow, decodeState, encodeRow, encodeState, type StateValue } from '../lib/types/stateCodec.js';
import type { Row } from '../lib/types/value.js';
import type { GroupKey } from './aggregation/grouping.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';

/**
 * Reads a stream as a table: keeps the latest row per key and, after every batch, emits the
 * latest row of each key the batch changed (coalesced: a key updated three times in a batch
 * emits once). `onTable` receives the live table once, for materialised-table lookups.
 * State: `table` (the latest row per key), snapshotted at every barrier; watermarks pass.
 *
 * ```text
 * source:  -a---b-|      a = [x:1, y:2, x:3]   b = [y:4]
 * latestByKey(first column)
 * result:  -a'--b-|      a' = [x:3, y:2]       b  = [y:4]
 * ```
 */
export function latestByKey(
  keyOf: (row: Row) => GroupKey,
  onTable?: (table: ReadonlyMap<GroupKey, Row>) => void,
  state: OperatorStateContext = standaloneState('latestByKey'),
): OperatorFunction<Message, Message> {
  return statefulOperator(state, () => {
    const table = new Map<GroupKey, Row>();
    onTable?.(table);
    return {
      tables: {
        table: {
          snapshot: () => [...table].map(([key, row]): StateValue => [encodeState(key), encodeRow(row)]),
          restore(image) {
            for (const [key, row] of image as [StateValue, StateValue][]) table.set(decodeState(key) as GroupKey, decodeRow(row));
          },
        },
      },
      onData(rows) {
        const changed = new Map<GroupKey, Row>();
        for (const row of rows) {
          const key = keyOf(row);
          table.set(key, row);
          changed.delete(key);
          changed.set(key, row);
        }
        return [...changed.values()];
      },
    };
  });
}
