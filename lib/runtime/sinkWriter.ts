import type { Observable } from 'rxjs';
import { isTransactionalSink, SinkTransaction, type TransactionalSink } from '../connectors/transactionalSink.js';
import type { Sink } from '../connectors/types.js';
import type { Message } from '../types/message.js';
import type { FlowGate } from './flowGate.js';
import type { JobMetrics } from './jobMetrics.js';
import type { OffsetCommitter } from './offsetCommitter.js';

/** Where the sink stage also sends every message of the graph, in order (the jobs reading this job's output in process). */
export interface MessageOutput {
  /** Resolves once the message is accepted (its readers have room). */
  send(message: Message): Promise<void>;
}

/**
 * How the sink stage stores checkpoints (a checkpointing job's `CheckpointCoordinator`):
 * between making an epoch's output durable and committing it.
 */
export interface SinkCheckpoints {
  /** The first epoch the sink writes (1, or the epoch after the checkpoint resumed from). */
  readonly firstEpoch: number;
  /** Barrier `epoch` reached the sink and its output is durable: stores checkpoint `epoch`. */
  store(epoch: number): Promise<void>;
  /** The input ended and `epoch`, the last epoch, is durable: stores the final checkpoint. */
  storeFinal(epoch: number): Promise<void>;
}

/** A job without checkpoints: epochs start at 1 and nothing is stored. */
const NO_CHECKPOINTS: SinkCheckpoints = { firstEpoch: 1, store: async () => undefined, storeFinal: async () => undefined };

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

/**
 * A plain sink: a barrier flushes it, then the checkpoint is stored (at-least-once: what was
 * written before the barrier is durable, and is written again after a restart from an older checkpoint).
 */
function plainSteps(sink: Sink, checkpoints: SinkCheckpoints): EpochSteps {
  let last = checkpoints.firstEpoch;
  return {
    start: async () => undefined,
    async barrier(epoch) {
      await sink.flush();
      await checkpoints.store(epoch);
      last = epoch + 1;
    },
    async finish() {
      await sink.flush();
      await checkpoints.storeFinal(last);
    },
    abort: async () => undefined,
  };
}

/**
 * A transactional sink (two-phase commit): the first epoch is open from the start; barrier n
 * pre-commits epoch n, stores checkpoint n, commits epoch n and begins n + 1 (the checkpoint
 * of epoch n is complete once its barrier has passed every operator, so the single sink of a
 * job commits at once); the end of input pre-commits the last epoch, stores the final
 * checkpoint and commits; a failure aborts the open epoch. Every step goes through the
 * {@link SinkTransaction} machine.
 */
function transactionalSteps(sink: TransactionalSink, name: string, checkpoints: SinkCheckpoints): EpochSteps {
  const machine = new SinkTransaction(name);
  let epoch = checkpoints.firstEpoch;
  const begin = async (): Promise<void> => {
    machine.apply('begin', epoch);
    await sink.begin(epoch);
  };
  const commit = async (store: (epoch: number) => Promise<void>): Promise<void> => {
    machine.apply('preCommit', epoch);
    await sink.preCommit(epoch);
    await store(epoch);
    machine.apply('commit', epoch);
    await sink.commit(epoch);
  };
  return {
    start: begin,
    async barrier(n) {
      epoch = n;
      await commit((e) => checkpoints.store(e));
      epoch = n + 1;
      await begin();
    },
    finish: () => commit((e) => checkpoints.storeFinal(e)),
    async abort() {
      if (machine.state === 'ready' || machine.state === 'closed') return;
      machine.apply('abort', epoch);
      await sink.abort(epoch);
    },
  };
}

/** What the sink stage is given besides its graph and sink. */
export interface SinkStageOptions {
  /** The sink's name, for errors. */
  readonly sinkName?: string;
  /** Told each epoch the sink stage completed. */
  readonly onEpochComplete?: (epoch: number) => void;
  /** At-least-once commits of source positions (`'mode' = 'simple'`). */
  readonly committer?: OffsetCommitter;
  /** Checkpoints stored between an epoch's durability and its commit (a checkpointing job). */
  readonly checkpoints?: SinkCheckpoints;
  /** Where every message also goes, in order (the jobs reading this job's output in process). */
  readonly output?: MessageOutput;
}

/**
 * Subscribes a job's graph and writes its data batches to the sink in order, one write at a
 * time; each batch holds a gate credit until the sink accepted it. The sink stage takes part
 * in epochs: a barrier, in order after the writes before it, flushes a plain sink or
 * pre-commits and commits a {@link TransactionalSink}'s transaction, storing the checkpoint
 * of the epoch in between (`checkpoints`). Resolves once the graph completed and the sink
 * flushed and closed; rejects on the first error (an open transaction is aborted, the sink
 * still closed). `onEpochComplete` is told each epoch the sink stage completed. With
 * `committer` (at-least-once, `'mode' = 'simple'`), the source positions it takes every
 * commit interval are committed once the batches queued before them are written and the sink
 * acknowledged them: beside the later writes when the sink tells that
 * ({@link Sink.acknowledged}; a commit between two writes held them back for a flush and an
 * offset commit, about 40 ms and up to 150 ms once a second behind a Kafka sink), else by a
 * flush between two writes. Commits go one at a time, in order, and the stage completes
 * after the last. With `output`, every message also goes there in order, after the sink stage
 * handled it (a barrier once its epoch is complete); a batch holds its gate credit until both
 * the sink and `output` accepted it. Watermarks are not written: the latest is kept in
 * `metrics.watermark`. Returns the subscription's teardown as `cancel`.
 */
export function writeToSink(
  graph: Observable<Message>,
  sink: Sink,
  gate: FlowGate,
  metrics: JobMetrics,
  options: SinkStageOptions = {},
): { done: Promise<void>; cancel: () => void } {
  const { sinkName = 'sink', onEpochComplete, committer, checkpoints = NO_CHECKPOINTS, output } = options;
  const steps = isTransactionalSink(sink) ? transactionalSteps(sink, sinkName, checkpoints) : plainSteps(sink, checkpoints);
  let chain: Promise<void> = steps.start();
  const acknowledged = sink.acknowledged?.bind(sink);
  /** The interval commits beside the writes, one after another. */
  let commits: Promise<void> = Promise.resolve();
  let failed = false;
  let cancel: () => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    const stopCommits = committer?.everyInterval((position) => {
      if (acknowledged === undefined) {
        chain = chain.then(async () => {
          if (failed) return;
          await sink.flush();
          await committer.commit(position);
        });
        chain.catch(fail);
        return;
      }
      const written = chain;
      commits = commits.then(async () => {
        await written;
        if (failed) return;
        await acknowledged();
        if (!failed) await committer.commit(position);
      });
      commits.catch(fail);
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
          if (output === undefined) return;
          chain = chain.then(async () => {
            if (!failed) await output.send(message);
          });
          chain.catch(fail);
          return;
        }
        if (message.kind === 'barrier') {
          const epoch = message.epoch;
          chain = chain.then(async () => {
            if (failed) return;
            await steps.barrier(epoch);
            onEpochComplete?.(epoch);
            await output?.send(message);
          });
          chain.catch(fail);
          return;
        }
        const rows = message.rows;
        gate.take();
        chain = chain.then(async () => {
          if (failed) return;
          const started = performance.now();
          await (output === undefined ? sink.write(rows) : Promise.all([sink.write(rows), output.send(message)]));
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
          .then(() => commits)
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
