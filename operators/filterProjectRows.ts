import type { OperatorFunction } from 'rxjs';
import type { Message } from '../lib/types/message.js';
import { compileBatchLoop, filterConjuncts, projectionOf, type RowFilter, type RowMapping } from './batchLoop.js';
import { mapBatches } from './mapBatches.js';
import { failOnRowError, type RowErrorHandler } from './rowErrors.js';

/**
 * `filterRows(predicate)` then `projectRows(project)` in one pass: each row of a data batch
 * is tested and, when kept, projected at once, into one output batch (no batch of kept rows
 * in between, the row read once while it is in cache). Emptied batches are not emitted;
 * watermarks and barriers pass through untouched and in order. A row whose predicate or
 * projection throws goes to `onRowError` and is left out.
 *
 * ```text
 * source:  --a-----w---b---|      a = [1], [5], [8]   b = [2]   w = watermark
 * filterProjectRows(x > 4, x → [x, x * 10])
 * result:  --a'----w-------|      a' = [5, 50], [8, 80]
 * ```
 *
 * @param predicate a compiled WHERE clause over positional rows, or its conjuncts as row tests (read in place by the generated row loop, operators/batchLoop.ts).
 * @param project a compiled select list over the same rows, or its outputs (columns are copied in place).
 * @param onRowError receives a row whose predicate or projection threw; by default the error fails the stream.
 */
export function filterProjectRows(
  predicate: RowFilter,
  project: RowMapping,
  onRowError: RowErrorHandler = failOnRowError,
): OperatorFunction<Message, Message> {
  return mapBatches(compileBatchLoop({ filter: filterConjuncts(predicate), project: projectionOf(project), onRowError }));
}
