import type { Batch, Consumer, Kafka } from 'kafkajs';
import { watchConsumerLiveness } from '../../connectors/kafka/consumerLiveness.js';
import type { KafkaSourceConfig, KafkaSourceShape } from '../../connectors/kafka/kafkaSource.js';
import type { Logger } from '../logger.js';
import type { JobSpec } from '../../plan/app/analyzeApp.js';
import { compileExpr, compilePredicate } from '../../plan/compileExpr.js';
import type { JobMetrics } from '../jobMetrics.js';
import type { JobOptions } from '../openJob.js';
import { PartitionTasks, type PartitionTaskOpener } from './partitionTasks.js';
import { openPipelineTask, type PipelineTask, type PipelineTaskContext } from './pipelineTask.js';
import { RepartitionWriter, type RepartitionStage } from './repartitionWriter.js';
import { repartitionTopic } from './scaleOutPlan.js';
import type { ScaledSetup } from './scaledSetup.js';

/** The pipelines of a first stage, which has none (it only copies records). */
export const NO_PIPELINES = (): PipelineTask[] => [];

/** One consumer of a scaled-out job and its tasks. */
export interface Stage {
  readonly consumer: Consumer;
  readonly tasks: PartitionTasks;
  readonly topics: readonly string[];
  /** How many partitions of them the consumer may process at once (each batch of one partition at a time). */
  readonly partitions: number;
  /** Whether a partition without a committed offset is read from its start (else from its end). */
  readonly fromBeginning: boolean;
  /** The pipeline tasks of the stage (none in a first stage, which only copies records). */
  pipelines(): PipelineTask[];
  /** The group the stage's consumer reads in. */
  readonly group: string;
}

function consumerOf(kafka: Kafka, config: KafkaSourceConfig, groupId: string): Consumer {
  return kafka.consumer({
    groupId,
    readUncommitted: config.isolationLevel === 'read_uncommitted',
    sessionTimeout: config.sessionTimeoutMs,
    heartbeatInterval: Math.max(100, Math.floor(config.sessionTimeoutMs / 10)),
    minBytes: config.fetch.minBytes,
    maxWaitTimeInMs: config.fetch.maxWaitMs,
    maxBytes: config.fetch.maxBytes,
    maxBytesPerPartition: config.fetch.maxBytesPerPartition,
    allowAutoTopicCreation: false,
  });
}

/** The consumers and tasks of a scaled-out job: one stage of pipeline tasks, or a repartition stage and a pipeline stage. */
export function scaledStages(job: JobSpec, options: JobOptions, setup: ScaledSetup, metrics: JobMetrics, fail: (error: unknown) => void): Stage[] {
  const { scale, config, shape, kafka, app } = setup;
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>): void => options.log(level, message, { job: job.name, ...fields });
  const pipelineStage = (group: string, topics: readonly string[], repartitioned: boolean, taskId: PipelineTaskContext['taskId']): Stage => {
    const consumer = consumerOf(kafka, config, group);
    const ctx: PipelineTaskContext = { job, options, shape, config: { ...config, groupId: group, topics }, consumer, repartitioned, taskId, app, metrics };
    const opener: PartitionTaskOpener = (topic, partition) => openPipelineTask(ctx, topic, partition);
    const tasks = new PartitionTasks(consumer, opener, log, fail);
    const partitions = repartitioned ? setup.repartitionPartitions : (shape.partitions ?? 1);
    return { consumer, tasks, topics, partitions, fromBeginning: repartitioned || config.autoOffsetReset === 'earliest', pipelines: () => tasks.running() as PipelineTask[], group };
  };
  if (scale.kind === 'tasks') return [pipelineStage(config.groupId, config.topics, false, (topic, partition) => `${topic}-${partition}`)];
  const topic = repartitionTopic(app, job.name);
  const consumer = consumerOf(kafka, config, config.groupId);
  const marker = scale.eventTime;
  const filters = marker?.filters.map(compilePredicate) ?? [];
  const stage: RepartitionStage = {
    kafka,
    consumer,
    group: config.groupId,
    topic,
    partitions: setup.repartitionPartitions,
    keyColumns: scale.keyColumns,
    decode: shape.decode,
    eventTime: marker && compileExpr(marker.expr),
    keeps: (row) => filters.every((keep) => {
      try {
        return keep(row);
      } catch {
        return false;
      }
    }),
    transactionalId: (source, partition) => `${app}-${job.name}-${source}-${partition}`,
    log,
    metrics,
  };
  const copies = new PartitionTasks(consumer, (source, partition) => RepartitionWriter.open(stage, source, partition), log, fail);
  const first: Stage = { consumer, tasks: copies, topics: config.topics, partitions: shape.partitions ?? 1, fromBeginning: config.autoOffsetReset === 'earliest', pipelines: NO_PIPELINES, group: config.groupId };
  return [first, pipelineStage(`${config.groupId}-repartition`, [topic], true, (_topic, partition) => `repartition-${partition}`)];
}

/**
 * Connects a stage's consumer, subscribes it and runs it, its batches routed to its tasks, its
 * fetch loop watched for `livenessTimeoutMs` (see `watchConsumerLiveness`: a stall fails the
 * job). Returns the function that ends the watch.
 */
export async function startStage(stage: Stage, shape: KafkaSourceShape, livenessTimeoutMs: number, log: Logger, fail: (error: unknown) => void): Promise<() => void> {
  const { consumer, tasks } = stage;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => tasks.assigned(payload.memberAssignment));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...stage.topics], fromBeginning: stage.fromBeginning });
  const unwatch = watchConsumerLiveness(consumer, { group: stage.group, timeoutMs: livenessTimeoutMs, log, onStall: fail });
  try {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: Math.max(1, stage.partitions),
      eachBatch: async ({ batch, isStale, resolveOffset }: { batch: Batch; isStale: () => boolean; resolveOffset: (offset: string) => void }) => {
        try {
          await shape.decode.prepare?.(batch.messages.map((m) => m.value));
          await tasks.take(batch, isStale, resolveOffset);
        } catch (error) {
          fail(error);
        }
      },
    });
  } catch (error) {
    // A consumer that never ran has nothing to watch.
    unwatch();
    throw error;
  }
  return unwatch;
}

/** How long a stopping job's second stage may take to read what its first stage wrote. */
const CATCH_UP_MS = 15_000;

/**
 * Waits until the pipeline tasks of a second stage have taken in every record of their
 * repartition partitions (the first stage has stopped writing here; its last transaction
 * ends with one commit marker, which the tasks do not see), or {@link CATCH_UP_MS} passed:
 * a stopped job then leaves nothing of its input only half processed.
 */
export async function caughtUp(stage: Stage, kafka: Kafka, log: (level: 'info', message: string, fields?: Record<string, unknown>) => void): Promise<void> {
  const deadline = Date.now() + CATCH_UP_MS;
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([stage.tasks.joined, new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_MS)))]);
  clearTimeout(timer);
  const [topic] = stage.topics;
  if (topic === undefined) return;
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, number>;
  try {
    ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)] as const));
  } finally {
    await admin.disconnect();
  }
  const behind = (): PipelineTask[] => stage.pipelines().filter((task) => task.reached() < (ends.get(task.partition) ?? 0) - 1);
  while (behind().length > 0 && Date.now() < deadline) await sleep(50);
  const left = behind();
  if (left.length > 0) log('info', 'stopping before the second stage read all the first stage wrote: the next run reads the rest', { partitions: left.map((t) => `${t.topic}-${t.partition} at ${t.reached()} of ${ends.get(t.partition) ?? 0}`).join(',') });
}
