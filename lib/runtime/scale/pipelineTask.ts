import type { Consumer } from 'kafkajs';
import { KafkaSource, type KafkaSourceConfig, type KafkaSourceShape } from '../../connectors/kafka/kafkaSource.js';
import { kafkaSourceFactory } from '../../connectors/kafka/kafkaSourceFactory.js';
import type { SourceFactory } from '../../connectors/types.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { FerrisError } from '../../types/errors.js';
import { openJob, type JobOptions, type JobTask, type RunnableJob } from '../openJob.js';
import type { PartitionTask } from './partitionTasks.js';

/** What the pipeline tasks of one consumer share: the job, its source's shape and settings, and the consumer. */
export interface PipelineTaskContext {
  readonly job: JobSpec;
  readonly options: JobOptions;
  readonly shape: KafkaSourceShape;
  /** The source's settings; its group is the one the tasks' offsets are committed under. */
  readonly config: KafkaSourceConfig;
  readonly consumer: Consumer;
  /** Whether the tasks read a repartition topic. */
  readonly repartitioned: boolean;
  /** The task's id from its partition (`ticks-3`, `repartition-1`). */
  readonly taskId: (topic: string, partition: number) => string;
  readonly app: string;
  readonly metrics: JobTask['metrics'];
}

/** A task that is a whole pipeline of the job (its compiled operator graph and transactional sink) over one partition. */
export interface PipelineTask extends PartitionTask {
  readonly runnable: RunnableJob;
  readonly topic: string;
  readonly partition: number;
  /** The offset after the last batch the pipeline has taken in (-1 before the first). */
  reached(): number;
}

/**
 * Opens the pipeline task of one partition: the job opened as by `ferris run`, with its Kafka
 * source replaced by one reading only this partition of the shared consumer, and its
 * transactional sink named after the task (its own transactional id, which fences the
 * partition's previous owner, and its own checkpoint). Opening restores the task's
 * checkpoint and seeks the partition to it; the pipeline then runs until stopped.
 */
export async function openPipelineTask(ctx: PipelineTaskContext, topic: string, partition: number): Promise<PipelineTask> {
  let source: KafkaSource | undefined;
  const taskSource: SourceFactory = {
    ...kafkaSourceFactory,
    open: async (_properties, _declared, connector) => (source = KafkaSource.forTask(ctx.shape, ctx.config, ctx.consumer, { topic, partition, repartitioned: ctx.repartitioned }, connector)),
  };
  const runnable = await openJob(ctx.job, { ...ctx.options, sourceFactory: () => taskSource, task: { id: ctx.taskId(topic, partition), app: ctx.app, metrics: ctx.metrics } });
  const opened = source;
  if (opened === undefined) throw new FerrisError('INTERNAL', `job ${ctx.job.name}: the task of ${topic}-${partition} opened no source`);
  const done = runnable.run();
  return {
    runnable,
    topic,
    partition,
    reached: () => Math.max(-1, ...(opened.readPosition() as readonly { offset: number }[]).map((p) => p.offset)),
    done,
    take: (batch, isStale, resolveOffset) => opened.take(batch, isStale, resolveOffset),
    rejoined: () => opened.rejoined(),
    async stop(drain) {
      runnable.stop(drain);
      await done;
    },
  };
}
