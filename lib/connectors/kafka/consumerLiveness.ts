import type { Consumer } from 'kafkajs';
import type { Logger } from '../../runtime/logger.js';
import { FerrisError } from '../../types/errors.js';

/**
 * The default of a Kafka source's `liveness.timeout.ms`: above kafkajs's request timeout (30 s,
 * after which it retries a fetch itself) and its rebalance timeout (60 s, the longest a join
 * may hold the fetch loop), so that neither a slow request nor a slow rebalance counts as a stall.
 */
export const DEFAULT_LIVENESS_TIMEOUT_MS = 90_000;

/** What {@link watchConsumerLiveness} watches, and whom it tells. */
export interface LivenessWatch {
  /** The consumer's group, for the log line and the error. */
  readonly group: string;
  /** The longest the fetch loop may go without a sign of life (0: not watched). */
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Called once, with a retriable error, when the consumer stalled. */
  readonly onStall: (error: FerrisError) => void;
}

/**
 * Watches the fetch loop of a running kafkajs consumer: a live one completes a fetch at least
 * every `fetch.max.wait.ms` (an empty one when nothing came, or while every partition is
 * paused), finishes the batches it handed out, and joins its group again after a rebalance.
 * When none of these happened for `timeoutMs`, kafkajs has stopped fetching without telling
 * (a request whose answer never comes, a batch handler that never returns, a consumer that
 * ended without a crash event): the watch logs it and calls `onStall` with a retriable
 * {@link FerrisError}, which fails the job, so that its restart strategy opens it again with new
 * clients and connections. Returns the function that ends the watch (before the consumer is
 * disconnected, which may itself take long).
 *
 * ```text
 * fetches:  -f-f-f-f-f--------------------------
 * watch:    -----------|<---- timeoutMs ---->|X   onStall(error)
 * ```
 */
export function watchConsumerLiveness(consumer: Pick<Consumer, 'on' | 'events'>, watch: LivenessWatch): () => void {
  if (watch.timeoutMs <= 0) return () => undefined;
  let lastSign = Date.now();
  const alive = (): void => {
    lastSign = Date.now();
  };
  const listeners = [consumer.events.FETCH, consumer.events.START_BATCH_PROCESS, consumer.events.END_BATCH_PROCESS, consumer.events.GROUP_JOIN].map((event) => consumer.on(event, alive));
  const end = (): void => {
    clearInterval(timer);
    for (const remove of listeners) remove();
  };
  const timer = setInterval(
    () => {
      const idleMs = Date.now() - lastSign;
      if (idleMs < watch.timeoutMs) return;
      end();
      watch.log('error', "kafka consumer stalled: no fetch completed and no batch handled for longer than 'liveness.timeout.ms'; failing the job so that it restarts with new connections", {
        group: watch.group,
        idle_ms: idleMs,
        liveness_timeout_ms: watch.timeoutMs,
      });
      watch.onStall(
        new FerrisError('IO', `kafka_source: the consumer of group '${watch.group}' completed no fetch for ${idleMs} ms ('liveness.timeout.ms' = ${watch.timeoutMs}): its client stopped fetching without an error`, { retriable: true }),
      );
    },
    Math.max(50, Math.floor(watch.timeoutMs / 4)),
  );
  timer.unref();
  return end;
}
