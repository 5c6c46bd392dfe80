import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { mapBatches } from './mapBatches.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/**
 * Keeps the rows of each data batch for which `predicate` is true (SQL WHERE: NULL and
 * false drop the row). A batch whose rows all pass is forwarded as it is; batches left empty
 * are not emitted; watermarks and barriers pass through untouched and in order.
 *
 * ```text
 * source:       --a-----w---b---|      a = [1, 5, 8]   b = [2]   w = watermark
 * filterRows(x > 4)
 * result:       --a'----w-------|      a' = [5, 8]
 * ```
 *
 * @param predicate a compiled WHERE clause over positional rows.
 * @param onRowError receives a row whose predicate threw; by default the error fails the stream.
 */
export function filterRows(
  predicate: (row: Row) => boolean,
  onRowError: RowErrorHandler = failOnRowError,
): OperatorFunction<Message, Message> {
  const keep = (rows: Row[]): Row[] => {
    const kept: Row[] = new Array<Row>(rows.length);
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let pass: boolean;
      try {
        pass = predicate(row);
      } catch (error) {
        onRowError(row, error);
        continue;
      }
      if (pass) kept[n++] = row;
    }
    // A batch whose rows all pass goes on as it is (the same message), without a copy.
    if (n === rows.length) return rows;
    kept.length = n;
    return kept;
  };
  return mapBatches(keep);
}
