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
 * closed). Returns the subscription's teardown as `cancel`. With `committer`, the source
 * positions it takes every commit interval are committed once the batches queued before them
 * are written and the sink flushed (at-least-once).
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
    const stopCommits = committer?.everyInterval((position) => {
      chain = chain.then(async () => {
        if (failed) return;
        await sink.flush();
        await committer.commit(position);
      });
      chain.catch(fail);
    });
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      stopCommits?.();
      gate.openAll();
      sink.close().then(() => reject(error), () => reject(error));
    };
    const subscription = graph.subscribe({
      next(message) {
        if (message.kind !== 'data' || failed) return;
        const rows = message.rows;
        gate.take();
        chain = chain.then(async () => {
          if (failed) return;
          await sink.write(rows);
          metrics.rowsOut += rows.length;
          gate.give();
        });
        chain.catch(fail);
      },
      error: fail,
      complete() {
        stopCommits?.();
        chain
          .then(() => sink.flush())
          .then(() => sink.close())
          .then(resolve, fail);
      },
    });
    cancel = () => {
      stopCommits?.();
      subscription.unsubscribe();
    };
  });
  return { done, cancel };
}
