import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { decodeRow, encodeRow, type StateValue } from '../lib/types/stateCodec.js';
import type { Row } from '../lib/types/value.js';
import { standaloneState, statefulOperator, type OperatorStateContext } from './internal/statefulOperator.js';

/**
 * ORDER BY over a whole bounded input: holds every row and emits them sorted, in one batch,
 * when the input ends. With `limit` (ORDER BY ... LIMIT n) it keeps only the first `limit`
 * rows seen so far in order (a top-N), so memory is bounded by the limit. The sort is stable:
 * rows that compare equal keep their input order. State: `rows` (the rows held, in order),
 * snapshotted at every barrier; watermarks and barriers pass in place.
 *
 * ```text
 * source:  -a--w--b-|      a = [3, 1]   b = [2]
 * sortAtEnd(ascending)
 * result:  ----w----(c|)   c = [1, 2, 3]
 *
 * sortAtEnd(ascending, 2)
 * result:  ----w----(d|)   d = [1, 2]
 * ```
 *
 * @param compare the ORDER BY keys as a comparator (negative: `a` first).
 * @param limit how many rows to keep at most; undefined: all of them.
 * @param state checkpoints (the runtime's context of the node); standalone in memory by default.
 */
export function sortAtEnd(
  compare: (a: Row, b: Row) => number,
  limit: number | undefined = undefined,
  state: OperatorStateContext = standaloneState('sortAtEnd'),
): OperatorFunction<Message, Message> {
  return statefulOperator(state, () => {
    let held: Row[] = [];
    /** Rows kept unsorted until the end (no limit), or the sorted top rows (with a limit). */
    const keep = limit === undefined ? (rows: readonly Row[]) => keepAll(held, rows) : (rows: readonly Row[]) => keepTop(held, rows, compare, limit);
    return {
      tables: {
        rows: {
          snapshot: () => held.map((row): StateValue => encodeRow(row)),
          restore(image) {
            held = (image as StateValue[]).map(decodeRow);
          },
        },
      },
      onData(rows) {
        keep(rows);
        return [];
      },
      onEnd() {
        const sorted = limit === undefined ? held.sort(compare) : held;
        held = [];
        return sorted;
      },
      pending: () => ({ windows: 0, rows: held.length }),
    };
  });
}

/** Appends the rows (a loop: spreading a large batch into `push` would overflow the stack). */
function keepAll(held: Row[], rows: readonly Row[]): void {
  for (const row of rows) held.push(row);
}

/** Inserts each row after the rows that sort before or equal to it (stable), keeping at most `limit`. */
function keepTop(top: Row[], rows: readonly Row[], compare: (a: Row, b: Row) => number, limit: number): void {
  for (const row of rows) {
    if (top.length === limit && (limit === 0 || compare(row, top[limit - 1]!) >= 0)) continue;
    let low = 0;
    let high = top.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(row, top[middle]!) < 0) high = middle;
      else low = middle + 1;
    }
    top.splice(low, 0, row);
    if (top.length > limit) top.pop();
  }
}
