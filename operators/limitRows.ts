import type { OperatorFunction } from 'rxjs';
import { EMPTY } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';

/**
 * Passes the first `count` rows and then completes, which unsubscribes from the source so
 * that it stops reading (SQL LIMIT). The batch that reaches the limit is cut. State: `remaining`
 * (rows still to pass), snapshotted at every barrier, so a restored job does not pass more.
 *
 * ```text
 * source:       --a---b---c--|     a = [1, 2]  b = [3, 4]  c = [5]
 * limitRows(3)
 * result:       --a---(b'|)        b' = [3]
 * ```
 *
 * @param count how many rows to let through; 0 completes at once.
 * @param state checkpoints (the runtime's context of the node); standalone in memory by default.
 */
export function limitRows(count: number, state: OperatorStateContext = standaloneState('limitRows')): OperatorFunction<Message, Message> {
  if (count <= 0) return () => EMPTY;
  return statefulOperator(state, () => {
    let remaining = count;
    return {
      tables: {
        remaining: {
          snapshot: () => remaining,
          restore(image) {
            remaining = image as number;
          },
        },
      },
      onData(rows) {
        // A batch that fits passes as it is (batches are never mutated downstream).
        const passed = rows.length <= remaining ? (rows as Row[]) : rows.slice(0, remaining);
        remaining -= passed.length;
        return passed;
      },
      finished: () => remaining === 0,
    };
  });
}
