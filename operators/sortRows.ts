import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { mapBatches } from './mapBatches.js';

/**
 * Sorts the rows of every data batch (ORDER BY within what a window or a final aggregate
 * emits at once); the batch is copied, control messages pass through in order.
 *
 * ```text
 * source:  -a--w--b-|      a = [3, 1, 2]   b = [5, 4]
 * sortRows(ascending)
 * result:  -a'-w--b'|      a' = [1, 2, 3]  b' = [4, 5]
 * ```
 */
export function sortRows(compare: (a: Row, b: Row) => number): OperatorFunction<Message, Message> {
  return mapBatches((rows) => (rows.length > 1 ? rows.slice().sort(compare) : rows));
}
