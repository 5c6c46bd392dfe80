import type { Observable } from 'rxjs';
import { isTransactionalSink, SinkTransaction, type TransactionalSink } from '../connectors/transactionalSink.js';
import type { Sink } from '../connectors/types.js';
import type { Message } from '../types/message.js';
import type { FlowGate } from './flowGate.js';
import type { JobMetrics } from './jobMetrics.js';
import type { OffsetCommitter } from './offsetCommitter.js';

/** The steps of the sink stage around epochs, for a plain sink or a transactional one. */
interface EpochSteps {
  /** Before the first write. */
  start(): Promise<void>;
  /** Barrier `epoch` reached the sink: everything before it is durable (and, transactional, committed). */
  barrier(epoch: number): Promise<void>;
  /** The input ended: the last epoch is made durable. */
  finish(): Promise<void>;
  /** A failure: an open transaction is aborted. */
  abort(): Promise<void>;
}

/** A plain sink: a barrier flushes it (at-least-once: what was written before the barrier is durable). */
function plainSteps(sink: Sink): EpochSteps {
  return { start: async () => undefined, barrier: () => sink.flush(), finish: () => sink.flush(), abort: async () => undefined };
}

/**
 * A transactional sink: epoch 1 is open from the start; barrier n pre-commits and commits
 * epoch n and begins n + 1 (the checkpoint of epoch n is complete once its barrier has passed
 * every operator, so the single sink of a job commits at once); the end of input commits the
 * last epoch; a failure aborts it. Every step goes through the {@link SinkTransaction} machine.
 */
function transactionalSteps(sink: TransactionalSink, name: string): EpochSteps {
  const machine = new SinkTransaction(name);
  let epoch = 1;
  const begin = async (): Promise<void> => {
    machine.apply('begin', epoch);
    await sink.begin(epoch);
  };
  const commit = async (): Promise<void> => {
    machine.apply('preCommit', epoch);
    await sink.preCommit(epoch);
    machine.apply('commit', epoch);
    await sink.commit(epoch);
  };
  return {
    start: begin,
    async barrier(n) {
      epoch = n;
      await commit();
      epoch = n + 1;
      await begin();
    },
    finish: commit,
    async abort() {
      if (machine.state === 'ready' || machine.state === 'closed') return;
      machine.apply('abort', epoch);
      await sink.abort(epoch);
    },
  };
}

/**
 * Subscribes a job's graph and writes its data batches to the sink in order, one write at a
 * time; each batch holds a gate credit until the sink accepted it. The sink stage takes part
 * in epochs: a barrier, in order after the writes before it, flushes a plain sink or
 * pre-commits and commits a {@link TransactionalSink}'s transaction. Resolves once the graph
 * completed and the sink flushed and closed; rejects on the first error (an open transaction
 * is aborted, the sink still closed). `onEpochComplete` is told each epoch the sink stage
 * completed. With `committer` (at-least-once, `'mode' = 'simple'`), the source positions it
 * takes every commit interval are committed once the batches queued before them are written
 * and the sink flushed. Watermarks are not written: the latest is kept in `metrics.watermark`. Returns the subscription's teardown as `cancel`.
 */
export function writeToSink(
  graph: Observable<Message>,
  sink: Sink,
  gate: FlowGate,
  metrics: JobMetrics,
  sinkName = 'sink',
  onEpochComplete?: (epoch: number) => void,
  committer?: OffsetCommitter,
): { done: Promise<void>; cancel: () => void } {
  const steps = isTransactionalSink(sink) ? transactionalSteps(sink, sinkName) : plainSteps(sink);
  let chain: Promise<void> = steps.start();
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
      const closed = (): void => void sink.close().then(() => reject(error), () => reject(error));
      const aborted = (): Promise<void> => steps.abort().then(closed, closed);
      // What is in flight settles first (later steps see `failed` and do nothing), then the open transaction is aborted.
      chain.then(aborted, aborted);
    };
    chain.catch(fail);
    const subscription = graph.subscribe({
      next(message) {
        if (failed) return;
        if (message.kind === 'watermark') {
          metrics.watermark = message.ts;
          return;
        }
        if (message.kind === 'barrier') {
          const epoch = message.epoch;
          chain = chain.then(async () => {
            if (failed) return;
            await steps.barrier(epoch);
            onEpochComplete?.(epoch);
          });
          chain.catch(fail);
          return;
        }
        const rows = message.rows;
        gate.take();
        chain = chain.then(async () => {
          if (failed) return;
          const started = performance.now();
          await sink.write(rows);
          metrics.sinkWriteSeconds += (performance.now() - started) / 1000;
          metrics.batchesOut++;
          metrics.rowsOut += rows.length;
          gate.give();
        });
        chain.catch(fail);
      },
      error: fail,
      complete() {
        stopCommits?.();
        chain
          .then(() => steps.finish())
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
