import type { OperatorFunction, SchedulerLike } from 'rxjs';
import { asyncScheduler, Observable } from './rxjs.js';
import type { Message } from '../lib/types/message.js';
import type { BatchConfig } from './batching/batchConfig.js';
import { BatchBuffer } from './batching/batchBuffer.js';
import type { BatchObserver } from './batching/batchObserver.js';
import { batchLimitsFactory } from './batching/batchLimits.js';
import { forwardingObserver } from './forwardingObserver.js';

/**
 * Re-batches the rows of data messages by one of the five batch strategies (docs/batching.md):
 * `fixed_size` (every `size` rows), `time_window` (the rows that arrived within the window of
 * the first one), `adaptive_size` (a size between min and max steered towards a target
 * latency), `memory_based` (when the estimated bytes reach a budget) and `low_latency` (small
 * batches, a short wait, or at once when eager). No batch has more than `maxSize` rows; an
 * incomplete batch waits at most the strategy's timeout. Large inputs are cut into several
 * batches. A watermark or barrier first flushes the pending rows, then passes, so no row
 * overtakes a control message; completion flushes too. With `enabled: false` the messages
 * pass untouched. `observe` is told of every emitted batch, its rows and why it went
 * (a `FlushReason` of batching/batchObserver.ts): once per batch, for the job's metrics.
 *
 * ```text
 * source:       -a--b---w--c-d-|     a = [1, 2]  b = [3, 4, 5]  c = [6]  d = [7, 8]  w = watermark
 * bufferStrategy(fixed_size, size 3)
 * result:       ----x---(yw)-z-|     x = [1, 2, 3]  y = [4, 5]  z = [6, 7, 8]
 * ```
 *
 * @param config the resolved `batch.*` keys (see `resolveBatchConfig`).
 * @param scheduler the clock and timers (virtual time in marble tests); `asyncScheduler` by default.
 * @param observe told of every emitted batch (its rows and why it went).
 */
export function bufferStrategy(
  config: BatchConfig,
  scheduler: SchedulerLike = asyncScheduler,
  observe?: BatchObserver,
): OperatorFunction<Message, Message> {
  if (!config.enabled) return (source) => source;
  const createLimits = batchLimitsFactory(config);
  return (source) =>
    new Observable<Message>((subscriber) => {
      const buffer = new BatchBuffer(createLimits(), scheduler, (rows) => subscriber.next({ kind: 'data', rows }), observe);
      const subscription = source.subscribe(
        forwardingObserver(
          subscriber,
          (message: Message) => {
            if (message.kind === 'data') {
              buffer.add(message.rows);
              return;
            }
            buffer.flush(message.kind);
            subscriber.next(message);
          },
          () => buffer.flush('end'),
        ),
      );
      return () => {
        buffer.dispose();
        subscription.unsubscribe();
      };
    });
}
