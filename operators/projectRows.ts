import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import type { Row } from '../lib/types/value.js';
import { mapBatches } from './mapBatches.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/**
 * Maps every row of each data batch to a new row (SQL SELECT list); control messages pass
 * through. A row whose projection throws goes to `onRowError` and is left out.
 *
 * ```text
 * source:       --a----w--|      a = [[1, 2], [3, 4]]
 * projectRows(([x, y]) => [x + y])
 * result:       --a'---w--|      a' = [[3], [7]]
 * ```
 *
 * @param project a compiled projection from an input row to an output row.
 * @param onRowError receives a row whose projection threw; by default the error fails the stream.
 */
export function projectRows(
  project: (row: Row) => Row,
  onRowError: RowErrorHandler = failOnRowError,
): OperatorFunction<Message, Message> {
  const mapBatch = (rows: Row[]): Row[] => {
    const out: Row[] = new Array<Row>(rows.length);
    let n = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      try {
        out[n++] = project(row);
      } catch (error) {
        n--;
        onRowError(row, error);
      }
    }
    out.length = n;
    return out;
  };
  return mapBatches(mapBatch);
}
