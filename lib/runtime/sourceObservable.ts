import { Observable } from '../../operators/rxjs.js';
import type { Source } from '../connectors/types.js';
import type { Row } from '../types/value.js';
import type { Message } from '../types/message.js';
import type { FlowGate } from './flowGate.js';
import type { BarrierInjector } from './barrierInjector.js';
import type { JobMetrics } from './jobMetrics.js';

/** What a wait for the next batch gives when a barrier was asked for first. */
const TRIGGERED: unique symbol = Symbol('barrier triggered');

/** Lets the event loop run (signal handlers, timers, I/O) before the next batch. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * How long a source may read batch after batch without letting the event loop run. Yielding
 * before every batch cost 8-10% of a 1BRC-style file job (one event-loop turn per batch of
 * 1,000 rows); every 5 ms keeps signals and timers prompt at no measurable cost.
 */
const YIELD_EVERY_MS = 5;

/**
 * Turns a pull-based source into the head of a dataflow graph with controlled pull: the next
 * batch is read only when `gate` has room, so a slow sink slows the reading instead of
 * filling memory. Completes when the source ends (bounded input, or a drained unbounded one);
 * unsubscribing stops the reading, and so does `stopped` (a job stop: the output then
 * completes, so what was read is still processed). Before a batch it yields to the event loop (one
 * `setImmediate`) when it has not for {@link YIELD_EVERY_MS}, so a source that never waits (datagen, a cached file) cannot starve SIGINT/SIGTERM
 * handlers whatever the graph does with its rows. With `barriers`, the barriers asked for
 * so far are emitted before the next batch is read (and before completion), and one asked
 * for while the source waits for a batch (an idle Kafka topic) at once, so checkpoints go on
 * while no input comes. `onBarrier` is told each barrier as
 * it is emitted, while the source still stands right after the batches before it (the
 * checkpoint takes its position then). After each batch, the partitions' progress the source
 * reports (`takeProgress`, repartition markers) follows as per-partition watermarks. Each batch counts in `metrics.batchesIn`, and the time the
 * (synchronous) graph spent on it in `metrics.processSeconds` and `metrics.processLatency`.
 *
 * ```text
 * source batches:   a b c (read one at a time, each only when the gate is open)
 * result:           --a--b--c--|
 * ```
 */
export function sourceObservable(
  source: Source,
  gate: FlowGate,
  metrics: JobMetrics,
  stopped?: AbortSignal,
  barriers?: BarrierInjector,
  onBarrier?: (epoch: number) => void,
): Observable<Message> {
  return new Observable<Message>((subscriber) => {
    const iterator = source.batches()[Symbol.asyncIterator]();
    let closed = false;
    let injected = barriers?.epoch ?? 0;
    /** Emits the barriers asked for since the last batch, in epoch order. */
    const injectBarriers = (): void => {
      if (barriers === undefined) return;
      while (injected < barriers.epoch) {
        const epoch = ++injected;
        onBarrier?.(epoch);
        subscriber.next({ kind: 'barrier', epoch });
      }
    };
    /** The next batch; barriers asked for while the source waits for it are emitted meanwhile (nothing was handed out since). */
    const nextBatch = async (): Promise<IteratorResult<Row[]>> => {
      const pending = iterator.next();
      if (barriers === undefined) return pending;
      let triggered: (() => void) | undefined;
      const stopListening = barriers.onTrigger(() => triggered?.());
      try {
        for (;;) {
          const first = await new Promise<IteratorResult<Row[]> | typeof TRIGGERED>((resolve, reject) => {
            triggered = () => resolve(TRIGGERED);
            pending.then(resolve, reject);
          });
          if (first !== TRIGGERED) return first;
          if (closed) return pending;
          injectBarriers();
        }
      } finally {
        stopListening();
      }
    };
    /** Passes on the partitions' progress the source learnt without rows, as per-partition watermarks. */
    const emitProgress = (): void => {
      const progress = source.takeProgress?.();
      if (progress === undefined) return;
      for (const { partition, eventTime } of progress) subscriber.next({ kind: 'watermark', ts: eventTime, partition });
    };
    let lastYield = Date.now();
    const pump = async (): Promise<void> => {
      for (;;) {
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
        if (closed) return;
        const wait = gate.whenOpen();
        if (wait) await wait;
        if (closed) return;
        injectBarriers();
        if (stopped?.aborted) break;
        const next = await nextBatch();
        if (closed) return;
        if (next.done) break;
        if (next.value.length === 0) {
          emitProgress();
          continue;
        }
        metrics.rowsIn += next.value.length;
        // The operators are synchronous: the graph's work on this batch happens inside next().
        const started = performance.now();
        subscriber.next({ kind: 'data', rows: next.value });
        const seconds = (performance.now() - started) / 1000;
        metrics.processSeconds += seconds;
        metrics.processLatency.observe(seconds);
        metrics.batchesIn++;
        emitProgress();
      }
      injectBarriers();
      subscriber.complete();
    };
    pump().catch((error: unknown) => subscriber.error(error));
    return () => {
      closed = true;
      void iterator.return?.();
    };
  });
}
