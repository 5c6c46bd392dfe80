import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { compileBatchLoop, filterConjuncts, type RowFilter } from './batchLoop.js';
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
 * @param predicate a compiled WHERE clause over positional rows, or its conjuncts as row tests (read in place by the generated row loop, operators/batchLoop.ts).
 * @param onRowError receives a row whose predicate threw; by default the error fails the stream.
 */
export function filterRows(predicate: RowFilter, onRowError: RowErrorHandler = failOnRowError): OperatorFunction<Message, Message> {
  return mapBatches(compileBatchLoop({ filter: filterConjuncts(predicate), onRowError }));
}
