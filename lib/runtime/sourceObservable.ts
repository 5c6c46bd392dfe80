import { Observable } from '../../operators/rxjs.js';
import type { Source } from '../connectors/types.js';
import type { Message } from '../types/message.js';
import type { FlowGate } from './flowGate.js';
import type { JobMetrics } from './jobMetrics.js';

/**
 * Turns a pull-based source into the head of a dataflow graph with controlled pull: the next
 * batch is read only when `gate` has room, so a slow sink slows the reading instead of
 * filling memory. Completes when the source ends (bounded input, or a drained unbounded one);
 * unsubscribing stops the reading.
 *
 * ```text
 * source batches:   a b c (read one at a time, each only when the gate is open)
 * result:           --a--b--c--|
 * ```
 */
export function sourceObservable(source: Source, gate: FlowGate, metrics: JobMetrics): Observable<Message> {
  return new Observable<Message>((subscriber) => {
    const iterator = source.batches()[Symbol.asyncIterator]();
    let closed = false;
    const pump = async (): Promise<void> => {
      for (;;) {
        const wait = gate.whenOpen();
        if (wait) await wait;
        if (closed) return;
        const next = await iterator.next();
        if (closed) return;
        if (next.done) break;
        if (next.value.length === 0) continue;
        metrics.rowsIn += next.value.length;
        subscriber.next({ kind: 'data', rows: next.value });
      }
      subscriber.complete();
    };
    pump().catch((error: unknown) => subscriber.error(error));
    return () => {
      closed = true;
      void iterator.return?.();
    };
  });
}
