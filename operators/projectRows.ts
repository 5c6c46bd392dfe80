import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { compileBatchLoop, projectionOf, type RowMapping } from './batchLoop.js';
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
 * @param project a compiled projection from an input row to an output row, or its outputs (columns are copied in place by the generated row loop).
 * @param onRowError receives a row whose projection threw; by default the error fails the stream.
 */
export function projectRows(project: RowMapping, onRowError: RowErrorHandler = failOnRowError): OperatorFunction<Message, Message> {
  return mapBatches(compileBatchLoop({ project: projectionOf(project), onRowError }));
}
