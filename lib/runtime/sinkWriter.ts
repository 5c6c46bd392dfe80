import type { Observable } from 'rxjs';
import type { Sink } from '../connectors/types.js';
import type { Message } from '../types/message.js';
import type { FlowGate } from './flowGate.js';
import type { JobMetrics } from './jobMetrics.js';
import type { OffsetCommitter } from './offsetCommitter.js';

/**
 * Subscribes a job's graph and writes its data batches to the sink in order, one write at a
 * time; each batch holds a gate credit until the sink accepted it. Resolves once the graph
 * completed and the sink flushed and closed; rejects on the first error (the sink is still
 * closed). Returns the subscription's teardown as `cancel`. With `committer`, source positions
 * due for a commit are taken as a batch arrives and committed once that batch is written and the
 * sink flushed (at-least-once).
 */
export function writeToSink(
  graph: Observable<Message>,
  sink: Sink,
  gate: FlowGate,
  metrics: JobMetrics,
  committer?: OffsetCommitter,
): { done: Promise<void>; cancel: () => void } {
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  let cancel: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      gate.openAll();
      sink.close().then(() => reject(error), () => reject(error));
    };
    const subscription = graph.subscribe({
      next(message) {
        if (message.kind !== 'data' || failed) return;
        const rows = message.rows;
        gate.take();
        const position = committer?.due();
        chain = chain.then(async () => {
          if (failed) return;
          await sink.write(rows);
          metrics.rowsOut += rows.length;
          gate.give();
          if (position !== undefined) {
            await sink.flush();
            await committer!.commit(position);
          }
        });
        chain.catch(fail);
      },
      error: fail,
      complete() {
        chain
          .then(() => sink.flush())
          .then(() => sink.close())
          .then(resolve, fail);
      },
    });
    cancel = () => subscription.unsubscribe();
  });
  return { done, cancel };
}
